// Mutation testing of the CLI (src/cli/). Coverage analysis is off: the CLI runs only in child processes, whose
// coverage Stryker cannot see, so every mutant runs the CLI tests.
import library from './library.stryker.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...library,
  vitest: { configFile: 'scripts/mutation/vitest.cli.ts' },
  mutate: ['src/cli/**/*.ts'],
  coverageAnalysis: 'off',
  timeoutMS: 30_000,
  jsonReporter: { fileName: 'reports/mutation/cli.json' },
};
