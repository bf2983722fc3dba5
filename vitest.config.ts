import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { defineConfig } from 'vitest/config';
import { HOT_CODE_ONLY } from './scripts/lib/v8-tuning.js';
import SlowFirstSequencer from './scripts/lib/slow-first-sequencer.js';

// Set here, in vitest's own process, before it starts the worker threads that share its V8 (scripts/lib/v8-tuning.ts).
// The processes the tests start run with V8's defaults, but for Prism (the run's mock, the live check's proxy).
setFlagsFromString(HOT_CODE_ONLY);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'contract-tests/**/*.test.ts', 'scripts/**/*.test.ts'],
    // JUNIT=<file> adds a JUnit report beside the usual output (npm test then still ends with its closing line).
    reporters: ['default', ...(process.env.JUNIT ? ['junit'] : []), './scripts/lib/summary-reporter.ts'],
    ...(process.env.JUNIT ? { outputFile: { junit: process.env.JUNIT } } : {}),
    // The type tests, and with them the whole project's type check (vitest checks every file tsconfig.json includes),
    // by TypeScript 7, the native compiler: about 2 s of CPU where TypeScript 5.9 took 16 (its JavaScript compiler
    // JIT-compiles itself on a second thread). TypeScript 5.9 stays for what needs its API: API Extractor and the
    // package test's consumer checks. The check starts with the run, in the CPU the tests leave, and vitest's
    // checker, which it starts after the last file, replays its result (test/helpers/early-typecheck.setup.ts).
    typecheck: { include: ['test/**/*.test-d.ts', 'contract-tests/**/*.test-d.ts'], tsconfig: './tsconfig.typecheck.json', checker: fileURLToPath(new URL('./test/helpers/typecheck-checker.mjs', import.meta.url)) },
    globalSetup: ['./test/helpers/run-folder.setup.ts', './test/helpers/early-typecheck.setup.ts', './contract-tests/global-setup.ts', './test/helpers/browser-broker.ts'],
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
    // generated/'s JavaScript (the standalone validators; contract.js is 555 KB) is plain ES modules, loaded by node
    // itself. Through vitest's module runner (import analysis, its rewrite of imports and exports, evaluation in a vm
    // script) importing contract.js took 0.7 s in each worker thread that imported the test kit, natively 27 ms.
    server: { deps: { external: [/\/generated\/[^/]+\.js$/] } },
  },
});
