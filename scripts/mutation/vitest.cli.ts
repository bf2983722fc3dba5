// The tests that judge the CLI's mutants. The CLI only runs as a child process: TFKEY_CLI_FROM_SOURCE makes the
// tests start the (mutated) sources through tsx and pass the active mutant down (test/helpers/dist.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/cli.test.ts', 'test/cli-hardening.test.ts', 'test/cli-mock.test.ts', 'test/azure-identity.test.ts'],
    env: { TFKEY_CLI_FROM_SOURCE: '1' },
    testTimeout: 30_000,
    pool: 'threads',
    isolate: true,
  },
});
