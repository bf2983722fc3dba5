// The tests that judge the CLI's mutants. The CLI mostly runs as a child process: the tests build dist/ once from the
// sandbox's instrumented sources, pass the active mutant down to each child, and in Stryker's coverage run collect
// the mutants each child reached for the test that started it (test/helpers/dist.ts, child-coverage.setup.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/cli.test.ts', 'test/cli-hardening.test.ts', 'test/cli-mock.test.ts', 'test/cli-jobs.test.ts', 'test/azure-identity.test.ts', 'test/cli-output.test.ts'],
    setupFiles: ['test/helpers/child-coverage.setup.ts'],
    testTimeout: 30_000,
    pool: 'threads',
    isolate: true,
  },
});
