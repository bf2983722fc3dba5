// tfkey list, plan and apply as an administrator runs them, against the fake Graph served over real HTTP: finding a
// kid in a paged listing, a plan that refuses to break sign-ins, an apply across many key sets under throttling,
// and an apply killed with SIGKILL mid-way that, started again, finishes without redoing what was confirmed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../scripts/lib/spec.js';
import type { ListedKey } from '../src/cli/commands/list.js';
import { createFakeGraph, fakeKey, type FakeGraph, type FakeKey } from '../src/testing/index.js';
import { cliInvocation, ensureBuilt } from './helpers/dist.js';
import { runTfkey } from './helpers/tfkey.js';

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

/** Runs tfkey in the jobs' folder, asynchronously: the fake it talks to answers from this same thread. */
const tfkey = (args: string[], input?: string) => runTfkey(args, { cwd: dir, env: { GRAPH_TOKEN: 'jobs-token' }, ...(input === undefined ? {} : { input }) });

/** Runs tfkey on a pseudo-terminal (script(1), from util-linux, on every Debian): stdout and stderr as one screen. */
async function onTerminalOf(url: string, args: string): Promise<{ code: unknown; terminal: string }> {
  const cli = cliInvocation();
  const child = spawn('script', ['-qec', `"$TFKEY_NODE" "$TFKEY_CLI" --base-url "$TFKEY_URL" ${args}`, '/dev/null'], {
    cwd: dir,
    env: { ...process.env, GRAPH_TOKEN: 'jobs-token', ...cli.env, TFKEY_NODE: process.execPath, TFKEY_CLI: cli.args.at(-1)!, TFKEY_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let terminal = '';
  child.stdout.on('data', (d) => (terminal += d));
  const code = await new Promise((resolve) => child.once('close', resolve));
  return { code, terminal };
}

describe.concurrent('tfkey list', () => {
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
    expect(text.stdout).toMatch(/^KEY SET\s+KID\s+USE\s+KTY\s+STATUS\s+NOT BEFORE\s+EXPIRES\s+STATE\n/);
    expect(text.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['B2C_1A_Set2 s2-old', 'B2C_1A_Set2 s2-new']);
    expect(text.stdout).toMatch(/B2C_1A_Set2\s+s2-new\s+sig\s+RSA\s+enabled\s+\S+\s+\S+\s+active\n/);
    expect(text.stdout).toMatch(/B2C_1A_Set2\s+s2-old\s+sig\s+RSA\s+enabled\s+\S+\s+\S+\s+usable\n/);
    graph.assertNoViolations();
  });
});

describe.concurrent('tfkey list, edges', () => {
  it('a key set without keys, a key Graph told little about (not active: its status is unknown), and no key sets at all', async () => {
    const { url } = await serve({ B2C_1A_Empty: [], B2C_1A_Bare: [{ kid: 'bare' }] });
    const text = await tfkey(['--base-url', url, 'list']);
    expect(text).toEqual({
      code: 0,
      stdout:
        'KEY SET       KID        USE  KTY  STATUS  NOT BEFORE  EXPIRES  STATE\nB2C_1A_Empty  (no keys)  -    -    -       -           -\nB2C_1A_Bare   bare       -    -    -       -           -        not enabled\n' +
        'B2C_1A_Empty has no usable key: every policy using it fails to sign in now\nB2C_1A_Bare has no usable key: every policy using it fails to sign in now\n',
      stderr: '',
    });
    const json = await tfkey(['--base-url', url, '--json', 'list']);
    expect(JSON.parse(json.stdout)).toEqual([{ keySetId: 'B2C_1A_Bare', kid: 'bare', use: null, kty: null, status: null, nbf: null, exp: null, active: false, state: 'not-enabled', keySetUsable: false }]);
    const none = await serve({});
    expect((await tfkey(['--base-url', none.url, 'list'])).stdout).toBe('KEY SET  KID  USE  KTY  STATUS  NOT BEFORE  EXPIRES  STATE\n(no key sets)\n');
    expect((await tfkey(['--base-url', none.url, '--json', 'list'])).stdout).toBe('[]\n');
  });
});

describe.concurrent('tfkey list marks what each key is now', () => {
  it('active, usable, expired, not yet valid and disabled; and a key set with no usable key is named', async () => {
    const at = Date.parse('2026-06-01T00:00:00Z');
    const { url } = await serve({
      B2C_1A_Mixed: [
        fakeKey({ kid: 'current', nbf: '2026-05-01', exp: '2027-05-01' }),
        fakeKey({ kid: 'older', nbf: '2026-01-01', exp: '2027-01-01' }),
        fakeKey({ kid: 'ran-out', nbf: '2025-01-01', exp: '2026-01-01' }),
        fakeKey({ kid: 'next', nbf: '2026-09-01', exp: '2027-09-01' }),
        fakeKey({ kid: 'off', status: 'disabled', nbf: '2026-05-15' }),
      ],
      B2C_1A_Dry: [fakeKey({ kid: 'gone', nbf: '2025-01-01', exp: '2026-03-01' }), fakeKey({ kid: 'later', nbf: '2026-07-01' })],
    });
    const r = await runTfkey(['--base-url', url, 'list'], { cwd: dir, env: { GRAPH_TOKEN: 't' }, io: { now: () => at } });
    const rows = r.stdout.split('\n').slice(1).map((line) => line.split(/\s{2,}/));
    const state = (kid: string) => rows.find((cols) => cols[1] === kid)?.at(-1);
    expect(['current', 'older', 'ran-out', 'next', 'off', 'gone', 'later'].map(state)).toEqual(['active', 'usable', 'expired', 'not yet valid', 'disabled', 'expired', 'not yet valid']);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('B2C_1A_Dry has no usable key: every policy using it fails to sign in now');
    expect(r.stdout).not.toContain('B2C_1A_Mixed has no usable key');
    const json = JSON.parse((await runTfkey(['--base-url', url, '--json', 'list'], { cwd: dir, env: { GRAPH_TOKEN: 't' }, io: { now: () => at } })).stdout) as ListedKey[];
    expect(json.map((k) => [k.kid, k.state, k.keySetUsable])).toEqual([
      ['current', 'active', true], ['older', 'usable', true], ['ran-out', 'expired', true], ['next', 'not-yet-valid', true], ['off', 'disabled', true],
      ['gone', 'expired', false], ['later', 'not-yet-valid', false],
    ]);
  });
});

describe.concurrent('tfkey plan', () => {
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
    expect(forced.stdout).toMatch(/change \(forced\)\s+forced: disabling only would leave B2C_1A_Lonely with no usable key, and every policy using it would fail: only is disabled$/m);
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

  it('--input: CRLF lines, spaces and comments are fine; the table notes a change of active key', async () => {
    const { url } = await serve({ B2C_1A_Pair: keysOf(['a', 'b']) });
    writeFileSync(join(dir, 'crlf.csv'), '# rotate\r\n   \r\n  # the newer one\r\n  B2C_1A_Pair , b , disabled  \r\nB2C_1A_Pair,a,enabled\r\n');
    const r = await tfkey(['--base-url', url, 'plan', '--input', 'crlf.csv']);
    expect(r).toEqual({
      code: 0,
      stdout:
        'KEY SET      KID  CURRENT → TARGET    ACTION  REASON\n' +
        'B2C_1A_Pair  b    enabled → disabled  change  enabled → disabled\n' +
        'B2C_1A_Pair  a    enabled → enabled   skip    already enabled\n' +
        '  note: a becomes the active key of B2C_1A_Pair (was b)\n' +
        '1 to change, 1 to skip, 0 refused\n',
      stderr: '',
    });
  });

  it.each([
    { name: 'an extra column', input: 'B2C_1A_Pair,a,disabled,now\n', says: 'standard input line 1 must be keySetId,kid,status with status enabled or disabled (got "B2C_1A_Pair,a,disabled,now")' },
    { name: 'no kid', input: '\n\nB2C_1A_Pair,,disabled\n', says: 'standard input line 3 must be keySetId,kid,status' },
    { name: 'no key set', input: ',a,disabled', says: 'standard input line 1 must be' },
    { name: 'a status in capitals', input: 'B2C_1A_Pair,a,Disabled', says: 'standard input line 1 must be' },
  ])('--input - refuses $name, exit 2, naming the line', async ({ input, says }) => {
    const r = await tfkey(['--base-url', 'http://127.0.0.1:9/beta', 'plan', '--input', '-'], input);
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith(`tfkey: ${says}`)).toBe(true);
    expect(r.stderr.split('\n')).toHaveLength(2);
  });

  it('an unknown key set is refused with the reason alone (no --force hint: forcing cannot help)', async () => {
    const { url } = await serve({ B2C_1A_Pair: keysOf(['a', 'b']) });
    const r = await tfkey(['--base-url', url, 'plan', '--status', 'disabled', '--kid', 'a', '--key-set', 'B2C_1A_Nope']);
    expect(r.stdout.split('\n')[1]).toBe('B2C_1A_Nope  a    - → disabled      refuse  there is no key set B2C_1A_Nope');
  });

  it('--input of a file that cannot be read is exit 2 with the reason', async () => {
    const r = await tfkey(['--base-url', 'http://127.0.0.1:9/beta', 'plan', '--input', 'nowhere.csv']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'tfkey: --input nowhere.csv cannot be read (ENOENT)\n' });
  });

  it('--all-key-sets leaves out the key sets without the kid; --key-set takes several; --json --out writes and prints the plan', async () => {
    const { url } = await serve({ B2C_1A_A: keysOf(['k', 'x']), B2C_1A_B: keysOf(['y', 'z']), B2C_1A_C: keysOf(['k', 'w']), B2C_1A_D: keysOf(['k']) });
    const all = await tfkey(['--base-url', url, '--json', 'plan', '--status', 'disabled', '--kid', 'k', '--all-key-sets', '--out', 'all.json']);
    expect(all.code).toBe(0);
    const plan = JSON.parse(all.stdout);
    // B2C_1A_D holds the kid as its only key: refused, and listed so that nobody misses it.
    expect(plan.items.map((i: { keySetId: string; action: string }) => [i.keySetId, i.action])).toEqual([
      ['B2C_1A_A', 'change'],
      ['B2C_1A_C', 'change'],
      ['B2C_1A_D', 'refuse'],
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'all.json'), 'utf8'))).toEqual(plan);
    const some = await tfkey(['--base-url', url, '--json', 'plan', '--status', 'enabled', '--kid', 'k', '--key-set', 'B2C_1A_A', 'B2C_1A_B']);
    expect(JSON.parse(some.stdout).items.map((i: { keySetId: string; action: string }) => [i.keySetId, i.action])).toEqual([
      ['B2C_1A_A', 'skip'],
      ['B2C_1A_B', 'refuse'],
    ]);
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
    const json = await tfkey(['--base-url', 'http://127.0.0.1:9/beta', '--json', ...args]);
    expect(JSON.parse(json.stdout).error).toMatchObject({ name: 'UsageError', code: expect.stringMatching(/^(tfkey\.usage|commander\.invalidArgument)$/), message: expect.stringContaining(says) });
  });
});

describe.concurrent('tfkey apply', () => {
  it('disables a kid across 12 key sets under throttling with 0 failures, then has nothing left to do', async () => {
    const sets = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`B2C_1A_S${i}`, keysOf(['rotate-me', `keep-${i}`])]));
    // 12 a second in bursts of 3, with whole-second Retry-After as Graph sends, run eight times faster (a token every
    // 10 ms): the CLI, sending as fast as answers come, is throttled from its first bursts on (4 to 9 of about 68
    // requests, with the machine's two cores busy with three other processes too), and done in under 2 s.
    const { graph, url } = await serve(sets, { faults: { rateLimit: { requests: 3, perMs: 250 }, timeScale: 8 } });
    expect((await tfkey(['--base-url', url, 'plan', '--status', 'disabled', '--kid', 'rotate-me', '--all-key-sets', '--out', 'many.json'])).code).toBe(0);
    const r = await tfkey(['--base-url', url, 'apply', 'many.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('12 done, 0 skipped, 0 refused, 0 failed');
    expect(Object.keys(sets).every((id) => graph.key(id, 'rotate-me')!.status === 'disabled')).toBe(true);
    // Plain progress lines on a pipe.
    expect(r.stderr).toMatch(/\[12\/12\] B2C_1A_S\d+ rotate-me: done/);
    expect(graph.requests.filter((q) => q.status === 429).length, 'throttled').toBeGreaterThan(0);
    const again = await tfkey(['--base-url', url, '--json', 'apply', 'many.json']);
    expect(JSON.parse(again.stdout).counts).toEqual({ done: 12, skipped: 0, refused: 0, failed: 0 });
    expect(again.stderr).toBe('');
    // Resuming a journal that ends cleanly adds no blank line.
    expect(readFileSync(join(dir, 'many.json.journal'), 'utf8')).not.toContain('\n\n');
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
    const stepped = new Set(readFileSync(journal, 'utf8').split('\n').slice(1).flatMap((l) => (l.startsWith('{"item"') && l.endsWith('}') ? [JSON.parse(l).item] : []))).size;
    const r = await tfkey(['--base-url', url, 'apply', 'killed.json']);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe(`resuming: ${stepped} item(s) have steps in killed.json.journal`);
    expect(r.stdout).toContain('8 done, 0 skipped, 0 refused, 0 failed');
    expect(r.stdout.match(/done \(earlier run\)/g)?.length).toBe(before);
    expect(Object.keys(sets).every((id) => graph.key(id, 'old')!.status === 'disabled')).toBe(true);
    const patches = graph.requests.filter((q) => q.method === 'PATCH' && q.status === 204).map((q) => q.path.split('/')[3]);
    expect(patches.sort()).toEqual(Object.keys(sets).sort());
  }, 30_000);

  it('on a terminal, progress is one bar (run under script(1), which gives the command a terminal)', async () => {
    const { url } = await serve({ B2C_1A_T1: keysOf(['old', 'new']), B2C_1A_T2: keysOf(['old', 'new']) });
    await tfkey(['--base-url', url, 'plan', '--status', 'disabled', '--kid', 'old', '--all-key-sets', '--out', 'tty.json']);
    const onTerminal = (args: string) => onTerminalOf(url, args);
    const first = await onTerminal('apply tty.json --concurrency 3');
    expect(first.code).toBe(0);
    expect(first.terminal).toMatch(/applying \[-{40}\] 0\/2 · 3 in flight · 0 throttled/);
    expect(first.terminal).toMatch(/applying \[={40}\] 2\/2 · 3 in flight · 0 throttled/);
    // The cursor, hidden while the bar draws, is shown again.
    expect(first.terminal).toContain('\x1b[?25h');
    expect(first.terminal).not.toMatch(/\[\d\/2\] B2C_1A_T/);
    expect(first.terminal).toContain('2 done, 0 skipped, 0 refused, 0 failed');
    const again = await onTerminal('apply tty.json');
    expect(again.terminal).toMatch(/applying \[-{40}\] 0\/2 · 4 in flight · 0 throttled/);
    const json = await onTerminal('--json apply tty.json');
    expect(json.terminal).not.toContain('applying');
    expect(JSON.parse(json.terminal).counts).toEqual({ done: 2, skipped: 0, refused: 0, failed: 0 });
  });

  it('on a terminal, the bar counts the throttled requests', async () => {
    const { url } = await serve({ B2C_1A_U1: keysOf(['old', 'new']), B2C_1A_U2: keysOf(['old', 'new']) }, { faults: { rateLimit: { requests: 3, perMs: 60_000 } } });
    const plan = { version: 1, items: ['B2C_1A_U1', 'B2C_1A_U2'].map((keySetId) => ({ keySetId, kid: 'old', status: 'disabled', action: 'change' })) };
    writeFileSync(join(dir, 'tty-throttled.json'), JSON.stringify(plan));
    // One at a time, so that the 429 (with a 20 s Retry-After) ends the run: with two in flight, whether the other
    // item's next request goes out before or after the gate closes is a race, and after it, that request waits 20 s.
    const { code, terminal } = await onTerminalOf(url, '--max-retries 0 apply tty-throttled.json --concurrency 1');
    expect(code).toBe(1);
    expect(terminal).toMatch(/applying \[=+-*\] [12]\/2 · 1 in flight · 1 throttled/);
    expect(terminal).toContain('1 done, 0 skipped, 0 refused, 1 failed');
  });

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

  it.each([
    { name: 'a missing file', file: 'absent.json', content: null, says: 'absent.json cannot be read (ENOENT)' },
    { name: 'not JSON', file: 'text.json', content: 'plan: yes', says: 'text.json is not JSON (Unexpected token' },
    { name: 'another version', file: 'v2.json', content: '{"version":2,"items":[]}', says: 'v2.json: version must be 1, the plan format this tfkey reads (got 2): make the plan again with this version' },
    { name: 'no version', file: 'nov.json', content: '{"items":[]}', says: 'nov.json: version must be 1, the plan format this tfkey reads (got nothing)' },
    { name: 'a version as text', file: 'v1s.json', content: '{"version":"1","items":[]}', says: 'v1s.json: version must be 1, the plan format this tfkey reads (got "1")' },
    { name: 'items not a list', file: 'obj.json', content: '{"version":1,"items":{}}', says: 'obj.json: items must be a list of planned changes (got {})' },
    { name: 'null', file: 'null.json', content: 'null', says: 'null.json: a plan must be a JSON object with "version": 1 and "items" (got null)' },
    { name: 'a list', file: 'list.json', content: '[]', says: 'list.json: a plan must be a JSON object with "version": 1 and "items" (got a list)' },
    { name: 'one bad item after a good one', file: 'half.json', content: '{"version":1,"items":[{"keySetId":"S","kid":"k","status":"enabled","action":"skip"},{"keySetId":"S","kid":"k"}]}', says: 'half.json: item 2 (S, kid "k"): status must be one of enabled, disabled (got nothing)' },
    { name: 'a null item', file: 'null-item.json', content: '{"version":1,"items":[null]}', says: 'null-item.json: item 1 must be an object with keySetId, kid, status and action (got null)' },
    { name: 'a kid not a string', file: 'kid.json', content: '{"version":1,"items":[{"keySetId":"S","kid":7,"status":"enabled","action":"change"}]}', says: 'kid.json: item 1: kid must be a key id: a string other than "", "." and ".." (got 7)' },
    { name: 'a key set not a string', file: 'set.json', content: '{"version":1,"items":[{"keySetId":null,"kid":"k","status":"enabled","action":"change"}]}', says: 'set.json: item 1: keySetId must be a key set id: a string other than "", "." and ".." (got null)' },
    { name: 'an unknown status in item 3', file: 'status.json', content: `{"version":1,"items":[${'{"keySetId":"S","kid":"k","status":"enabled","action":"skip"},'.repeat(2)}{"keySetId":"S","kid":"k","status":"unknownFutureValue","action":"change"}]}`, says: 'status.json: item 3 (S, kid "k"): status must be one of enabled, disabled (got "unknownFutureValue")' },
    { name: 'an unknown action', file: 'action.json', content: '{"version":1,"items":[{"keySetId":"S","kid":"k","status":"disabled","action":"delete"}]}', says: 'action.json: item 1 (S, kid "k"): action must be one of change, skip, refuse (got "delete")' },
    { name: 'a dot-segment kid', file: 'dots.json', content: '{"version":1,"items":[{"keySetId":"S","kid":"..","status":"disabled","action":"change"}]}', says: 'dots.json: item 1 (S, kid ".."): kid must be a key id: a string other than "", "." and ".." (got "..")' },
  ])('a plan file with $name is exit 2, naming the item, the field and what was found, with or without --dry-run; nothing is sent', async ({ file, content, says }) => {
    if (content !== null) writeFileSync(join(dir, file), content);
    for (const dryRun of [[], ['--dry-run']]) {
      const r = await tfkey(['--base-url', 'http://127.0.0.1:9/beta', ...dryRun, 'apply', file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`tfkey: ${says}`);
    }
    expect(existsSync(join(dir, `${file}.journal`))).toBe(false);
    const json = await tfkey(['--base-url', 'http://127.0.0.1:9/beta', '--json', 'apply', file]);
    expect(JSON.parse(json.stdout).error).toMatchObject({ name: 'UsageError', code: 'tfkey.plan' });
  });

  it('--dry-run of a plan with nothing to change (a skip, a refusal) prints only its closing line', async () => {
    const { url } = await serve({ B2C_1A_M: keysOf(['a', 'b']) });
    const items = [
      { keySetId: 'B2C_1A_M', kid: 'a', status: 'enabled', action: 'skip' },
      { keySetId: 'B2C_1A_M', kid: 'b', status: 'disabled', action: 'refuse' },
    ];
    writeFileSync(join(dir, 'mixed.json'), JSON.stringify({ version: 1, items }));
    const r = await tfkey(['--base-url', url, '--dry-run', 'apply', 'mixed.json']);
    expect(r).toEqual({ code: 0, stdout: '(dry run: nothing was sent; applying re-checks each key set first)\n', stderr: '' });
  });

  it('apply and apply --dry-run give the same verdict on a hand-edited kid "..": exit 2, the item named, nothing sent', async () => {
    const { graph, url } = await serve({ B2C_1A_V: keysOf(['a', 'b']) });
    const items = [
      { keySetId: 'B2C_1A_V', kid: 'a', status: 'disabled', action: 'change' },
      { keySetId: 'B2C_1A_V', kid: '..', status: 'disabled', action: 'change' },
    ];
    writeFileSync(join(dir, 'bad-kid.json'), JSON.stringify({ version: 1, items }));
    const runs = await Promise.all([[], ['--dry-run'], ['--json'], ['--dry-run', '--json']].map((flags) => tfkey(['--base-url', url, ...flags, 'apply', 'bad-kid.json'])));
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    const says = 'bad-kid.json: item 2 (B2C_1A_V, kid ".."): kid must be a key id: a string other than "", "." and ".." (got "..")';
    expect(runs[0]!.stderr).toBe(`tfkey: ${says}\n`);
    expect(runs[1]!.stderr).toBe(`tfkey: ${says}\n`);
    expect(JSON.parse(runs[3]!.stdout).error).toMatchObject({ code: 'tfkey.plan', message: says });
    expect(graph.requests).toEqual([]);
    expect(existsSync(join(dir, 'bad-kid.json.journal'))).toBe(false);
  });

  it.each(['0', '65', 'x', '1.5'])('--concurrency %s is refused, exit 2', async (n) => {
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ version: 1, items: [] }));
    const r = await tfkey(['--base-url', 'http://127.0.0.1:9/beta', 'apply', 'c.json', '--concurrency', n]);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `tfkey: option '--concurrency <n>' argument '${n}' is invalid. --concurrency must be a whole number from 1 to 64 (got "${n}")\n` });
  });

  it('--dry-run --json: one document per change, and --concurrency 1 and 64 are taken', async () => {
    const { graph, url } = await serve({ B2C_1A_D: keysOf(['a', 'b']), B2C_1A_E: keysOf(['a', 'c']) });
    await tfkey(['--base-url', url, 'plan', '--status', 'disabled', '--kid', 'a', '--all-key-sets', '--out', 'dry.json']);
    expect((await tfkey(['--base-url', url, '--dry-run', 'apply', 'dry.json', '--concurrency', '1'])).code).toBe(0);
    const r = await tfkey(['--base-url', url, '--dry-run', '--json', 'apply', 'dry.json', '--concurrency', '64']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.dryRun, l.method, l.url.replace(url, ''), l.body])).toEqual([
      [true, 'PATCH', '/trustFramework/keySets/B2C_1A_D/keys_v2/a', { status: 'disabled' }],
      [true, 'PATCH', '/trustFramework/keySets/B2C_1A_E/keys_v2/a', { status: 'disabled' }],
    ]);
    expect(graph.requests.filter((q) => q.method === 'PATCH')).toEqual([]);
    expect(existsSync(join(dir, 'dry.json.journal'))).toBe(false);
  });

  it('a journal cut by a kill (empty, or with a half-written step) is resumed; later steps get lines of their own', async () => {
    const { url } = await serve({ B2C_1A_J1: keysOf(['old', 'new']), B2C_1A_J2: keysOf(['old', 'new']) });
    await tfkey(['--base-url', url, 'plan', '--status', 'disabled', '--kid', 'old', '--all-key-sets', '--out', 'cut.json']);
    writeFileSync(join(dir, 'cut.json.journal'), '');
    const empty = await tfkey(['--base-url', url, 'apply', 'cut.json']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('2 done, 0 skipped, 0 refused, 0 failed');
    const journal = readFileSync(join(dir, 'cut.json.journal'), 'utf8').split('\n');
    // Killed after the first item was confirmed, while the second one's step was being written.
    writeFileSync(join(dir, 'cut.json.journal'), `${journal[0]}\n${journal.find((l) => l.includes('"item":0') && l.includes('"phase":"done"'))}\n{"item":1,"pha`);
    const r = await tfkey(['--base-url', url, 'apply', 'cut.json']);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe('resuming: 1 item(s) have steps in cut.json.journal');
    expect(r.stdout).toMatch(/B2C_1A_J1\s+old\s+disabled\s+done \(earlier run\)/);
    const after = readFileSync(join(dir, 'cut.json.journal'), 'utf8').split('\n').filter(Boolean);
    expect(after[2]).toBe('{"item":1,"pha');
    for (const line of [...after.slice(0, 2), ...after.slice(3)]) expect(() => JSON.parse(line)).not.toThrow();
    expect(after.slice(3).some((l) => JSON.parse(l).item === 1)).toBe(true);
  });

  it.each([
    { name: 'only the header of another plan', journal: '{"plan":"0000"}\n', says: 'cut.json.journal belongs to another version of' },
    { name: 'a damaged header before steps', journal: '{"pla\n{"item":0,"phase":"done","detail":"","at":""}\n', says: "is damaged: its first line is not the journal's header" },
    { name: 'a null header before steps', journal: 'null\n{"item":0,"phase":"done","detail":"","at":""}\n', says: "is damaged: its first line is not the journal's header" },
  ])('a journal with $name is refused, exit 2, and left as it was', async ({ journal, says }) => {
    const { url } = await serve({ B2C_1A_H: keysOf(['old', 'new']) });
    const plan = `plan-${journal.length}-${says.length}.json`;
    await tfkey(['--base-url', url, 'plan', '--status', 'disabled', '--kid', 'old', '--key-set', 'B2C_1A_H', '--out', plan]);
    writeFileSync(join(dir, `${plan}.journal`), journal);
    const r = await tfkey(['--base-url', url, '--json', 'apply', plan]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error).toMatchObject({ name: 'UsageError', code: 'tfkey.journal', message: expect.stringContaining(says.replace('cut.json', plan)) });
    expect(readFileSync(join(dir, `${plan}.journal`), 'utf8')).toBe(journal);
  });

  it('a journal whose header was cut short is begun again', async () => {
    const { url } = await serve({ B2C_1A_C: keysOf(['old', 'new']) });
    await tfkey(['--base-url', url, 'plan', '--status', 'disabled', '--kid', 'old', '--key-set', 'B2C_1A_C', '--out', 'cut-header.json']);
    writeFileSync(join(dir, 'cut-header.json.journal'), '{"plan":"ab');
    const r = await tfkey(['--base-url', url, 'apply', 'cut-header.json']);
    expect(r).toMatchObject({ code: 0, stderr: '[1/1] B2C_1A_C old: done (enabled → disabled)\n' });
    expect(JSON.parse(readFileSync(join(dir, 'cut-header.json.journal'), 'utf8').split('\n')[0]!)).toMatchObject({ plan: expect.stringMatching(/^[0-9a-f]{64}$/) });
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
