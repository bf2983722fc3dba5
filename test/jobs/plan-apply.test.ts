// Plan and apply against the stateful fake: what a plan says for each target, and what applying it does — re-checks,
// read-backs, refusals left alone unless forced, failures as results, resumption from the journal, and throttling.
import { describe, expect, it } from 'vitest';
import { createKeysClient } from '../../src/index.js';
import { applyKeyStatusChanges, memoryJournal, planKeyStatusChanges, type ApplyProgress } from '../../src/jobs/index.js';
import { createFakeGraph, type FakeKey } from '../../src/testing/index.js';

const NOW = Date.UTC(2026, 10, 27);
const S = NOW / 1000;
const two = (): FakeKey[] => [
  { kid: 'old', status: 'enabled', nbf: S - 400 * 86_400, exp: S + 400 * 86_400 },
  { kid: 'new', status: 'enabled', nbf: S - 86_400, exp: S + 400 * 86_400 },
];
function setup(keySets: Record<string, FakeKey[]> = { A: two(), B: two() }, options: Parameters<typeof createFakeGraph>[0] = {}) {
  const graph = createFakeGraph({ keySets, now: () => NOW, ...options });
  const client = createKeysClient({ token: 't', fetch: graph.fetch, baseUrl: graph.baseUrl, retryDelayMs: 1 });
  return { graph, client };
}

describe('planKeyStatusChanges', () => {
  it('says change, skip or refuse for each target, with reasons and the active key before and after', async () => {
    const { client, graph } = setup({ A: two(), B: [{ kid: 'only', status: 'enabled' }], C: [{ kid: 'x', status: 'disabled' }, { kid: 'y', status: 'enabled' }] });
    const plan = await planKeyStatusChanges(client, [
      { keySetId: 'A', kid: 'new', status: 'disabled' },
      { keySetId: 'B', kid: 'only', status: 'disabled' },
      { keySetId: 'C', kid: 'x', status: 'disabled' },
      { keySetId: 'Z', kid: 'k', status: 'disabled' },
      { keySetId: 'A', kid: 'nope', status: 'disabled' },
    ], { now: NOW });
    expect(plan.items.map((i) => [i.keySetId, i.kid, i.current, i.action])).toEqual([
      ['A', 'new', 'enabled', 'change'],
      ['B', 'only', 'enabled', 'refuse'],
      ['C', 'x', 'disabled', 'skip'],
      ['Z', 'k', undefined, 'refuse'],
      ['A', 'nope', undefined, 'refuse'],
    ]);
    expect(plan.items[0]).toMatchObject({ activeBefore: 'new', activeAfter: 'old', reason: 'enabled → disabled', warnings: ['old becomes the active key of A (was new)'] });
    expect(plan.items[1]!.reason).toContain('would leave B with no usable key');
    expect(plan.items[2]!.reason).toBe('already disabled');
    expect(plan.items[3]!.reason).toBe('there is no key set Z');
    expect(plan.items[4]!.reason).toBe('key set A has no key nope');
    // Planning reads; it changes nothing.
    expect(graph.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('judges changes to one key set together: the second of two disables is the one refused', async () => {
    const { client } = setup();
    const plan = await planKeyStatusChanges(client, [{ keySetId: 'A', kid: 'new', status: 'disabled' }, { keySetId: 'A', kid: 'old', status: 'disabled' }], { now: NOW });
    expect(plan.items.map((i) => i.action)).toEqual(['change', 'refuse']);
  });

  it('with force, a refusal becomes a forced change that says what it breaks', async () => {
    const { client } = setup({ B: [{ kid: 'only', status: 'enabled' }] });
    const plan = await planKeyStatusChanges(client, [{ keySetId: 'B', kid: 'only', status: 'disabled' }], { now: NOW, force: true });
    expect(plan.items[0]).toMatchObject({ action: 'change', forced: true });
    expect(plan.items[0]!.reason).toMatch(/^forced: disabling only would leave B with no usable key/);
  });
});

describe('applyKeyStatusChanges', () => {
  it('changes, reads back, skips and leaves refusals alone', async () => {
    const { client, graph } = setup({ A: two(), B: [{ kid: 'only', status: 'enabled' }] });
    const plan = await planKeyStatusChanges(client, [{ keySetId: 'A', kid: 'new', status: 'disabled' }, { keySetId: 'B', kid: 'only', status: 'disabled' }, { keySetId: 'A', kid: 'old', status: 'enabled' }], { now: NOW });
    const report = await applyKeyStatusChanges(client, plan, { now: () => NOW });
    expect(report.results.map((r) => [r.kid, r.outcome])).toEqual([['new', 'done'], ['only', 'refused'], ['old', 'skipped']]);
    expect(report.counts).toEqual({ done: 1, skipped: 1, refused: 1, failed: 0 });
    expect(graph.key('A', 'new')!.status).toBe('disabled');
    expect(graph.key('B', 'only')!.status).toBe('enabled');
    // Re-check, PATCH, read back.
    expect(graph.requests.filter((r) => r.path.includes('/keys_v2/new')).map((r) => r.method)).toEqual(['PATCH', 'GET']);
    graph.assertNoViolations();
  });

  it('a forced change is applied', async () => {
    const { client, graph } = setup({ B: [{ kid: 'only', status: 'enabled' }] });
    const plan = await planKeyStatusChanges(client, [{ keySetId: 'B', kid: 'only', status: 'disabled' }], { now: NOW, force: true });
    expect((await applyKeyStatusChanges(client, plan, { now: () => NOW })).results[0]).toMatchObject({ outcome: 'done', detail: 'enabled → disabled (forced)' });
    expect(graph.key('B', 'only')!.status).toBe('disabled');
  });

  it('re-checks a stale plan: a change that the guard now refuses is not sent', async () => {
    const { client, graph } = setup();
    const plan = await planKeyStatusChanges(client, [{ keySetId: 'A', kid: 'new', status: 'disabled' }], { now: NOW });
    await client.updateKeyStatus({ keySetId: 'A', keyId: 'old', status: 'disabled' }); // someone else, since the plan
    const report = await applyKeyStatusChanges(client, plan, { now: () => NOW });
    expect(report.results[0]).toMatchObject({ outcome: 'refused' });
    expect(report.results[0]!.detail).toMatch(/^the key set changed since the plan: disabling new would leave A with no usable key/);
    expect(graph.key('A', 'new')!.status).toBe('enabled');
  });

  it('a failure is a result, not a rejection, and the other items go on', async () => {
    const { client, graph } = setup();
    graph.script({ method: 'PATCH', keySetId: 'A', status: 500, times: 10 });
    const plan = await planKeyStatusChanges(client, [{ keySetId: 'A', kid: 'new', status: 'disabled' }, { keySetId: 'B', kid: 'new', status: 'disabled' }], { now: NOW });
    const report = await applyKeyStatusChanges(client, plan, { now: () => NOW });
    expect(report.results.map((r) => r.outcome)).toEqual(['failed', 'done']);
    expect(report.results[0]!.error).toMatchObject({ name: 'GraphError', status: 500 });
  });

  it('a change Graph accepted but that could not be read back says it was accepted', async () => {
    const { client, graph } = setup();
    const plan = await planKeyStatusChanges(client, [{ keySetId: 'A', kid: 'new', status: 'disabled' }], { now: NOW });
    graph.script({ method: 'GET', kid: 'new', status: 500, times: 10 });
    const report = await applyKeyStatusChanges(client, plan, { now: () => NOW });
    expect(report.results[0]).toMatchObject({ outcome: 'failed' });
    expect(report.results[0]!.detail).toMatch(/^Graph accepted enabled → disabled, but reading the key back failed/);
    expect(graph.key('A', 'new')!.status).toBe('disabled');
  });

  it('resumes from the journal: settled items are not redone, an item sent before the kill is confirmed, not resent', async () => {
    const { client, graph } = setup({ A: two(), B: two(), C: two() });
    const plan = await planKeyStatusChanges(client, ['A', 'B', 'C'].map((keySetId) => ({ keySetId, kid: 'new', status: 'disabled' as const })), { now: NOW });
    // The first run got A done, and was killed right after sending B's PATCH.
    await client.updateKeyStatus({ keySetId: 'A', keyId: 'new', status: 'disabled' });
    await client.updateKeyStatus({ keySetId: 'B', keyId: 'new', status: 'disabled' });
    const journal = memoryJournal([
      { item: 0, phase: 'sent', detail: '', at: '' },
      { item: 0, phase: 'done', detail: 'enabled → disabled', at: '' },
      { item: 1, phase: 'sent', detail: '', at: '' },
    ]);
    const before = graph.requests.length;
    const report = await applyKeyStatusChanges(client, plan, { journal, now: () => NOW });
    expect(report.results.map((r) => [r.outcome, Boolean(r.resumed)])).toEqual([['done', true], ['done', false], ['done', false]]);
    expect(report.results[1]!.detail).toBe('disabled: confirmed after an interrupted run');
    const patches = graph.requests.slice(before).filter((r) => r.method === 'PATCH').map((r) => r.path.split('/')[3]);
    expect(patches).toEqual(['C']);
    expect(journal.entries.at(-1)).toMatchObject({ item: 2, phase: 'done' });
  });

  it('under throttling the concurrency halves, every change is done, and progress is reported for each item', async () => {
    const keySets = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`S${i}`, two()]));
    // The rate limit needs a clock that moves: the fake's real one (the keys are valid for a year either side), its
    // model four times faster, so that Graph's whole-second Retry-After is a quarter of a second here.
    const { client, graph } = setup(keySets, { now: Date.now, faults: { rateLimit: { requests: 16, perMs: 1000 }, timeScale: 4 } });
    const plan = await planKeyStatusChanges(client, Object.keys(keySets).map((keySetId) => ({ keySetId, kid: 'new', status: 'disabled' as const })), { now: NOW });
    const progress: ApplyProgress[] = [];
    const report = await applyKeyStatusChanges(client, plan, { concurrency: 8, now: () => NOW, onProgress: (p) => progress.push(p) });
    expect(report.counts).toEqual({ done: 8, skipped: 0, refused: 0, failed: 0 });
    expect(progress).toHaveLength(8);
    expect(progress.at(-1)).toMatchObject({ finished: 8, total: 8 });
    expect(Math.min(...progress.map((p) => p.concurrency))).toBeLessThan(8);
    expect(graph.requests.some((r) => r.status === 429)).toBe(true);
  }, 20_000);
});
