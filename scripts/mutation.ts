// `npm run mutation [-- --only library|cli|testing]`: Stryker over the library (src/client/, src/jobs/), the CLI
// (src/cli/) and the test kit (src/testing/), then the scores per file against the targets: library ≥ 90 % overall
// and ≥ 85 % in every file, CLI ≥ 80 %, test kit ≥ 85 % overall and per file. Not part of npm test: each run takes about twenty minutes on 2 cores. Exits 1 below a target.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { scores, survivors } from './lib/mutation-score.js';
import { root } from './lib/spec.js';

const { values } = parseArgs({ options: { only: { type: 'string' }, 'report-only': { type: 'boolean' } } });
const RUNS = [
  { name: 'library', config: 'scripts/mutation/library.stryker.mjs', report: 'reports/mutation/library.json', overall: 90, perFile: 85 },
  { name: 'cli', config: 'scripts/mutation/cli.stryker.mjs', report: 'reports/mutation/cli.json', overall: 80, perFile: 0 },
  { name: 'testing', config: 'scripts/mutation/testing.stryker.mjs', report: 'reports/mutation/testing.json', overall: 85, perFile: 85 },
].filter((r) => !values.only || r.name === values.only);

let ok = true;
for (const run of RUNS) {
  if (!values['report-only']) {
    const r = spawnSync(process.execPath, [join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', run.config], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      ok = false;
      continue;
    }
  }
  const { files, overall } = scores(join(root, run.report));
  console.log(`\n${run.name}: ${overall.score.toFixed(1)} % (${overall.killed} of ${overall.total} mutants detected; target ≥ ${run.overall} %${run.perFile ? `, ≥ ${run.perFile} % per file` : ''})`);
  for (const f of files) {
    const low = run.perFile && f.score < run.perFile;
    console.log(`  ${f.score.toFixed(1).padStart(5)} %  ${String(f.survived).padStart(3)} survived  ${f.file}${low ? '  ← below target' : ''}`);
    if (low) ok = false;
  }
  if (overall.score < run.overall) ok = false;
  const left = survivors(join(root, run.report));
  if (left.length) console.log(`  survivors:\n${left.map((s) => `    ${s}`).join('\n')}`);
}
process.exit(ok ? 0 : 1);
