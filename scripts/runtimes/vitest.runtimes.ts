// The tests that judge what users run, for `npm run test:runtimes` under each supported Node line: the library, the
// CLI (in-process and its process tests), the test kit and the package (packed, installed, imported, type-checked,
// run). Left out: the contract suite and the spec tooling (Prism, Spectral, the generators, the review and the
// checks are development tools, run on the machine's Node by npm test).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [
      'test/checks.test.ts',
      'test/review.test.ts',
      'test/spec-*.test.ts',
      'test/drift-check.test.ts',
      'test/api-report.test.ts',
      'test/docs.test.ts',
      'test/gates.test.ts',
      'test/import-direction.test.ts',
      'test/size-budget.test.ts',
    ],
    reporters: ['dot', './scripts/lib/summary-reporter.ts'],
    globalSetup: ['./test/helpers/run-folder.setup.ts'],
    testTimeout: 15_000,
    // A file's beforeAll may build dist/ (or wait on the build lock while another file does): seconds on a loaded
    // machine, beyond the default 10 s.
    hookTimeout: 60_000,
    pool: 'threads',
    isolate: false,
    maxWorkers: 3,
  },
});
