import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './scripts/lib/slow-first-sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'contract-tests/**/*.test.ts', 'scripts/**/*.test.ts'],
    // JUNIT=<file> adds a JUnit report beside the usual output (npm test then still ends with its closing line).
    reporters: ['default', ...(process.env.JUNIT ? ['junit'] : []), './scripts/lib/summary-reporter.ts'],
    ...(process.env.JUNIT ? { outputFile: { junit: process.env.JUNIT } } : {}),
    typecheck: { include: ['test/**/*.test-d.ts', 'contract-tests/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    globalSetup: ['./contract-tests/global-setup.ts'],
    testTimeout: 15_000,
    // Most files wait on child processes and servers; threads that keep their module cache between files cut the
    // run by a fifth on 2 cores. Files do not share mutable state (servers and temp dirs are per file).
    pool: 'threads',
    isolate: false,
    // Vitest's default is one worker fewer than the cores: one, on a 2-core machine, so the files ran one after
    // another. Most of them wait on servers and children; three keep both cores busy.
    maxWorkers: 3,
    sequence: { sequencer: SlowFirstSequencer },
  },
});
