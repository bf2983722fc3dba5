// Mutation testing of the CLI (src/cli/). Coverage is per test: the CLI runs mostly in child processes, which report
// the mutants they reached to the test that started them (test/helpers/dist.ts), so each mutant runs only the tests
// that reach it.
import library from './library.stryker.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...library,
  // The CLI tests reach src/cli/ through a child process, which vitest's import graph cannot see.
  vitest: { configFile: 'scripts/mutation/vitest.cli.ts', related: false },
  mutate: ['src/cli/**/*.ts'],
  timeoutMS: 30_000,
  jsonReporter: { fileName: 'reports/mutation/cli.json' },
};
