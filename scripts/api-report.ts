// `npm run api:report` writes etc/<entry>.api.md for every entry point from the built declarations; `--check`
// (run by npm test after the build) compares them with the committed ones instead, prints the diff and fails when
// they differ: commit a public API change with its report, as generated/ with its spec.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_ENTRIES, writeApiReports } from './lib/api-report.js';
import { root } from './lib/spec.js';

/** Reports made from the public API (`fresh`) against the committed ones (`against`): ok, or the diffs. */
export function compareApiReports(fresh: string, against: string): { ok: boolean; output: string } {
  const diffs: string[] = [];
  for (const e of API_ENTRIES) {
    const d = spawnSync('git', ['diff', '--no-index', '--no-color', '--', join(against, e.report), join(fresh, e.report)], { cwd: root, encoding: 'utf8' });
    if (d.status !== 0) diffs.push(d.stdout || `etc/${e.report} is missing\n`);
  }
  if (!diffs.length) return { ok: true, output: `${API_ENTRIES.length} API reports match the public API` };
  return { ok: false, output: `${diffs.join('')}\n${diffs.length} API report(s) differ from the public API: run npm run api:report and commit etc/ with the change.` };
}

/** The reports of the built declarations against the committed ones in `against` (default etc/). */
export function checkApiReports(against = join(root, 'etc')): { ok: boolean; output: string } {
  const fresh = mkdtempSync(join(tmpdir(), 'tfkey-api-check-'));
  try {
    writeApiReports(fresh);
    return compareApiReports(fresh, against);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // --against <dir>: the committed reports to compare with (default etc/); the test of this check uses it.
  const against = process.argv.includes('--against') ? process.argv[process.argv.indexOf('--against') + 1]! : join(root, 'etc');
  if (!existsSync(join(root, 'dist/types/src/index.d.ts'))) execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/build.ts')], { stdio: 'inherit' });
  if (!process.argv.includes('--check')) {
    writeApiReports(join(root, 'etc'));
    console.log(`wrote ${API_ENTRIES.map((e) => `etc/${e.report}`).join(', ')}`);
  } else {
    const r = checkApiReports(against);
    console.log(r.output);
    process.exit(r.ok ? 0 : 1);
  }
}
