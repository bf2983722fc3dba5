// applyKeyStatusChanges at its edges: what a stale plan meets, what the journal keeps, how the pool bounds and adapts
// its concurrency, and what an abort leaves for the next run.
import { describe, expect, it } from 'vitest';
import { createKeysClient, type KeysClient, type TrustFrameworkKeyV2 } from '../../src/index.js';
import { applyKeyStatusChanges, memoryJournal, planKeyStatusChanges, type ApplyProgress, type KeyStatusPlan } from '../../src/jobs/index.js';
import { createFakeGraph, type FakeKey } from '../../src/testing/index.js';

const NOW = Date.UTC(2026, 10, 27);
const S = NOW / 1000;
const pair = (): FakeKey[] => [
  { kid: 'old', status: 'enabled', nbf: S - 400 * 86_400 },
  { kid: 'new', status: 'enabled', nbf: S - 86_400 },
];
const clientOf = (graph: ReturnType<typeof createFakeGraph>, fetch = graph.fetch) => createKeysClient({ token: 't', fetch, baseUrl: graph.baseUrl, retryDelayMs: 1, maxRetries: 0 });
const planFor = async (keySets: Record<string, FakeKey[]>, kid = 'new') => {
  const graph = createFakeGraph({ keySets, now: () => NOW });
  return planKeyStatusChanges(clientOf(graph), Object.keys(keySets).map((keySetId) => ({ keySetId, kid, status: 'disabled' as const })), { now: NOW });
};

describe('a stale plan', () => {
  it('a key set or kid that is gone is refused, saying so; one already changed is skipped', async () => {
    const plan = await planFor({ Gone: pair(), Lost: pair(), Done: pair() });
    const graph = createFakeGraph({ keySets: { Lost: [{ kid: 'old', status: 'enabled' }], Done: [{ kid: 'old', status: 'enabled' }, { kid: 'new', status: 'disabled' }] }, now: () => NOW });
    const report = await applyKeyStatusChanges(clientOf(graph), plan, { now: () => NOW });
    expect(report.results.map((r) => [r.keySetId, r.outcome, r.detail])).toEqual([
      ['Gone', 'refused', 'there is no key set Gone any more'],
      ['Lost', 'refused', 'key set Lost has no key new any more'],
      ['Done', 'skipped', 'already disabled'],
    ]);
    expect(graph.requests.filter((r) => r.method === 'PATCH')).toEqual([]);
  });

  it('the guard judges at the time it is given', async () => {
    const plan = await planFor({ A: [{ kid: 'new', status: 'enabled' }, { kid: 'soon', status: 'enabled', nbf: S + 86_400 }] });
    const graph = createFakeGraph({ keySets: { A: [{ kid: 'new', status: 'enabled' }, { kid: 'soon', status: 'enabled', nbf: S + 86_400 }] }, now: () => NOW });
    expect((await applyKeyStatusChanges(clientOf(graph), { ...plan, items: plan.items.map((i) => ({ ...i, action: 'change' as const })) }, { now: () => NOW })).results[0]!.outcome).toBe('refused');
    expect((await applyKeyStatusChanges(clientOf(graph), { ...plan, items: plan.items.map((i) => ({ ...i, action: 'change' as const })) }, { now: () => NOW + 2 * 86_400_000 })).results[0]!.outcome).toBe('done');
  });

  it('a key that reads back otherwise than set is a failure that says Graph accepted the change', async () => {
    const plan = await planFor({ A: pair() });
    const graph = createFakeGraph({ keySets: { A: pair() }, now: () => NOW });
    // A read-back that lags behind: the GET of the key still says enabled.
    const lagging: typeof fetch = async (input, init) => {
      const res = await graph.fetch(input, init);
      if ((init?.method ?? 'GET') === 'GET' && String(input).endsWith('/keys_v2/new')) return new Response(JSON.stringify({ kid: 'new', status: 'enabled' }), { status: 200, headers: { 'content-type': 'application/json' } });
      return res;
    };
    const report = await applyKeyStatusChanges(clientOf(graph, lagging), plan, { now: () => NOW });
    expect(report.results[0]).toMatchObject({ outcome: 'failed', detail: 'Graph accepted enabled → disabled, but the key reads back enabled' });
  });
});

describe('the journal', () => {
  it('keeps each step: sent before the PATCH, then the outcome; skips and refusals too; a settled item is not redone', async () => {
    const plan = await planFor({ A: pair(), B: [{ kid: 'new', status: 'disabled' }, { kid: 'old', status: 'enabled' }], C: [{ kid: 'new', status: 'enabled' }] });
    const graph = createFakeGraph({ keySets: { A: pair(), B: [{ kid: 'new', status: 'disabled' }, { kid: 'old', status: 'enabled' }], C: [{ kid: 'new', status: 'enabled' }] }, now: () => NOW });
    const journal = memoryJournal();
    await applyKeyStatusChanges(clientOf(graph), plan, { journal, now: () => NOW });
    expect(journal.entries.map((e) => [e.item, e.phase, e.detail])).toEqual([
      [1, 'skipped', 'already disabled'],
      [2, 'refused', expect.stringContaining('would leave C with no usable key')],
      [0, 'sent', 'enabled → disabled'],
      [0, 'done', 'enabled → disabled'],
    ]);
    const again = await applyKeyStatusChanges(clientOf(graph), plan, { journal, now: () => NOW });
    expect(again.results.map((r) => [r.outcome, r.detail, r.resumed])).toEqual([
      ['done', 'enabled → disabled', true],
      ['skipped', 'already disabled', true],
      ['refused', expect.stringContaining('no usable key'), true],
    ]);
  });
});

/** A client whose key sets each hold two keys, that counts calls in flight, and reports a throttle when asked. */
function countingClient(throttleOn: Set<number> = new Set()) {
  let inFlight = 0;
  let most = 0;
  let events = 0;
  let calls = 0;
  const track = async <T>(work: () => T): Promise<T> => {
    inFlight++;
    most = Math.max(most, inFlight);
    await new Promise((r) => setTimeout(r, 5));
    inFlight--;
    return work();
  };
  const status = new Map<string, string>();
  const client = {
    get throttling() {
      return { events, episodes: events, pacePerSecond: undefined, reason: 'open' };
    },
    async *listKeys({ keySetId }: { keySetId: string }) {
      const keys: TrustFrameworkKeyV2[] = [{ kid: 'a', status: (status.get(keySetId) ?? 'enabled') as 'enabled' }, { kid: 'b', status: 'enabled' }];
      yield* await track(() => keys);
    },
    updateKeyStatus: ({ keySetId }: { keySetId: string }) =>
      track(() => {
        if (throttleOn.has(++calls)) events++;
        status.set(keySetId, 'disabled');
      }),
    getKey: ({ keySetId }: { keySetId: string }) => track(() => ({ kid: 'a', status: status.get(keySetId) ?? 'enabled' }) as TrustFrameworkKeyV2),
  } as unknown as KeysClient;
  return { client, most: () => most };
}
const planOf = (n: number): KeyStatusPlan => ({
  version: 1,
  createdAt: '',
  force: false,
  items: Array.from({ length: n }, (_, i) => ({ keySetId: `S${i}`, kid: 'a', status: 'disabled', current: 'enabled', action: 'change', reason: '', activeBefore: undefined, activeAfter: undefined, warnings: [] })),
});

describe('the pool', () => {
  it('never has more changes in flight than asked, and reports progress 1, 2, 3… in order of finishing', async () => {
    const c = countingClient();
    const progress: ApplyProgress[] = [];
    const report = await applyKeyStatusChanges(c.client, planOf(9), { concurrency: 3, onProgress: (p) => progress.push(p) });
    expect(report.counts.done).toBe(9);
    expect(c.most()).toBe(3);
    expect(progress.map((p) => p.finished)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(progress.every((p) => p.total === 9 && p.running <= 3)).toBe(true);
  });

  it('a concurrency below 1 runs one at a time', async () => {
    const c = countingClient();
    expect((await applyKeyStatusChanges(c.client, planOf(3), { concurrency: 0 })).counts.done).toBe(3);
    expect(c.most()).toBe(1);
  });

  it('halves the concurrency when the client was throttled, and grows it back slowly, never above the limit', async () => {
    const c = countingClient(new Set([1]));
    const progress: ApplyProgress[] = [];
    await applyKeyStatusChanges(c.client, planOf(12), { concurrency: 4, onProgress: (p) => progress.push(p) });
    const seen = progress.map((p) => p.concurrency);
    expect(Math.min(...seen)).toBe(2);
    expect(Math.max(...seen)).toBeLessThanOrEqual(4);
    // Grown back by one over `limit` finished items: back at 4 only after several successes.
    expect(seen.at(-1)).toBeGreaterThanOrEqual(3);
    expect(seen.indexOf(4, seen.indexOf(2))).toBeGreaterThan(seen.indexOf(2) + 1);
  });

  it('an abort stops starting items; the ones not started are failed with why, for the next run', async () => {
    const c = countingClient();
    const ac = new AbortController();
    const report = await applyKeyStatusChanges(c.client, planOf(6), { concurrency: 1, signal: ac.signal, onProgress: (p) => p.finished === 2 && ac.abort() });
    expect(report.results.slice(0, 2).map((r) => r.outcome)).toEqual(['done', 'done']);
    expect(report.results.slice(3).map((r) => [r.outcome, r.detail])).toEqual([
      ['failed', 'not started: the run was aborted'],
      ['failed', 'not started: the run was aborted'],
      ['failed', 'not started: the run was aborted'],
    ]);
    expect(report.counts.failed).toBeGreaterThanOrEqual(3);
  });
});
