// The tests that judge the test kit's mutants: its own tests, in-process and over loopback HTTP; the client's
// throttling tests and the key jobs' tests, which run against the fake; and tfkey mock's, which serves it.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/testing/**/*.test.ts', 'test/throttle-gate.test.ts', 'test/jobs/**/*.test.ts', 'test/cli-mock.test.ts'],
    testTimeout: 15_000,
    pool: 'threads',
    isolate: true,
  },
});
