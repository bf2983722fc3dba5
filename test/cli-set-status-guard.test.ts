// tfkey set-status goes through the guard of plan and apply: it reads the key set first, refuses (exit 1, nothing
// sent) a change that would leave it with no usable key, does it with --force while saying what it breaks, and shows
// the verdict with --dry-run. Safe changes and get behave as before. In-process, against the test kit's fake.
import { describe, expect, it } from 'vitest';
import { createFakeGraph, type FakeKey } from '../src/testing/index.js';
import { runTfkey } from './helpers/tfkey.js';

const SET = 'B2C_1A_Signing';
const DAY = 86_400;
const now = Math.floor(Date.now() / 1000);
const key = (kid: string, extra: Partial<FakeKey> = {}): FakeKey => ({ kid, use: 'sig', kty: 'RSA', status: 'enabled', nbf: now - 10 * DAY, exp: now + 400 * DAY, ...extra });

/** A fake with the given keys, and tfkey run against it in-process (over its fetch, as the network). */
function against(keys: FakeKey[]) {
  const graph = createFakeGraph({ keySets: { [SET]: keys } });
  const tfkey = (...args: string[]) => runTfkey(['--base-url', graph.baseUrl, ...args], { env: { GRAPH_TOKEN: 'guard-token' }, io: { fetch: graph.fetch } });
  const patches = () => graph.requests.filter((r) => r.method === 'PATCH');
  return { graph, tfkey, patches };
}

const LAST = `disabling only would leave ${SET} with no usable key, and every policy using it would fail: only is disabled; old expired on`;

describe('the last usable key', () => {
  it('is refused: exit 1, the guard’s reason and the override, nothing sent, the key still enabled', async () => {
    const { graph, tfkey, patches } = against([key('only'), key('old', { exp: now - DAY })]);
    const r = await tfkey('set-status', SET, 'only', 'disabled');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`tfkey: refused: ${LAST}`);
    expect(r.stderr.endsWith(`Nothing was sent; to do it anyway: tfkey set-status ${SET} only disabled --force\n`)).toBe(true);
    expect(patches()).toEqual([]);
    expect(graph.key(SET, 'only')!.status).toBe('enabled');
  });

  it('is refused as one JSON document with --json', async () => {
    const { tfkey, patches } = against([key('only')]);
    const r = await tfkey('--json', 'set-status', SET, 'only', 'disabled');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      error: {
        name: 'GuardRefusal',
        code: 'tfkey.guard',
        message: expect.stringMatching(/^refused: disabling only would leave B2C_1A_Signing with no usable key/),
        keySetId: SET,
        kid: 'only',
        status: 'disabled',
        reason: `disabling only would leave ${SET} with no usable key, and every policy using it would fail: only is disabled`,
        override: `tfkey set-status ${SET} only disabled --force`,
      },
    });
    expect(patches()).toEqual([]);
  });

  it('--force does it, and says on stderr what it breaks', async () => {
    const { graph, tfkey, patches } = against([key('only')]);
    const r = await tfkey('set-status', SET, 'only', 'disabled', '--force');
    expect(r).toEqual({ code: 0, stdout: `Key only in ${SET} is now disabled.\n`, stderr: `warning: forced: disabling only would leave ${SET} with no usable key, and every policy using it would fail: only is disabled\n` });
    expect(patches()).toHaveLength(1);
    expect(graph.key(SET, 'only')!.status).toBe('disabled');
    const json = await against([key('only')]).tfkey('--json', 'set-status', SET, 'only', 'disabled', '--force');
    expect(JSON.parse(json.stdout)).toEqual({ keySetId: SET, keyId: 'only', status: 'disabled', forced: expect.stringMatching(/^forced: disabling only/) });
  });

  it('--dry-run shows the refusal and the request, exit 1, and sends nothing', async () => {
    const { tfkey, patches } = against([key('only')]);
    const r = await tfkey('--dry-run', 'set-status', SET, 'only', 'disabled');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^PATCH https:\/\/graph\.microsoft\.com\/beta\/trustFramework\/keySets\/B2C_1A_Signing\/keys_v2\/only\n/);
    expect(r.stdout).toContain('authorization: Bearer <redacted>');
    expect(r.stdout).toContain(`\n{"status":"disabled"}\n\nguard: refused: disabling only would leave ${SET} with no usable key, and every policy using it would fail: only is disabled (--force would do it anyway)\n(dry run: the key set was read; nothing was changed)\n`);
    expect(patches()).toEqual([]);
    const json = JSON.parse((await tfkey('--dry-run', '--json', 'set-status', SET, 'only', 'disabled')).stdout);
    expect(json).toMatchObject({ dryRun: true, method: 'PATCH', body: { status: 'disabled' }, guard: { action: 'refuse', activeBefore: 'only', activeAfter: null, warnings: [] } });
    const forced = await tfkey('--dry-run', 'set-status', SET, 'only', 'disabled', '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('\nguard: forced: disabling only would leave');
    expect(patches()).toEqual([]);
  });
});

describe('safe changes, as before', () => {
  it('disabling one of two usable keys is done, noting the new active key', async () => {
    const { graph, tfkey, patches } = against([key('a'), key('b', { nbf: now - 5 * DAY })]);
    const r = await tfkey('set-status', SET, 'b', 'disabled');
    expect(r).toEqual({ code: 0, stdout: `Key b in ${SET} is now disabled.\n`, stderr: `note: a becomes the active key of ${SET} (was b)\n` });
    expect(patches()).toHaveLength(1);
    expect(graph.key(SET, 'b')!.status).toBe('disabled');
  });

  it('enabling is never refused, even in a key set with no usable key', async () => {
    const { tfkey, patches } = against([key('a', { status: 'disabled' }), key('b', { exp: now - DAY })]);
    const r = await tfkey('set-status', SET, 'a', 'enabled');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Key a in ${SET} is now enabled.\n`);
    expect(patches()).toHaveLength(1);
  });

  it('--dry-run of a safe change: the verdict, exit 0, nothing sent', async () => {
    const { tfkey, patches } = against([key('a'), key('b', { nbf: now - 5 * DAY })]);
    const r = await tfkey('--dry-run', 'set-status', SET, 'a', 'disabled');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\nguard: ok: enabled → disabled; active key afterwards: b\n(dry run: the key set was read; nothing was changed)\n');
    expect(patches()).toEqual([]);
  });

  it('a kid the key set does not hold is Graph’s to answer (404), and the dry run says it would fail', async () => {
    const { tfkey, patches } = against([key('a')]);
    const r = await tfkey('set-status', SET, 'nope', 'disabled');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Graph refused the request: 404 /);
    expect(patches()).toHaveLength(1);
    const dry = await tfkey('--dry-run', 'set-status', SET, 'nope', 'disabled');
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain(`guard: would fail: key set ${SET} has no key nope\n`);
  });

  it('bad input is refused before anything is read or sent', async () => {
    const { graph, tfkey } = against([key('a')]);
    const r = await tfkey('set-status', SET, '..', 'disabled');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('RequestValidationError: keyId must be one path segment');
    expect(graph.requests).toEqual([]);
  });

  it('get reads the key and nothing else', async () => {
    const { graph, tfkey } = against([key('a')]);
    expect((await tfkey('--json', 'get', SET, 'a')).code).toBe(0);
    expect(graph.requests.map((q) => q.operationId)).toEqual(['getTrustFrameworkKeyV2']);
  });
});

describe('the guard across time (--days)', () => {
  // "a" is active and runs out in 10 days; "n2" is due to take over in 5. Disabling n2 breaks sign-ins in 10 days.
  const at = Date.UTC(2026, 11, 1, 12, 0, 0);
  const S = at / 1000;
  const keys = (): FakeKey[] => [key('a', { nbf: S - 30 * DAY, exp: S + 10 * DAY }), key('n2', { nbf: S + 5 * DAY, exp: S + 365 * DAY })];
  function at1Dec(initial: FakeKey[]) {
    const graph = createFakeGraph({ now: () => at, keySets: { [SET]: initial } });
    const tfkey = (...args: string[]) => runTfkey(['--base-url', graph.baseUrl, ...args], { env: { GRAPH_TOKEN: 'guard-token' }, io: { fetch: graph.fetch, now: () => at } });
    return { graph, tfkey, patches: () => graph.requests.filter((r) => r.method === 'PATCH') };
  }
  const GAP = `disabling n2 would leave ${SET} with no usable key from 2026-12-11T12:00:00Z (in 10 days), and every policy using it would fail then: n2 would have taken over`;

  it('set-status refuses disabling the key due to take over, naming the date; nothing is sent', async () => {
    const { graph, tfkey, patches } = at1Dec(keys());
    const r = await tfkey('set-status', SET, 'n2', 'disabled');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`tfkey: refused: ${GAP}. Nothing was sent; to do it anyway: tfkey set-status ${SET} n2 disabled --force\n`);
    expect(patches()).toEqual([]);
    expect(graph.key(SET, 'n2')!.status).toBe('enabled');
  });

  it('--force does it and says what it breaks; --days shorter than the gap lets it through', async () => {
    const forced = at1Dec(keys());
    const r = await forced.tfkey('set-status', SET, 'n2', 'disabled', '--force');
    expect(r).toMatchObject({ code: 0, stderr: `warning: forced: ${GAP}\nnote: the active key a of ${SET} expires on 2026-12-11T12:00:00Z, in 10 days: add a key before then\n` });
    expect(forced.graph.key(SET, 'n2')!.status).toBe('disabled');
    const shorter = at1Dec(keys());
    expect((await shorter.tfkey('set-status', SET, 'n2', 'disabled', '--days', '9')).code).toBe(0);
    expect(shorter.graph.key(SET, 'n2')!.status).toBe('disabled');
  });

  it('enabling the successor is never refused', async () => {
    const { graph, tfkey } = at1Dec([keys()[0]!, { ...keys()[1]!, status: 'disabled' }]);
    expect((await tfkey('set-status', SET, 'n2', 'enabled')).code).toBe(0);
    expect(graph.key(SET, 'n2')!.status).toBe('enabled');
  });

  it('plan refuses it too, and --days 9 plans it; apply re-checks with the plan’s horizon', async () => {
    const { graph, tfkey } = at1Dec(keys());
    const refused = await tfkey('--json', 'plan', '--status', 'disabled', '--kid', 'n2', '--key-set', SET);
    expect(JSON.parse(refused.stdout)).toMatchObject({ horizonDays: 30, items: [{ action: 'refuse', reason: GAP }] });
    const planned = await tfkey('--json', 'plan', '--status', 'disabled', '--kid', 'n2', '--key-set', SET, '--days', '9');
    expect(JSON.parse(planned.stdout)).toMatchObject({ horizonDays: 9, items: [{ action: 'change' }] });
    expect(graph.key(SET, 'n2')!.status).toBe('enabled');
  });

  it.each(['-1', 'x', '3651', '1.5'])('--days %s is refused, exit 2', async (days) => {
    const r = await at1Dec(keys()).tfkey('set-status', SET, 'n2', 'disabled', '--days', days);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--days must be a whole number of days from 0 to 3650 (got "${days}")`);
  });
});
