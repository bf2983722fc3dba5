// The fake refuses seed data that breaks the spec, naming the key set, the key and the field; fakeKey builds valid
// keys from readable dates; createClock ticks from a fixed date and moves on by hand, apart from the fault model.
import { describe, expect, it } from 'vitest';
import { createKeysClient, RequestValidationError } from '../../src/index.js';
import { createClock, createFakeGraph, fakeKey } from '../../src/testing/index.js';
import { runTfkey } from '../helpers/tfkey.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const refusal = (keySets: unknown) => {
  try {
    createFakeGraph({ keySets: keySets as never });
  } catch (e) {
    expect(e).toBeInstanceOf(RequestValidationError);
    return { field: (e as RequestValidationError).field, message: (e as Error).message };
  }
  throw new Error('the fake took it');
};

describe('seed data is held to the spec', () => {
  it.each([
    { name: 'an ISO nbf', keys: [{ kid: 'k1', nbf: '2026-01-01' }], field: 'keySets["S"][0].nbf', message: 'keySets["S"][0] (kid "k1"): nbf must be a NumericDate: seconds since 1970 (got "2026-01-01")' },
    { name: 'an exp in milliseconds as text', keys: [{ kid: 'k1', status: 'enabled' }, { kid: 'k2', exp: '1767225600000' }], field: 'keySets["S"][1].exp', message: 'keySets["S"][1] (kid "k2"): exp must be a NumericDate: seconds since 1970 (got "1767225600000")' },
    { name: 'a fractional nbf', keys: [{ kid: 'k1', nbf: 1.5 }], field: 'keySets["S"][0].nbf', message: 'keySets["S"][0] (kid "k1"): nbf must be a NumericDate: seconds since 1970 (got 1.5)' },
    { name: 'a capitalised status', keys: [{ kid: 'k1', status: 'Enabled' }], field: 'keySets["S"][0].status', message: 'keySets["S"][0] (kid "k1"): status must be one of enabled, disabled, unknownFutureValue (got "Enabled")' },
    { name: 'no kid', keys: [{ status: 'enabled' }], field: 'keySets["S"][0].kid', message: 'keySets["S"][0]: kid is required' },
    { name: 'a kid that is a number', keys: [{ kid: 7 }], field: 'keySets["S"][0].kid', message: 'keySets["S"][0]: kid must be string (got 7)' },
    { name: 'a dot-segment kid', keys: [{ kid: '..' }], field: 'keySets["S"][0].kid', message: 'keySets["S"][0] (kid ".."): kid must be a path segment: not empty, "." or ".."' },
    { name: 'a kid twice', keys: [{ kid: 'k1' }, { kid: 'k1' }], field: 'keySets["S"][1].kid', message: 'keySets["S"][1] (kid "k1"): kid appears twice in the key set' },
    { name: 'a key that is not an object', keys: ['k1'], field: 'keySets["S"][0]', message: 'keySets["S"][0] must be a key object (got "k1")' },
  ])('refuses $name, naming the key set, the key and the field', ({ keys, field, message }) => {
    expect(refusal({ S: keys })).toEqual({ field, message });
  });

  it.each([
    { keySets: [], message: 'keySets must be an object of key set ids to lists of keys (got [])' },
    { keySets: { S: { kid: 'k1' } }, message: 'keySets["S"] must be a list of keys (got {"kid":"k1"})' },
    { keySets: { '..': [] }, message: 'keySets[".."]: the key set id must be a path segment: not empty, "." or ".."' },
  ])('refuses key sets shaped $keySets', ({ keySets, message }) => {
    expect(refusal(keySets).message).toBe(message);
  });

  it('takes what the spec allows: undated keys, nulls, extra JWK members, an empty key set', () => {
    const graph = createFakeGraph({ keySets: { S: [{ kid: 'k1', status: 'enabled', nbf: null, exp: 1767225600, x5t: 'abc' }], Empty: [] } });
    expect(graph.keys('Empty')).toEqual([]);
  });

  it('tfkey mock --key-sets exits 2 with the same message, before serving', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfkey-seed-'));
    writeFileSync(join(dir, 'iso.json'), JSON.stringify({ B2C_1A_X: [{ kid: 'k1', status: 'enabled', nbf: '2026-01-01' }] }));
    const r = await runTfkey(['mock', '--key-sets', 'iso.json'], { io: { cwd: dir, stopRequested: () => Promise.resolve() } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('keySets["B2C_1A_X"][0] (kid "k1"): nbf must be a NumericDate: seconds since 1970 (got "2026-01-01")');
    expect(r.stdout).not.toContain('listening');
  });
});

describe('fakeKey: keys with readable dates', () => {
  it('turns a Date, an ISO string or seconds into NumericDates, with signing-key defaults', () => {
    expect(fakeKey({ kid: 'k1', nbf: new Date('2026-01-01T00:00:00Z'), exp: '2027-01-01' })).toEqual({ kid: 'k1', use: 'sig', kty: 'RSA', status: 'enabled', nbf: 1767225600, exp: 1798761600 });
    expect(fakeKey({ kid: 'k2', status: 'disabled', use: 'enc', nbf: 1767225600, exp: null })).toEqual({ kid: 'k2', use: 'enc', kty: 'RSA', status: 'disabled', nbf: 1767225600 });
  });

  it('a key it builds is served and judged as any other', async () => {
    const graph = createFakeGraph({ now: () => Date.parse('2026-06-01T00:00:00Z'), keySets: { S: [fakeKey({ kid: 'old', nbf: '2025-01-01', exp: '2026-03-01' }), fakeKey({ kid: 'new', nbf: '2026-02-01', exp: '2027-02-01' })] } });
    const keys = createKeysClient({ token: 't', fetch: graph.fetch, baseUrl: graph.baseUrl });
    expect((await keys.getActiveKey({ keySetId: 'S' })).kid).toBe('new');
  });

  it.each([
    [{ kid: 'k', nbf: 'next tuesday' }, 'nbf', 'nbf must be a Date, an ISO 8601 date ("2026-01-01" or "2026-01-01T00:00:00Z") or whole seconds since 1970 (got "next tuesday")'],
    [{ kid: 'k', exp: new Date('nope') }, 'exp', 'exp must be a Date, an ISO 8601 date ("2026-01-01" or "2026-01-01T00:00:00Z") or whole seconds since 1970 (got an invalid Date)'],
    [{ kid: 'k', exp: 1767225600123.5 }, 'exp', 'exp must be a Date, an ISO 8601 date ("2026-01-01" or "2026-01-01T00:00:00Z") or whole seconds since 1970 (got 1767225600123.5)'],
    [{ kid: '' }, 'keySets["fakeKey"][0].kid', 'keySets["fakeKey"][0] (kid ""): kid must be a path segment: not empty, "." or ".."'],
  ])('refuses %j', (init, field, message) => {
    expect(() => fakeKey(init as never)).toThrow(new RequestValidationError(field, message));
  });
});

describe('createClock: a fixed start that ticks, moved on by hand', () => {
  it('starts at the date given and ticks with real time', async () => {
    const clock = createClock('2026-06-01T00:00:00Z');
    const t0 = clock.now();
    expect(t0 - Date.parse('2026-06-01T00:00:00Z')).toBeLessThan(50);
    await new Promise((r) => setTimeout(r, 15));
    expect(clock.now()).toBeGreaterThanOrEqual(t0 + 10);
  });

  it('advances by milliseconds or by days, hours, minutes and seconds; set moves it to a date', () => {
    const clock = createClock(new Date('2026-06-01T00:00:00Z'), { ticking: false });
    clock.advance({ days: 1, hours: 2, minutes: 3, seconds: 4, ms: 5 });
    expect(new Date(clock.now()).toISOString()).toBe('2026-06-02T02:03:04.005Z');
    clock.advance(-5);
    clock.advance({ days: -1 });
    expect(new Date(clock.now()).toISOString()).toBe('2026-06-01T02:03:04.000Z');
    clock.set('2027-01-01');
    expect(clock.now()).toBe(Date.parse('2027-01-01'));
    expect(createClock(1_000, { ticking: false }).now()).toBe(1_000);
  });

  it.each([
    [() => createClock('tomorrow'), 'start'],
    [() => createClock(Number.NaN), 'start'],
    [() => createClock(0).advance({ weeks: 1 } as never), 'by.weeks'],
    [() => createClock(0).advance(Number.POSITIVE_INFINITY), 'by'],
    [() => createClock(0).set(new Date('x')), 'at'],
  ])('refuses a bad time, naming the field (%#)', (make, field) => {
    expect(make).toThrow(RequestValidationError);
    try {
      make();
    } catch (e) {
      expect((e as RequestValidationError).field).toBe(field);
    }
  });

  it('the keys follow the clock while the fault model keeps real time: a handover seen by moving time on', async () => {
    const clock = createClock('2026-06-01T00:00:00Z', { ticking: false });
    const graph = createFakeGraph({
      now: clock.now,
      keySets: { S: [fakeKey({ kid: 'june', nbf: '2026-05-01', exp: '2026-07-01' }), fakeKey({ kid: 'july', nbf: '2026-06-25', exp: '2027-07-01' })] },
      faults: { rateLimit: { requests: 1, perMs: 1000 }, timeScale: 50 }, // the second read is throttled for 20 ms
    });
    const keys = createKeysClient({ token: 't', fetch: graph.fetch, baseUrl: graph.baseUrl, maxRetries: 5 });
    expect((await keys.getActiveKey({ keySetId: 'S' })).kid).toBe('june');
    clock.advance({ days: 30 });
    expect((await keys.getActiveKey({ keySetId: 'S' })).kid).toBe('july');
  });
});
