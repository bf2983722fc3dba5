// The committed API reports (etc/*.api.md) must match the public API: npm test runs the check after the build.
// Here the check itself is shown to fail, with the diff, when a report no longer matches.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { compareApiReports } from '../scripts/api-report.js';
import { root } from '../scripts/lib/spec.js';

// The reports made from the public API are compared with the committed ones by npm test's checks on every run; here
// the comparison is shown to fail, with the diff, against committed reports that no longer match.
const dir = mkdtempSync(join(tmpdir(), 'tfkey-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const check = () => compareApiReports(join(root, 'etc'), dir);

it('every public entry point has a committed report', () => {
  for (const f of ['tfkey.api.md', 'tfkey-jobs.api.md', 'tfkey-testing.api.md']) expect(readFileSync(join(root, 'etc', f), 'utf8')).toContain('API Report File for "tfkey"');
  expect(readFileSync(join(root, 'etc/tfkey.api.md'), 'utf8')).toContain('export function createKeysClient(options: KeysClientOptions): KeysClient;');
});

it('a public type that changed without its report fails the check and prints the diff', () => {
  cpSync(join(root, 'etc'), dir, { recursive: true });
  expect(check()).toEqual({ ok: true, output: '3 API reports match the public API' });
  const report = join(dir, 'tfkey.api.md');
  writeFileSync(report, readFileSync(report, 'utf8').replace("export type TrustFrameworkKeyStatusUpdate = 'enabled' | 'disabled';", "export type TrustFrameworkKeyStatusUpdate = 'enabled' | 'disabled' | 'revoked';"));
  const r = check();
  expect(r.ok).toBe(false);
  expect(r.output).toContain("-export type TrustFrameworkKeyStatusUpdate = 'enabled' | 'disabled' | 'revoked';");
  expect(r.output).toContain("+export type TrustFrameworkKeyStatusUpdate = 'enabled' | 'disabled';");
  expect(r.output).toContain('run npm run api:report and commit etc/');
});
