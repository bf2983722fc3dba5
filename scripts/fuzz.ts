// `npm run fuzz -- --runs 10000 [--seed N]`: the differential property test, deep. Starts its own Prism (through
// the suite's globalSetup) and prints the seed, so any disagreement can be replayed exactly.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { root } from './lib/spec.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10000' }, seed: { type: 'string' } } });
if (!/^\d+$/.test(values.runs!) || Number(values.runs) < 1) {
  console.error(`--runs must be a positive integer (got "${values.runs}")`);
  process.exit(2);
}
if (values.seed !== undefined && !/^-?\d+$/.test(values.seed)) {
  console.error(`--seed must be an integer (got "${values.seed}")`);
  process.exit(2);
}
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
// A fresh seed unless one is given: this is the exploring run (npm test keeps a fixed one). The test prints it.
const seed = values.seed ?? String((Date.now() ^ (Math.random() * 0x7fffffff)) | 0);
const env = { ...process.env, TFK_FUZZ_RUNS: values.runs, TFK_FUZZ_SEED: seed };
const started = performance.now();
const run = spawnSync(process.execPath, [vitest, 'run', 'contract-tests/differential.test.ts'], { cwd: root, env, stdio: 'inherit' });
console.log(`fuzz: ${values.runs} cases in ${((performance.now() - started) / 1000).toFixed(1)} s (including Prism start-up)`);
process.exit(run.status ?? 1);
