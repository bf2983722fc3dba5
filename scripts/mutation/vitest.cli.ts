// The tests that judge the CLI's mutants. The CLI only runs as a child process: the tests build dist/ once from the
// sandbox's instrumented sources and pass the active mutant down to each child (test/helpers/dist.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Only tests that reach the CLI through a process: an in-process import would report coverage, and Stryker
    // would then take every mutant it did not see as uncovered.
    include: ['test/cli.test.ts', 'test/cli-hardening.test.ts', 'test/cli-mock.test.ts', 'test/cli-jobs.test.ts'],
    testTimeout: 30_000,
    pool: 'threads',
    isolate: true,
  },
});
