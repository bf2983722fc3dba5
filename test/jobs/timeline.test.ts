// The key timeline and `checkKeySet`: which key is active when, where a key set runs dry, and the verdict of
// `tfkey check` — property-tested against the guard's rule at an instant, compared with the fake's getActiveKey as its
// clock moves, and pinned on the key sets an admin meets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKeysClient, isGraphError } from '../../src/index.js';
import { activeKey, checkKeySet, keyTimeline, type GuardKey } from '../../src/jobs/index.js';
import { createClock, createFakeGraph, fakeKey } from '../../src/testing/index.js';

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);
const S = NOW / 1000;
const DAY = 86_400;

const when = fc.integer({ min: -60, max: 120 }).map((d) => S + d * DAY + (d % 3) * 3600);
const key = (kid: string) =>
  fc.record({ kid: fc.constant(kid), status: fc.constantFrom('enabled', 'enabled', 'enabled', 'disabled'), nbf: fc.option(when, { nil: null }), exp: fc.option(when, { nil: null }) });
const keySet = fc.integer({ min: 0, max: 6 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => key(`k${i}`))));

describe('keyTimeline', () => {
  it('at every moment, the segment holding it names the key the guard calls active then', () => {
    fc.assert(
      fc.property(keySet, fc.array(fc.integer({ min: 0, max: 200 * DAY }), { minLength: 1, maxLength: 8 }), (keys: GuardKey[], offsets) => {
        const { segments } = keyTimeline(keys, NOW);
        for (const offset of offsets) {
          const t = NOW + offset * 1000;
          const s = segments.find((x) => x.from <= t && (x.to === null || t < x.to))!;
          expect(s.kid).toBe(activeKey(keys, t)?.kid ?? null);
        }
      }),
      { seed: 20261129, numRuns: 1000 },
    );
  });

  it('segments follow one another from the start, each a different key from the last, with a change at each seam', () => {
    fc.assert(
      fc.property(keySet, (keys: GuardKey[]) => {
        const { segments, changes } = keyTimeline(keys, NOW);
        expect(segments[0]!.from).toBe(NOW);
        expect(segments.at(-1)!.to).toBeNull();
        segments.slice(1).forEach((s, i) => {
          expect(s.from).toBe(segments[i]!.to);
          expect(s.kid).not.toBe(segments[i]!.kid);
          expect(changes[i]).toMatchObject({ at: s.from, before: segments[i]!.kid, after: s.kid });
        });
        expect(changes).toHaveLength(segments.length - 1);
      }),
      { seed: 20261129, numRuns: 1000 },
    );
  });

  it('a stretch with an end is cut there, and says why each change happens', () => {
    const keys = [
      { kid: 'old', status: 'enabled', nbf: S - 10 * DAY, exp: S + 5 * DAY },
      { kid: 'new', status: 'enabled', nbf: S + 3 * DAY, exp: S + 20 * DAY },
      { kid: 'fallback', status: 'enabled' },
    ];
    const t = keyTimeline(keys, NOW, NOW + 30 * DAY * 1000);
    expect(t.segments.map((s) => [s.kid, (s.from - NOW) / 86_400_000, s.to === null ? null : (s.to - NOW) / 86_400_000])).toEqual([
      ['old', 0, 3],
      ['new', 3, 20],
      ['fallback', 20, 30],
    ]);
    expect(t.changes.map((c) => c.why)).toEqual(['new overtakes old (a later nbf)', 'new expires; fallback takes over']);
  });

  it('matches the fake’s getActiveKey as its clock moves', async () => {
    const clock = createClock(NOW, { ticking: false });
    const keys = [
      fakeKey({ kid: 'a', nbf: S - 10 * DAY, exp: S + 5 * DAY }),
      fakeKey({ kid: 'b', nbf: S + 3 * DAY, exp: S + 9 * DAY }),
      fakeKey({ kid: 'c', status: 'disabled', nbf: S + 8 * DAY }),
      fakeKey({ kid: 'd', nbf: S + 12 * DAY, exp: S + 40 * DAY }),
    ];
    const graph = createFakeGraph({ now: clock.now, keySets: { S: keys } });
    const client = createKeysClient({ token: 't', fetch: graph.fetch, baseUrl: graph.baseUrl });
    const { segments } = keyTimeline(keys, NOW);
    for (const day of [0, 2, 3, 4, 8, 9, 11, 12, 39, 40, 41]) {
      clock.set(NOW + day * DAY * 1000);
      const t = clock.now();
      const expected = segments.find((s) => s.from <= t && (s.to === null || t < s.to))!.kid;
      const got = await client.getActiveKey({ keySetId: 'S' }).then((k) => k.kid, (e: unknown) => (isGraphError(e) && e.status === 404 ? null : Promise.reject(e)));
      expect([day, got]).toEqual([day, expected]);
    }
  });
});

describe('checkKeySet: the verdicts of tfkey check', () => {
  const at = (days: number) => S + days * DAY;
  const iso = (days: number) => new Date((S + days * DAY) * 1000).toISOString().replace('.000Z', 'Z');

  it.each([
    {
      name: 'a healthy set with a future key',
      keys: [{ kid: 'now', status: 'enabled', nbf: at(-10), exp: at(300) }, { kid: 'future', status: 'enabled', nbf: at(200), exp: at(700) }],
      days: 30,
      want: { verdict: 'ok', active: 'now', activeUntil: iso(200), next: { kid: 'future', from: iso(200) }, gaps: [], reasons: [] },
    },
    {
      name: 'an active key expiring within the horizon with no successor',
      keys: [{ kid: 'only', status: 'enabled', nbf: at(-100), exp: at(12) }],
      days: 30,
      want: { verdict: 'warn', active: 'only', activeUntil: iso(12), next: null, gaps: [{ from: iso(12), to: null }], reasons: [`S has no usable key from ${iso(12)} (in 12 days) on: no key becomes usable again: only, the active key, expires then`] },
    },
    {
      name: 'a handover',
      keys: [{ kid: 'a', status: 'enabled', nbf: at(-100), exp: at(12) }, { kid: 'b', status: 'enabled', nbf: at(10), exp: at(400) }],
      days: 30,
      want: { verdict: 'ok', active: 'a', activeUntil: iso(10), next: { kid: 'b', from: iso(10) }, gaps: [], reasons: [`a hands over to b on ${iso(10)} (in 10 days)`] },
    },
    {
      name: 'an undated fallback',
      keys: [{ kid: 'a', status: 'enabled', nbf: at(-100), exp: at(12) }, { kid: 'undated', status: 'enabled' }],
      days: 30,
      want: { verdict: 'ok', active: 'a', activeUntil: iso(12), next: { kid: 'undated', from: iso(12) }, gaps: [], reasons: [`a hands over to undated on ${iso(12)} (in 12 days)`] },
    },
    {
      name: 'no usable key now',
      keys: [{ kid: 'gone', status: 'enabled', exp: at(-1) }, { kid: 'off', status: 'disabled' }, { kid: 'soon', status: 'enabled', nbf: at(4) }],
      days: 30,
      want: { verdict: 'error', active: null, activeUntil: null, next: null, gaps: [], reasons: [`S has no usable key now, and every policy using it fails: gone expired on ${iso(-1)}; off is disabled; soon is not active until ${iso(4)}`, `soon becomes usable on ${iso(4)} (in 4 days)`] },
    },
    {
      name: 'a disabled successor',
      keys: [{ kid: 'a', status: 'enabled', nbf: at(-100), exp: at(10) }, { kid: 'n2', status: 'disabled', nbf: at(5), exp: at(400) }],
      days: 30,
      want: { verdict: 'warn', active: 'a', activeUntil: iso(10), next: null, gaps: [{ from: iso(10), to: null }], reasons: [`S has no usable key from ${iso(10)} (in 10 days) on: no key becomes usable again: a, the active key, expires then`, 'n2 would take over then but is disabled: enabling it closes the gap'] },
    },
    {
      name: 'a successor whose nbf leaves a gap',
      keys: [{ kid: 'a', status: 'enabled', nbf: at(-100), exp: at(10) }, { kid: 'late', status: 'enabled', nbf: at(14), exp: at(400) }],
      days: 30,
      want: { verdict: 'warn', active: 'a', activeUntil: iso(10), next: null, gaps: [{ from: iso(10), to: iso(14) }], reasons: [`S has no usable key from ${iso(10)} (in 10 days) to ${iso(14)}: a, the active key, expires then`, `late becomes usable only on ${iso(14)}, 4 day(s) after the gap begins`] },
    },
    {
      name: 'a key expiring just beyond the horizon',
      keys: [{ kid: 'a', status: 'enabled', nbf: at(-100), exp: at(31) }],
      days: 30,
      want: { verdict: 'ok', active: 'a', activeUntil: iso(31), next: null, gaps: [], reasons: [] },
    },
    {
      name: 'the same key inside a larger horizon',
      keys: [{ kid: 'a', status: 'enabled', nbf: at(-100), exp: at(31) }],
      days: 45,
      want: { verdict: 'warn', active: 'a', activeUntil: iso(31), next: null, gaps: [{ from: iso(31), to: null }] },
    },
  ])('$name', ({ keys, days, want }) => {
    expect(checkKeySet('S', keys, NOW, days)).toMatchObject({ keySetId: 'S', ...want });
  });
});

describe('plan and apply judge across time', () => {
  const keysNow = () => [fakeKey({ kid: 'a', nbf: S - 30 * DAY, exp: S + 10 * DAY }), fakeKey({ kid: 'n2', nbf: S + 5 * DAY, exp: S + 365 * DAY })];

  it('plan refuses disabling the key due to take over, records its horizon, and a shorter one lets it through', async () => {
    const { planKeyStatusChanges } = await import('../../src/jobs/index.js');
    const graph = createFakeGraph({ now: () => NOW, keySets: { S: keysNow() } });
    const client = createKeysClient({ token: 't', fetch: graph.fetch, baseUrl: graph.baseUrl });
    const target = [{ keySetId: 'S', kid: 'n2', status: 'disabled' as const }];
    const plan = await planKeyStatusChanges(client, target, { now: NOW });
    expect(plan.horizonDays).toBe(30);
    expect(plan.items[0]).toMatchObject({ action: 'refuse', reason: 'disabling n2 would leave S with no usable key from 2026-12-09T12:00:00Z (in 10 days), and every policy using it would fail then: n2 would have taken over' });
    expect((await planKeyStatusChanges(client, target, { now: NOW, horizonDays: 7 })).items[0]).toMatchObject({ action: 'change' });
    await expect(planKeyStatusChanges(client, target, { horizonDays: -1 })).rejects.toMatchObject({ field: 'horizonDays' });
  });

  it('apply re-checks with the plan’s horizon: a change planned under 7 days is refused under 30', async () => {
    const { applyKeyStatusChanges, planKeyStatusChanges } = await import('../../src/jobs/index.js');
    const graph = createFakeGraph({ now: () => NOW, keySets: { S: keysNow() } });
    const client = createKeysClient({ token: 't', fetch: graph.fetch, baseUrl: graph.baseUrl });
    const plan = await planKeyStatusChanges(client, [{ keySetId: 'S', kid: 'n2', status: 'disabled' }], { now: NOW, horizonDays: 7 });
    const under30 = await applyKeyStatusChanges(client, plan, { now: () => NOW, horizonDays: 30 });
    expect(under30.results[0]).toMatchObject({ outcome: 'refused' });
    expect(graph.key('S', 'n2')!.status).toBe('enabled');
    const asPlanned = await applyKeyStatusChanges(client, plan, { now: () => NOW });
    expect(asPlanned.results[0]).toMatchObject({ outcome: 'done' });
  });
});

describe('the timeline’s words and edges', () => {
  const key = (kid: string, nbfDays: number | null, expDays: number | null, status = 'enabled') => ({ kid, status, nbf: nbfDays === null ? null : S + nbfDays * DAY, exp: expDays === null ? null : S + expDays * DAY });
  const iso = (days: number) => new Date((S + days * DAY) * 1000).toISOString().replace('.000Z', 'Z');

  it('a change beyond the end asked for is not in the timeline', () => {
    const t = keyTimeline([key('a', -10, 40), key('b', 35, null)], NOW, NOW + 30 * DAY * 1000);
    expect(t.segments).toEqual([{ from: NOW, to: NOW + 30 * DAY * 1000, kid: 'a' }]);
    expect(t.changes).toEqual([]);
  });

  it.each([
    { name: 'the last key runs out', keys: [key('a', -10, 5)], why: 'a expires and no key is usable' },
    { name: 'a first key starts', keys: [key('a', 5, null)], why: 'a starts' },
    { name: 'one expires as the next starts', keys: [key('a', -10, 5), key('b', 5, 50)], why: 'a expires; b takes over' },
    { name: 'one expires and an older one is left', keys: [key('a', -5, 5), key('b', -10, 50)], why: 'a expires; b takes over' },
    { name: 'a later key overtakes', keys: [key('a', -10, 50), key('b', 5, 60)], why: 'b overtakes a (a later nbf)' },
  ])('says why: $name', ({ keys, why }) => {
    expect(keyTimeline(keys, NOW).changes[0]!.why).toBe(why);
  });

  it('counts days as a person does: today, in 1 day, in 2 days', () => {
    expect(checkKeySet('S', [key('a', -10, 0.5)], NOW, 30).reasons[0]).toBe(`S has no usable key from ${new Date(NOW + DAY * 500).toISOString().replace('.000Z', 'Z')} (today) on: no key becomes usable again: a, the active key, expires then`);
    expect(checkKeySet('S', [key('a', -10, 1)], NOW, 30).reasons[0]).toContain('(in 1 day)');
    expect(checkKeySet('S', [key('a', -10, 2)], NOW, 30).reasons[0]).toContain('(in 2 days)');
  });

  it('an undated key alone: ok for ever, with nothing after it', () => {
    expect(checkKeySet('S', [key('u', null, null)], NOW, 30)).toEqual({ keySetId: 'S', verdict: 'ok', active: 'u', activeUntil: null, next: null, gaps: [], reasons: [] });
  });

  it('no usable key now and none to come: one reason, no next', () => {
    expect(checkKeySet('S', [key('gone', -10, -1)], NOW, 30)).toEqual({ keySetId: 'S', verdict: 'error', active: null, activeUntil: null, next: null, gaps: [], reasons: [`S has no usable key now, and every policy using it fails: gone expired on ${iso(-1)}`] });
    expect(checkKeySet('S', [], NOW, 30).reasons).toEqual(['S has no usable key now, and every policy using it fails: it has no keys']);
  });

  it('a handover on the horizon’s last day is told; one a day beyond it is not', () => {
    expect(checkKeySet('S', [key('a', -10, 100), key('b', 30, 200)], NOW, 30).reasons).toEqual([`a hands over to b on ${iso(30)} (in 30 days)`]);
    expect(checkKeySet('S', [key('a', -10, 100), key('b', 31, 200)], NOW, 30).reasons).toEqual([]);
  });

  it('a disabled key that could not take over anyway is not offered as the fix', () => {
    const v = checkKeySet('S', [key('a', -10, 10), key('old', -100, 5, 'disabled'), key('next', 5, 100, 'disabled')], NOW, 30);
    expect(v.reasons.filter((r) => r.includes('would take over'))).toEqual(['next would take over then but is disabled: enabling it closes the gap']);
  });
});
