// The tests that judge the test kit's mutants: its own tests, in-process and over loopback HTTP, and the client's
// throttling tests that run against the fake's buckets.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/testing/**/*.test.ts', 'test/throttle-gate.test.ts', 'test/jobs/find.test.ts'],
    testTimeout: 15_000,
    pool: 'threads',
    isolate: true,
  },
});
