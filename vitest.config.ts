import { setFlagsFromString } from 'node:v8';
import { defineConfig } from 'vitest/config';
import { nativeTsc } from './scripts/lib/native-tsc.js';
import SlowFirstSequencer from './scripts/lib/slow-first-sequencer.js';

// V8 optimises a function once it has run about 66 KB of bytecode; a test run's heavy tools (TypeScript, the generators,
// Spectral, Ajv's code generator) pass that in seconds, and their optimising compiles took 23 s of CPU on V8's
// background threads, a quarter of the run, mostly for code that then ran a few times more. Fifteen times the budget
// optimises only what stays hot: on a fresh clone, 75 and 81 s of CPU against 87 and 91 s, and 56 and 58 s wall against
// 60 and 62 s (alternated runs). Set here, in vitest's own process, before it starts the worker threads that share its
// V8; processes the tests start run with V8's defaults.
setFlagsFromString('--interrupt-budget=1000000');

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'contract-tests/**/*.test.ts', 'scripts/**/*.test.ts'],
    // JUNIT=<file> adds a JUnit report beside the usual output (npm test then still ends with its closing line).
    reporters: ['default', ...(process.env.JUNIT ? ['junit'] : []), './scripts/lib/summary-reporter.ts'],
    ...(process.env.JUNIT ? { outputFile: { junit: process.env.JUNIT } } : {}),
    // The type tests, and with them the whole project's type check (vitest checks every file tsconfig.json includes),
    // by TypeScript 7, the native compiler: about 2 s of CPU where TypeScript 5.9 took 16 (its JavaScript compiler
    // JIT-compiles itself on a second thread). TypeScript 5.9 stays for what needs its API: API Extractor and the
    // package test's consumer checks.
    typecheck: { include: ['test/**/*.test-d.ts', 'contract-tests/**/*.test-d.ts'], tsconfig: './tsconfig.typecheck.json', checker: nativeTsc },
    globalSetup: ['./test/helpers/run-folder.setup.ts', './contract-tests/global-setup.ts', './test/helpers/browser-broker.ts'],
    testTimeout: 15_000,
    // A file's beforeAll may build dist/ (or wait on the build lock while another file does): seconds on a loaded
    // machine, beyond the default 10 s.
    hookTimeout: 60_000,
    // Most files wait on child processes and servers; threads that keep their module cache between files cut the
    // run by a fifth on 2 cores. Files do not share mutable state (servers and temp dirs are per file).
    pool: 'threads',
    isolate: false,
    // Vitest's default is one worker fewer than the cores: one, on a 2-core machine, so the files ran one after
    // another. Two: the run is bound by CPU (the checks and the package test's children keep both cores busy), and
    // a third worker only loaded the heavy tools (Spectral, the generators, TypeScript) once more: on a fresh clone,
    // alternated runs took 70.7 and 74.3 s with two workers against 75.3 and 73.7 s with three, for 10 % less CPU.
    maxWorkers: 2,
    sequence: { sequencer: SlowFirstSequencer },
  },
});
