// One throttle gate per client: a 429/503 with Retry-After holds every call of the client until it passes, and the
// pace learned from it keeps the next ones under the budget, so parallel calls neither retry in lockstep nor run out
// of retries.
import { describe, expect, it } from 'vitest';
import { createThrottleGate } from '../src/client/throttle-gate.js';
import { createKeysClient } from '../src/index.js';
import { createFakeGraph } from '../src/testing/index.js';

describe('the gate', () => {
  it('holds every caller until the Retry-After has passed', async () => {
    const gate = createThrottleGate();
    gate.answered();
    gate.throttled(60);
    const t0 = performance.now();
    await Promise.all([gate.pass(undefined), gate.pass(undefined), gate.pass(undefined)]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
    expect(gate.events).toBe(1);
  });

  it('learns a pace from what got through in the window the throttle ended, and backs off from it', () => {
    let t = 0;
    const gate = createThrottleGate(() => t);
    expect(gate.pacePerSecond).toBeUndefined();
    for (let i = 0; i < 25; i++) gate.answered();
    t = 200;
    gate.throttled(1000); // 25 got through in the 1.2 s until the gate reopens
    expect(gate.pacePerSecond).toBeCloseTo((25 / 1.2) * 0.9, 5);
    for (let i = 0; i < 10; i++) gate.answered();
    t = 2000;
    gate.throttled(1000); // 10 in 1.8 s: slower than the pace, which falls to it
    expect(gate.pacePerSecond).toBeCloseTo(10 / 1.8, 5);
    expect(gate.events).toBe(2);
  });

  it('a caller’s abort ends its wait at the gate', async () => {
    const gate = createThrottleGate();
    gate.throttled(60_000);
    await expect(gate.pass(AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('a client under a tight rate limit', () => {
  it('30 parallel updates against 10 per second, with one retry each, all succeed', async () => {
    // Without the gate the 20 throttled calls come back together after the Retry-After, the bucket lets 10 through,
    // and the other 10 are throttled again with no retry left.
    const keys = Array.from({ length: 30 }, (_, i) => ({ kid: `k${i}`, status: 'enabled' as const }));
    const graph = createFakeGraph({ keySets: { B2C_1A_Signing: keys }, faults: { rateLimit: { requests: 10, perMs: 1000 } } });
    const client = createKeysClient({ token: 't', fetch: graph.fetch, baseUrl: graph.baseUrl, retryDelayMs: 1, maxRetries: 1 });
    const outcomes = await Promise.allSettled(keys.map((k) => client.updateKeyStatus({ keySetId: 'B2C_1A_Signing', keyId: k.kid, status: 'disabled' })));
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(graph.keys('B2C_1A_Signing')!.every((k) => k.status === 'disabled')).toBe(true);
    const throttled = graph.requests.filter((r) => r.status === 429).length;
    expect(client.throttling.events).toBe(throttled);
    expect(client.throttling.pacePerSecond).toBeGreaterThan(0);
  });
});

describe('the pace, as callers feel it', () => {
  const clock = () => performance.now();
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('after a throttle: the gate opens at Retry-After plus jitter, lets the regained burst through at once, then paces', async () => {
    const gate = createThrottleGate(clock, () => 1);
    const t0 = clock();
    for (let i = 0; i < 50; i++) gate.answered();
    await wait(100);
    const retryAfter = 200;
    gate.throttled(retryAfter);
    const window = clock() + retryAfter - t0; // ≈ 300 ms in which 50 got through
    const measured = 50 / window;
    expect(gate.pacePerSecond! / 1000).toBeCloseTo(measured * 0.9, 4);
    const at: number[] = [];
    for (let i = 0; i < 40; i++) {
      await gate.pass(undefined);
      at.push(clock() - t0);
    }
    // Jitter of a tenth of the wait (random() = 1 here): the first goes no sooner than 300 + 20 ms after t0.
    expect(at[0]!).toBeGreaterThanOrEqual(window + retryAfter / 10 - 5);
    expect(at[0]!).toBeLessThan(window + retryAfter / 10 + 250); // timers fire late on a busy machine, never early
    // The bucket regained about 33 tokens while closed (its capacity is the burst beyond the rate, also about 33).
    const burst = Math.floor(Math.min(50 - measured * 100, measured * retryAfter));
    expect(at[burst - 1]! - at[0]!).toBeLessThan(60);
    // The rest are paced at about 1 / pace apart: 6–7 ms each here.
    const paced = at.length - burst;
    expect(at.at(-1)! - at[burst - 1]!).toBeGreaterThanOrEqual(paced * (1000 / gate.pacePerSecond!) * 0.8);
  });

  it('the pace creeps up while nothing is throttled, and a window with nothing answered teaches nothing', async () => {
    let t = 0;
    const gate = createThrottleGate(() => t, () => 0);
    for (let i = 0; i < 100; i++) gate.answered();
    t = 1000;
    gate.throttled(0);
    const learned = gate.pacePerSecond!;
    t = 1500;
    await gate.pass(undefined); // a token is there: no wait; the pace grows by 10 % a second
    expect(gate.pacePerSecond!).toBeCloseTo(learned * 1.05, 6);
    gate.throttled(0); // nothing answered since the last throttle
    expect(gate.pacePerSecond!).toBeCloseTo(learned * 1.05, 6);
    expect(gate.events).toBe(2);
  });
});
