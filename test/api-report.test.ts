// The committed API reports (etc/*.api.md) must match the public API: npm test runs the check after the build.
// Here the check itself is shown to fail, with the diff, when a report no longer matches.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { root } from '../scripts/lib/spec.js';
import { ensureBuilt } from './helpers/dist.js';

const dir = mkdtempSync(join(tmpdir(), 'tfkey-api-'));
beforeAll(() => ensureBuilt());
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const check = () => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/api-report.ts', '--check', '--against', dir], { cwd: root, encoding: 'utf8' });

it('every public entry point has a committed report', () => {
  for (const f of ['tfkey.api.md', 'tfkey-jobs.api.md', 'tfkey-testing.api.md']) expect(readFileSync(join(root, 'etc', f), 'utf8')).toContain('API Report File for "tfkey"');
  expect(readFileSync(join(root, 'etc/tfkey.api.md'), 'utf8')).toContain('export function createKeysClient(options: KeysClientOptions): KeysClient;');
});

it('a public type that changed without its report fails the check and prints the diff', () => {
  cpSync(join(root, 'etc'), dir, { recursive: true });
  const report = join(dir, 'tfkey.api.md');
  writeFileSync(report, readFileSync(report, 'utf8').replace("export type TrustFrameworkKeyStatusUpdate = 'enabled' | 'disabled';", "export type TrustFrameworkKeyStatusUpdate = 'enabled' | 'disabled' | 'revoked';"));
  const r = check();
  expect(r.status).toBe(1);
  expect(r.stdout).toContain("-export type TrustFrameworkKeyStatusUpdate = 'enabled' | 'disabled' | 'revoked';");
  expect(r.stdout).toContain("+export type TrustFrameworkKeyStatusUpdate = 'enabled' | 'disabled';");
  expect(r.stdout).toContain('run npm run api:report and commit etc/');
}, 30_000);
