// Mutation testing of the library (src/client/ and the key jobs, src/jobs/): `npm run mutation` runs it with the CLI's.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'scripts/mutation/vitest.library.ts' },
  mutate: ['src/client/**/*.ts', 'src/jobs/**/*.ts', '!src/client/fetch-types.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 10_000,
  reporters: ['progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/library.json' },
  ignorePatterns: ['dist', 'docs-out', '.bench', 'reports', '.stryker-tmp'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
