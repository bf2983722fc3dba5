// Gates that must not switch off with how the tests are reported or checked out: the response-coverage gate fails
// the run under another reporter too, and the review fails in a shallow clone, saying how to get the history.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { root } from '../scripts/lib/spec.js';
import { runReview } from '../scripts/review.js';

const dir = mkdtempSync(join(tmpdir(), 'tfkey-gates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('close', (code) => resolve({ code, out }));
  });
}

describe.concurrent('gates', () => {
  it('the response-coverage gate fails a filtered run reported as JUnit, as it does with the default reporter', async () => {
    const junit = join(dir, 'junit.xml');
    const vitest = join(root, 'node_modules/vitest/vitest.mjs');
    const r = await run([vitest, 'run', 'contract-tests/status-matrix.test.ts', '-t', 'prism: getTrustFrameworkKeyV2 → 404', '--reporter=junit', `--outputFile=${junit}`], root, { TFK_PRISM_URL: inject('prismUrl') });
    expect(r.code).toBe(1);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('Unexercised documented responses');
    expect(xml).toContain('fake: updateTrustFrameworkKeyV2 204');
  }, 60_000);

  it('in a shallow clone, npm run review fails and says how to get the history', async () => {
    const clone = join(dir, 'shallow');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${root}`, clone]);
    // The review as it is in this working tree, in-process, against the shallow clone's history.
    const review = async (...argv: string[]) => {
      let out = '';
      const code = await runReview(argv, { stdout: (s) => (out += s), stderr: (s) => (out += s), cwd: clone });
      return { code, out };
    };
    const r = await review();
    expect(r.code).toBe(2);
    expect(r.out).toContain('this is a shallow clone: fetch the history (git fetch --unshallow, or fetch-depth: 0 in actions/checkout) or give a --base that is present');
    const missing = await review('--base', 'HEAD~1');
    expect(missing.code).toBe(2);
    expect(missing.out).toMatch(/^review: cannot resolve the base HEAD~1: .*\nthis is a shallow clone/m);
  }, 60_000);
});
