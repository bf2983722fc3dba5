import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'contract-tests/**/*.test.ts', 'scripts/**/*.test.ts'],
    reporters: ['default', './scripts/lib/summary-reporter.ts'],
    typecheck: { include: ['test/**/*.test-d.ts', 'contract-tests/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    globalSetup: ['./contract-tests/global-setup.ts'],
    testTimeout: 15_000,
    // Most files wait on child processes and servers; threads that keep their module cache between files cut the
    // run by a fifth on 2 cores. Files do not share mutable state (servers and temp dirs are per file).
    pool: 'threads',
    isolate: false,
  },
});
