// Mutation testing of the consumer test kit (src/testing/): a weak fake lets consumers' broken code pass, so it is
// held to the library's bar. The library's settings, with the kit's files and tests.
import library from './library.stryker.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...library,
  vitest: { configFile: 'scripts/mutation/vitest.testing.ts' },
  mutate: ['src/testing/**/*.ts'],
  jsonReporter: { fileName: 'reports/mutation/testing.json' },
};
