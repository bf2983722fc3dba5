// `npm run api:report` writes etc/<entry>.api.md for every entry point from the built declarations; `--check`
// (run by npm test after the build) compares them with the committed ones instead, prints the diff and fails when
// they differ: commit a public API change with its report, as generated/ with its spec.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_ENTRIES, writeApiReports } from './lib/api-report.js';
import { root } from './lib/spec.js';

const check = process.argv.includes('--check');
// --against <dir>: the committed reports to compare with (default etc/); the test of this check uses it.
const against = process.argv.includes('--against') ? process.argv[process.argv.indexOf('--against') + 1]! : 'etc';
if (!existsSync(join(root, 'dist/types/src/index.d.ts'))) execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/build.ts')], { stdio: 'inherit' });
if (!check) {
  writeApiReports(join(root, 'etc'));
  console.log(`wrote ${API_ENTRIES.map((e) => `etc/${e.report}`).join(', ')}`);
} else {
  const fresh = mkdtempSync(join(tmpdir(), 'tfkey-api-check-'));
  try {
    writeApiReports(fresh);
    let stale = 0;
    for (const e of API_ENTRIES) {
      const d = spawnSync('git', ['diff', '--no-index', '--no-color', '--', join(against, e.report), join(fresh, e.report)], { cwd: root, encoding: 'utf8' });
      if (d.status !== 0) {
        stale++;
        process.stdout.write(d.stdout || `etc/${e.report} is missing\n`);
      }
    }
    if (stale) {
      console.log(`\n${stale} API report(s) differ from the public API: run npm run api:report and commit etc/ with the change.`);
      process.exit(1);
    }
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}
