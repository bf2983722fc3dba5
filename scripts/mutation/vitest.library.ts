// The tests that judge the library's mutants: the unit tests against real loopback servers. The contract suite
// (one Prism per run) and the CLI's child processes are left out here; the CLI has a run of its own.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/abort.test.ts',
      'test/bounded-waits.test.ts',
      'test/client-options.test.ts',
      'test/dollar-in-ids.test.ts',
      'test/errors.test.ts',
      'test/failure-points.test.ts',
      'test/global-fetch-interceptors.test.ts',
      'test/input-validation.test.ts',
      'test/jobs/apply-edges.test.ts',
      'test/jobs/find.test.ts',
      'test/jobs/plan-check.test.ts',
      'test/jobs/timeline.test.ts',
      'test/jobs/guard.test.ts',
      'test/jobs/plan-apply.test.ts',
      'test/non-json-errors.test.ts',
      'test/outcome.test.ts',
      'test/paging.test.ts',
      'test/path-encoding.test.ts',
      'test/proxy.test.ts',
      'test/refusals-and-edges.test.ts',
      'test/retries.test.ts',
      'test/retry-policy.test.ts',
      'test/status-matrix.test.ts',
      'test/throttle-gate.test.ts',
      'test/shared-signal.test.ts',
      'test/timeout-abort.test.ts',
      'test/token-safety.test.ts',
    ],
    testTimeout: 15_000,
    pool: 'threads',
    // A third of the mutants sit in code that runs at import: each file gets fresh modules.
    isolate: true,
  },
});
