// The guard, exhaustively: fast-check over key sets of dated, undated, expired, future, enabled and disabled keys,
// and the changes proposed to them. Seeded, so a failure replays.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../src/index.js';
import { activeKey, checkKeyStatusChange, isUsable, type GuardKey, type StatusChange } from '../../src/jobs/index.js';
import { unusableState } from '../../src/jobs/guard.js';

const NOW = Date.UTC(2026, 10, 27, 3, 0, 0);
const S = NOW / 1000;
const DAY = 86_400;

/** A time relative to now, in seconds: well past, just past, just ahead, well ahead. */
const when = fc.constantFrom(-400 * DAY, -1, 1, 10 * DAY, 400 * DAY).map((d) => S + d);
const key = (kid: string) =>
  fc.record({
    kid: fc.constant(kid),
    status: fc.constantFrom('enabled', 'enabled', 'disabled', 'unknownFutureValue'),
    nbf: fc.option(when, { nil: null }),
    exp: fc.option(when, { nil: null }),
  });
const keySet = fc.integer({ min: 0, max: 6 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => key(`k${i}`))));
const changesFor = (keys: GuardKey[]) =>
  keys.length === 0 ? fc.constant([] as StatusChange[]) : fc.array(fc.record({ kid: fc.constantFrom(...keys.map((k) => k.kid)), status: fc.constantFrom('enabled' as const, 'disabled' as const) }), { minLength: 1, maxLength: 3 });
const SEED = 20261127;

/**
 * The oracle for "a gap begins within the horizon", independent of the timeline: is there a moment a second ahead,
 * or at any whole hour up to `days` ahead, with no usable key? (The generator's dates are a second or days apart.)
 */
const gapWithin = (keys: GuardKey[], days: number) =>
  [NOW + 1000, ...Array.from({ length: days * 24 }, (_, h) => NOW + (h + 1) * 3_600_000)].some((t) => !keys.some((k) => isUsable(k, t)));
const RUNS = 2000;

describe('activeKey', () => {
  it('is a usable key, the usable dated key with the latest nbf, else a usable undated one, else none', () => {
    fc.assert(
      fc.property(keySet, (keys) => {
        const active = activeKey(keys, NOW);
        const usable = keys.filter((k) => isUsable(k, NOW));
        const dated = usable.filter((k) => k.nbf != null);
        if (usable.length === 0) return active === undefined;
        if (dated.length) return active !== undefined && active.nbf != null && dated.every((k) => k.nbf! <= active.nbf!);
        return active === usable[0];
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it.each([
    { name: 'enabled, no dates', key: { kid: 'a', status: 'enabled' }, usable: true },
    { name: 'disabled', key: { kid: 'a', status: 'disabled' }, usable: false },
    { name: 'the sentinel status', key: { kid: 'a', status: 'unknownFutureValue' }, usable: false },
    { name: 'nbf exactly now', key: { kid: 'a', status: 'enabled', nbf: S }, usable: true },
    { name: 'nbf a second ahead', key: { kid: 'a', status: 'enabled', nbf: S + 1 }, usable: false },
    { name: 'exp exactly now', key: { kid: 'a', status: 'enabled', exp: S }, usable: false },
    { name: 'exp a second ahead', key: { kid: 'a', status: 'enabled', exp: S + 1 }, usable: true },
  ])('usable: $name → $usable', ({ key: k, usable }) => {
    expect(isUsable(k, NOW)).toBe(usable);
  });

  it('prefers the latest activated dated key over an undated one, and an undated one over none', () => {
    const keys = [
      { kid: 'undated', status: 'enabled' },
      { kid: 'old', status: 'enabled', nbf: S - 100 * DAY },
      { kid: 'new', status: 'enabled', nbf: S - DAY },
      { kid: 'future', status: 'enabled', nbf: S + DAY },
    ];
    expect(activeKey(keys, NOW)?.kid).toBe('new');
    expect(activeKey(keys.filter((k) => k.kid !== 'new' && k.kid !== 'old'), NOW)?.kid).toBe('undated');
  });
});

describe('unusableState', () => {
  it('names why B2C cannot use a key: disabled, not enabled (no status, or another), not yet active, expired', () => {
    expect(unusableState({ kid: 'a', status: 'disabled' }, NOW)).toBe('disabled');
    expect(unusableState({ kid: 'a' }, NOW)).toBe('not-enabled');
    expect(unusableState({ kid: 'a', status: 'unknownFutureValue' }, NOW)).toBe('not-enabled');
    expect(unusableState({ kid: 'a', status: 'enabled', nbf: S + 1 }, NOW)).toBe('not-yet-valid');
    expect(unusableState({ kid: 'a', status: 'enabled', exp: S }, NOW)).toBe('expired');
    // Active from the second its nbf names, and up to the second before its exp.
    expect(unusableState({ kid: 'a', status: 'enabled', nbf: S, exp: S + 1 }, NOW)).toBeUndefined();
    expect(isUsable({ kid: 'a', status: 'enabled', nbf: S, exp: S + 1 }, NOW)).toBe(true);
  });
});

describe('checkKeyStatusChange', () => {
  it('refuses exactly the changes that leave a key set with a usable key with none', () => {
    fc.assert(
      fc.property(
        keySet.chain((keys) => fc.tuple(fc.constant(keys), changesFor(keys))),
        ([keys, changes]) => {
          const v = checkKeyStatusChange('B2C_1A_Set', keys, changes, NOW);
          const after = keys.map((k) => ({ ...k, status: changes.findLast((c) => c.kid === k.kid)?.status ?? k.status }));
          const breaksNow = keys.some((k) => isUsable(k, NOW)) && !after.some((k) => isUsable(k, NOW));
          const opensGap = keys.some((k) => isUsable(k, NOW)) && gapWithin(after, 30) && !gapWithin(keys, 30);
          expect(v.refused).toBe(breaksNow || opensGap);
          expect(v.activeBefore).toBe(activeKey(keys, NOW)?.kid);
          expect(v.activeAfter).toBe(activeKey(after, NOW)?.kid);
          if (breaksNow) {
            expect(v.reason).toContain('B2C_1A_Set');
            for (const k of keys) expect(v.reason).toContain(k.kid);
          } else if (opensGap) expect(v.reason).toMatch(/^\S.* would leave B2C_1A_Set with no usable key from \d{4}-\d{2}-\d{2}T\S+ \(in \d+ days?\)/);
          else expect(v.reason).toBeUndefined();
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('never refuses enabling keys', () => {
    fc.assert(
      fc.property(keySet, (keys) => !checkKeyStatusChange('S', keys, keys.map((k) => ({ kid: k.kid, status: 'enabled' })), NOW).refused),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('names the key set, each key and why it would be unusable', () => {
    const keys = [
      { kid: 'live', status: 'enabled', nbf: S - DAY, exp: S + 300 * DAY },
      { kid: 'off', status: 'disabled' },
      { kid: 'gone', status: 'enabled', exp: S - DAY },
      { kid: 'later', status: 'enabled', nbf: S + 5 * DAY },
    ];
    const v = checkKeyStatusChange('B2C_1A_TokenSigningKeyContainer', keys, [{ kid: 'live', status: 'disabled' }], NOW);
    expect(v).toMatchObject({ refused: true, activeBefore: 'live', activeAfter: undefined });
    expect(v.reason).toBe(
      'disabling live would leave B2C_1A_TokenSigningKeyContainer with no usable key, and every policy using it would fail: live is disabled; off is disabled; gone expired on 2026-11-26T03:00:00Z; later is not active until 2026-12-02T03:00:00Z',
    );
  });

  it('warns when the key left active expires within 30 days, and when the active key changes', () => {
    const keys = [
      { kid: 'a', status: 'enabled', nbf: S - DAY, exp: S + 400 * DAY },
      { kid: 'b', status: 'enabled', nbf: S - 2 * DAY, exp: S + 12 * DAY },
    ];
    const v = checkKeyStatusChange('S', keys, [{ kid: 'a', status: 'disabled' }], NOW, { horizonDays: 10 });
    expect(v.refused).toBe(false);
    expect(v.warnings).toEqual(['b becomes the active key of S (was a)', 'the active key b of S expires on 2026-12-09T03:00:00Z, in 12 days: add a key before then']);
    expect(checkKeyStatusChange('S', keys, [{ kid: 'b', status: 'disabled' }], NOW).warnings).toEqual([]);
  });

  it('refuses a change that opens a gap within the horizon, saying when and which key would have taken over', () => {
    // a is active and expires in 10 days; n2 is due to take over in 5 days and lasts a year.
    const keys = [
      { kid: 'a', status: 'enabled', nbf: S - 30 * DAY, exp: S + 10 * DAY },
      { kid: 'n2', status: 'enabled', nbf: S + 5 * DAY, exp: S + 365 * DAY },
    ];
    const v = checkKeyStatusChange('B2C_1A_Sig', keys, [{ kid: 'n2', status: 'disabled' }], NOW);
    expect(v).toMatchObject({ refused: true, activeBefore: 'a', activeAfter: 'a' });
    expect(v.reason).toBe('disabling n2 would leave B2C_1A_Sig with no usable key from 2026-12-07T03:00:00Z (in 10 days), and every policy using it would fail then: n2 would have taken over');
    // A horizon shorter than the gap lets it through; 0 judges now only.
    expect(checkKeyStatusChange('B2C_1A_Sig', keys, [{ kid: 'n2', status: 'disabled' }], NOW, { horizonDays: 9 }).refused).toBe(false);
    expect(checkKeyStatusChange('B2C_1A_Sig', keys, [{ kid: 'n2', status: 'disabled' }], NOW, { horizonDays: 0 }).refused).toBe(false);
    expect(checkKeyStatusChange('B2C_1A_Sig', keys, [{ kid: 'n2', status: 'disabled' }], NOW, { horizonDays: 10 }).refused).toBe(true);
  });

  it('never refuses enabling the successor that closes a gap, nor a change to a key set that has a gap already', () => {
    const keys = [
      { kid: 'a', status: 'enabled', nbf: S - 30 * DAY, exp: S + 10 * DAY },
      { kid: 'n2', status: 'disabled', nbf: S + 5 * DAY, exp: S + 365 * DAY },
      { kid: 'spare', status: 'enabled', nbf: S - 60 * DAY, exp: S + 20 * DAY },
    ];
    expect(checkKeyStatusChange('S', keys, [{ kid: 'n2', status: 'enabled' }], NOW).refused).toBe(false);
    // With spare gone the gap is there already (day 10): disabling spare now changes nothing the guard promises.
    const gapped = keys.filter((k) => k.kid !== 'spare');
    expect(checkKeyStatusChange('S', [...gapped, { kid: 'x', status: 'enabled', nbf: S - DAY, exp: S + 3 * DAY }], [{ kid: 'x', status: 'disabled' }], NOW).refused).toBe(false);
  });

  it.each([-1, Number.NaN, Infinity])('refuses horizonDays %s, naming it', (horizonDays) => {
    expect(() => checkKeyStatusChange('S', [], [], NOW, { horizonDays })).toThrow(new RequestValidationError('horizonDays', `horizonDays must be a number of days from 0 (got ${horizonDays})`));
  });

  it('a key set with no usable key already is not refused for more of the same, but says so', () => {
    const v = checkKeyStatusChange('S', [{ kid: 'x', status: 'disabled' }, { kid: 'y', status: 'enabled' , exp: S - 1 }], [{ kid: 'y', status: 'disabled' }], NOW);
    expect(v.refused).toBe(false);
    expect(v.warnings[0]).toBe('S has no usable key already: x is disabled; y expired on 2026-11-27T02:59:59Z');
  });
});
