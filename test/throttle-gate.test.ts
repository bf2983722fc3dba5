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
