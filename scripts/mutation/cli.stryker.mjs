// Mutation testing of the CLI (src/cli/). Coverage analysis is off: the CLI runs only in child processes, whose
// coverage Stryker cannot see, so every mutant runs the CLI tests.
import library from './library.stryker.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...library,
  // The CLI tests reach src/cli/ through a child process, which vitest's import graph cannot see: run them all.
  vitest: { configFile: 'scripts/mutation/vitest.cli.ts', related: false },
  mutate: ['src/cli/**/*.ts'],
  coverageAnalysis: 'off',
  timeoutMS: 30_000,
  jsonReporter: { fileName: 'reports/mutation/cli.json' },
};
