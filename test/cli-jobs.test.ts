// tfkey list, plan and apply as an administrator runs them, against the fake Graph served over real HTTP: finding a
// kid in a paged listing, a plan that refuses to break sign-ins, an apply across many key sets under throttling,
// and an apply killed with SIGKILL mid-way that, started again, finishes without redoing what was confirmed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../scripts/lib/spec.js';
import { createFakeGraph, type FakeGraph, type FakeKey } from '../src/testing/index.js';
import { cliInvocation, ensureBuilt } from './helpers/dist.js';

const S = Math.floor(Date.now() / 1000);
const keysOf = (kids: string[], extra: Partial<FakeKey> = {}): FakeKey[] => kids.map((kid, i) => ({ kid, use: 'sig', kty: 'RSA', status: 'enabled', nbf: S - 86_400 * (10 - i), exp: S + 86_400 * 400, ...extra }));
const dir = mkdtempSync(join(tmpdir(), 'tfkey-jobs-'));
const fakes: FakeGraph[] = [];
beforeAll(() => ensureBuilt());
afterAll(async () => {
  await Promise.all(fakes.map((g) => g.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function serve(keySets: Record<string, FakeKey[]>, options: Parameters<typeof createFakeGraph>[0] = {}) {
  const graph = createFakeGraph({ keySets, ...options });
  fakes.push(graph);
  return { graph, url: await graph.listen() };
}

/** Runs tfkey asynchronously: the fake it talks to answers from this same thread. */
function tfkey(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = cliInvocation();
  const child = spawn(process.execPath, [...cli.args, ...args], { cwd: dir, env: { ...process.env, GRAPH_TOKEN: 'jobs-token', ...cli.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(input ?? '');
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

describe('tfkey list', () => {
  it('finds a kid in a paged listing of key sets and keys, and marks the active key', async () => {
    const sets = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`B2C_1A_Set${i}`, keysOf([`s${i}-old`, `s${i}-new`])]));
    const { graph, url } = await serve(sets, { pageSize: 2 });
    const r = await tfkey(['--base-url', url, '--json', 'list']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { keySetId: string; kid: string; status: string; active: boolean; nbf: string }[];
    expect(rows).toHaveLength(10);
    expect(rows.find((x) => x.kid === 's4-new')).toMatchObject({ keySetId: 'B2C_1A_Set4', status: 'enabled', active: true });
    expect(rows.find((x) => x.kid === 's4-old')).toMatchObject({ active: false });
    expect(rows[0]!.nbf).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    // Five key sets at two a page: three pages of key sets.
    expect(graph.requests.filter((q) => q.operationId === 'listTrustFrameworkKeySets')).toHaveLength(3);
    const text = await tfkey(['--base-url', url, 'list', 'B2C_1A_Set2']);
    expect(text.stdout).toMatch(/^KEY SET\s+KID\s+USE\s+KTY\s+STATUS\s+NOT BEFORE\s+EXPIRES\s+ACTIVE\n/);
    expect(text.stdout).toMatch(/B2C_1A_Set2\s+s2-new\s+sig\s+RSA\s+enabled\s+\S+\s+\S+\s+active\n/);
    graph.assertNoViolations();
  });
});

describe('tfkey plan', () => {
  it('refuses to disable the last usable key of a key set and says why; --force plans it and says what it breaks', async () => {
    const { url } = await serve({ B2C_1A_Lonely: keysOf(['only']), B2C_1A_Pair: keysOf(['a', 'b']) });
    const r = await tfkey(['--base-url', url, 'plan', '--status', 'disabled', '--kid', 'only', '--key-set', 'B2C_1A_Lonely', '--out', 'refused.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^KEY SET\s+KID\s+CURRENT → TARGET\s+ACTION\s+REASON$/m);
    expect(r.stdout).toContain('plan written to refused.json; apply it with: tfkey apply refused.json');
    expect(r.stdout).toMatch(/B2C_1A_Lonely\s+only\s+enabled → disabled\s+refuse\s+disabling only would leave B2C_1A_Lonely with no usable key, and every policy using it would fail: only is disabled \(--force would do it anyway\)/);
    expect(r.stdout).toContain('0 to change, 0 to skip, 1 refused');
    expect(JSON.parse(readFileSync(join(dir, 'refused.json'), 'utf8')).items[0]).toMatchObject({ action: 'refuse' });
    const forced = await tfkey(['--base-url', url, 'plan', '--status', 'disabled', '--kid', 'only', '--key-set', 'B2C_1A_Lonely', '--force']);
    expect(forced.stdout).toMatch(/change \(forced\)\s+forced: disabling only would leave B2C_1A_Lonely with no usable key/);
  });

  it('--input takes mixed changes from a file or standard input; a bad line is exit 2 naming it', async () => {
    const { url } = await serve({ B2C_1A_Pair: keysOf(['a', 'b']) });
    const r = await tfkey(['--base-url', url, '--json', 'plan', '--input', '-'], '# mixed\nB2C_1A_Pair,a,disabled\n\nB2C_1A_Pair,b,enabled\nB2C_1A_Nope,x,disabled\n');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).items.map((i: { action: string }) => i.action)).toEqual(['change', 'skip', 'refuse']);
    writeFileSync(join(dir, 'bad.csv'), 'B2C_1A_Pair,a,disabled\nB2C_1A_Pair,b,off\n');
    const bad = await tfkey(['--base-url', url, 'plan', '--input', 'bad.csv']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.csv line 2 must be keySetId,kid,status with status enabled or disabled (got "B2C_1A_Pair,b,off")');
  });

  it.each([
    { name: 'no --kid', args: ['plan', '--status', 'disabled', '--all-key-sets'], says: 'plan needs --status and --kid' },
    { name: 'both scopes', args: ['plan', '--status', 'disabled', '--kid', 'k', '--all-key-sets', '--key-set', 'X'], says: 'choose one of --all-key-sets and --key-set' },
    { name: 'neither scope', args: ['plan', '--status', 'disabled', '--kid', 'k'], says: 'choose one of --all-key-sets and --key-set' },
    { name: '--input with --kid', args: ['plan', '--input', 'x.csv', '--kid', 'k'], says: '--input takes the targets from its lines' },
    { name: 'a bad status', args: ['plan', '--status', 'off', '--kid', 'k', '--all-key-sets'], says: "Allowed choices are enabled, disabled" },
  ])('bad usage: $name, exit 2', async ({ args, says }) => {
    const r = await tfkey(['--base-url', 'http://127.0.0.1:9/beta', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(says);
  });
});

describe('tfkey apply', () => {
  it('disables a kid across 12 key sets under throttling with 0 failures, then has nothing left to do', async () => {
    const sets = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`B2C_1A_S${i}`, keysOf(['rotate-me', `keep-${i}`])]));
    const { graph, url } = await serve(sets, { faults: { rateLimit: { requests: 20, perMs: 1000 } } });
    expect((await tfkey(['--base-url', url, 'plan', '--status', 'disabled', '--kid', 'rotate-me', '--all-key-sets', '--out', 'many.json'])).code).toBe(0);
    const r = await tfkey(['--base-url', url, 'apply', 'many.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('12 done, 0 skipped, 0 refused, 0 failed');
    expect(Object.keys(sets).every((id) => graph.key(id, 'rotate-me')!.status === 'disabled')).toBe(true);
    // Plain progress lines on a pipe.
    expect(r.stderr).toMatch(/\[12\/12\] B2C_1A_S\d+ rotate-me: done/);
    const again = await tfkey(['--base-url', url, '--json', 'apply', 'many.json']);
    expect(JSON.parse(again.stdout).counts).toEqual({ done: 12, skipped: 0, refused: 0, failed: 0 });
    expect(again.stderr).toBe('');
    graph.assertNoViolations();
  }, 30_000);

  it('a run killed with SIGKILL mid-way, started again, confirms every change and sends none twice', async () => {
    const sets = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`B2C_1A_K${i}`, keysOf(['old', `new-${i}`])]));
    const { graph, url } = await serve(sets, { faults: { latencyMs: 30 } });
    expect((await tfkey(['--base-url', url, 'plan', '--status', 'disabled', '--kid', 'old', '--all-key-sets', '--out', 'killed.json'])).code).toBe(0);
    const cli = cliInvocation();
    const child = spawn(process.execPath, [...cli.args, '--base-url', url, 'apply', 'killed.json', '--concurrency', '1'], { cwd: dir, env: { ...process.env, GRAPH_TOKEN: 'jobs-token', ...cli.env }, stdio: 'ignore' });
    const journal = join(dir, 'killed.json.journal');
    const done = () => (existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter((l) => l.includes('"phase":"done"')).length : 0);
    while (done() < 3) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const before = done();
    expect(before).toBeLessThan(8);
    const r = await tfkey(['--base-url', url, 'apply', 'killed.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('8 done, 0 skipped, 0 refused, 0 failed');
    expect(r.stdout.match(/done \(earlier run\)/g)?.length).toBe(before);
    expect(Object.keys(sets).every((id) => graph.key(id, 'old')!.status === 'disabled')).toBe(true);
    const patches = graph.requests.filter((q) => q.method === 'PATCH' && q.status === 204).map((q) => q.path.split('/')[3]);
    expect(patches.sort()).toEqual(Object.keys(sets).sort());
  }, 30_000);

  it('an item that fails makes apply exit 1, with the failure in the summary table', async () => {
    const { graph, url } = await serve({ B2C_1A_F: keysOf(['a', 'b']) });
    expect((await tfkey(['--base-url', url, 'plan', '--status', 'disabled', '--kid', 'a', '--key-set', 'B2C_1A_F', '--out', 'failing.json'])).code).toBe(0);
    graph.script({ method: 'PATCH', status: 500, times: 10 });
    const r = await tfkey(['--base-url', url, '--max-retries', '0', 'apply', 'failing.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^KEY SET\s+KID\s+TARGET\s+OUTCOME\s+DETAIL$/m);
    expect(r.stdout).toMatch(/^B2C_1A_F\s+a\s+disabled\s+failed\s+scripted 500$/m);
    expect(r.stdout).toContain('0 done, 0 skipped, 0 refused, 1 failed');
    const json = await tfkey(['--base-url', url, '--max-retries', '0', '--json', 'apply', 'failing.json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).results[0]).toMatchObject({ outcome: 'failed', error: { name: 'GraphError' } });
  });

  it('a plan file that is not a plan is exit 2; a journal of another plan is refused', async () => {
    writeFileSync(join(dir, 'junk.json'), '{"items":[]}');
    expect(await tfkey(['--base-url', 'http://127.0.0.1:9/beta', 'apply', 'junk.json'])).toMatchObject({ code: 2 });
    const { url } = await serve({ B2C_1A_P: keysOf(['a', 'b']) });
    await tfkey(['--base-url', url, 'plan', '--status', 'disabled', '--kid', 'a', '--key-set', 'B2C_1A_P', '--out', 'edited.json']);
    expect((await tfkey(['--base-url', url, '--dry-run', 'apply', 'edited.json'])).stdout).toMatch(/^PATCH http:\/\/127\.0\.0\.1:\d+\/beta\/trustFramework\/keySets\/B2C_1A_P\/keys_v2\/a {2}\{"status":"disabled"\}/);
    expect((await tfkey(['--base-url', url, 'apply', 'edited.json'])).code).toBe(0);
    writeFileSync(join(dir, 'edited.json'), readFileSync(join(dir, 'edited.json'), 'utf8').replace('"disabled"', '"enabled"'));
    const r = await tfkey(['--base-url', url, 'apply', 'edited.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the plan changed since the journal began');
  });
});
