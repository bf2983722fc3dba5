// The tests that judge the CLI's mutants. Most call run(argv, io) in-process, where Stryker sees coverage and
// switches mutants itself. The few that spawn the bin build dist/ once from the sandbox's instrumented sources, pass
// the active mutant down to each child, and in Stryker's coverage run collect the mutants each child reached for the
// test that started it (test/helpers/dist.ts, test/helpers/child-coverage.setup.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/cli.test.ts', 'test/cli-hardening.test.ts', 'test/cli-mock.test.ts', 'test/cli-jobs.test.ts', 'test/azure-identity.test.ts', 'test/cli-output.test.ts', 'test/cli-set-status-guard.test.ts', 'test/cli-check.test.ts', 'test/cli-http.test.ts', 'test/cli-closed-pipe.test.ts', 'test/cli-fetch-classes.test.ts', 'test/cli-start-up.test.ts', 'test/cli-check-html.test.ts'],
    setupFiles: ['test/helpers/child-coverage.setup.ts'],
    globalSetup: ['test/helpers/run-folder.setup.ts'],
    testTimeout: 30_000,
    pool: 'threads',
    isolate: true,
  },
});
