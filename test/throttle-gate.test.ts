// One throttle gate per client, following the service and not the caller: a Retry-After that asks for a wait holds
// every call until it passes, once per episode; a pace is learned only from what got through while calls were under
// way; a Retry-After that means "now" changes nothing; the pace has a floor and grows back in seconds.
import { describe, expect, it } from 'vitest';
import { BACKOFF, createThrottleGate, FLOOR_PER_SECOND } from '../src/client/throttle-gate.js';
import { createKeysClient } from '../src/index.js';
import { createFakeGraph } from '../src/testing/index.js';
import { KEY_SET, send, serverPerTest } from './helpers/server.js';

/** A gate on a clock the test moves, and a caller that makes calls of `ms` each. */
function gateOnClock() {
  const clock = { t: 0 };
  const gate = createThrottleGate(() => clock.t, () => 0);
  /** `n` calls one after another, each under way for `ms`, with `idle` ms between them; all answered. */
  const sequential = async (n: number, ms: number, idle = 0) => {
    for (let i = 0; i < n; i++) {
      const end = gate.begin();
      const sent = await gate.pass(undefined);
      clock.t += ms;
      gate.answered(sent);
      end();
      clock.t += idle;
    }
  };
  return { clock, gate, sequential };
}

describe('the gate', () => {
  it('holds every caller until the Retry-After has passed', async () => {
    const gate = createThrottleGate();
    gate.throttled(60, 0);
    const t0 = performance.now();
    await Promise.all([gate.pass(undefined), gate.pass(undefined), gate.pass(undefined)]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
    expect([gate.events, gate.episodes]).toEqual([1, 1]);
  });

  it.each([0, -1, Number.NaN])('a Retry-After that means "now" (%s ms) closes nothing and teaches nothing', async (ms) => {
    const { clock, gate, sequential } = gateOnClock();
    await sequential(20, 10);
    gate.throttled(ms, clock.t - 10);
    expect([gate.events, gate.episodes, gate.pacePerSecond]).toEqual([1, 0, undefined]);
    expect(gate.reason).toBe('open: no throttle with a wait yet');
    await expect(gate.pass(undefined)).resolves.toBe(clock.t);
  });

  it('one backoff per episode: answers to requests sent before the gate closed belong to it', async () => {
    const { clock, gate, sequential } = gateOnClock();
    await sequential(25, 4); // 25 through in 100 ms of demand
    const end = gate.begin();
    const sentBefore = clock.t;
    gate.throttled(1000, sentBefore);
    const learned = gate.pacePerSecond!;
    expect(learned).toBeCloseTo((25 / 1.1) * BACKOFF, 6); // 25 in 100 ms of demand plus the 1 s wait
    // 99 more throttled answers to requests already sent: the same episode, no further backoff; a longer wait counts.
    for (let i = 0; i < 99; i++) gate.throttled(i === 50 ? 1500 : 1000, sentBefore);
    expect([gate.events, gate.episodes, gate.pacePerSecond]).toEqual([100, 1, learned]);
    // A request sent after the gate reopened starts a new episode.
    clock.t += 1500;
    const sentAfter = await gate.pass(undefined);
    gate.throttled(1000, sentAfter);
    end();
    expect(gate.episodes).toBe(2);
  });

  it('learns from time with calls under way, never from the caller’s idle time', async () => {
    const { clock, gate, sequential } = gateOnClock();
    await sequential(10, 20, 980); // a call a second, each under way for 20 ms
    clock.t -= 980;
    const end = gate.begin();
    gate.throttled(1000, clock.t);
    end();
    // 10 in 200 ms of demand plus the 1 s wait, not 10 in the 10 s the caller took.
    expect(gate.pacePerSecond!).toBeCloseTo((10 / 1.2) * BACKOFF, 6);
    expect(gate.reason).toBe('paced: 10 answered in 200 ms under way + 1000 ms Retry-After (episode 1): budget 8.33/s');
  });

  it('a window with nothing answered closes the gate but teaches nothing', () => {
    const { gate } = gateOnClock();
    gate.throttled(1000, 0);
    expect([gate.episodes, gate.pacePerSecond]).toEqual([1, undefined]);
    expect(gate.reason).toBe('closed 1000 ms (episode 1): nothing answered before it, no pace learned');
  });

  it('never paces below the floor', async () => {
    const { clock, gate, sequential } = gateOnClock();
    await sequential(1, 10);
    gate.throttled(60_000, clock.t); // 1 in 60 s: below the floor
    expect(gate.pacePerSecond).toBeCloseTo(FLOOR_PER_SECOND, 9);
  });

  it('comes back to the budget in a second, probes past it on a cubic, and forgets the pace once far beyond it', async () => {
    const { clock, gate, sequential } = gateOnClock();
    await sequential(50, 2); // 50 in 100 ms
    gate.throttled(900, clock.t); // reopens at t + 900: 50 per second
    const reopens = clock.t + 900;
    const at = (s: number) => {
      clock.t = reopens + s * 1000;
      return gate.pacePerSecond;
    };
    expect(at(0)).toBeCloseTo(50 * BACKOFF, 6);
    expect(at(1)).toBeCloseTo(50, 6);
    expect(at(2)).toBeCloseTo(55, 6);
    expect(at(3)).toBeCloseTo(50 * 1.8, 6);
    expect(at(5.4)).toBeGreaterThan(400);
    expect(at(5.5)).toBeUndefined();
    expect(gate.reason).toBe('open: the pace grew to 10× the 50/s learned, unthrottled');
  });

  it('a second episode learns the lesser of the pace it was at and what it measured', async () => {
    const { clock, gate, sequential } = gateOnClock();
    await sequential(100, 1); // 100 in 100 ms + 900 ms wait: 100/s
    gate.throttled(900, clock.t);
    clock.t += 900;
    await sequential(10, 10); // at 90/s, 10 in 100 ms + 900 ms: 10/s
    gate.throttled(900, clock.t);
    expect(gate.pacePerSecond).toBeCloseTo(10 * BACKOFF, 6);
  });

  it('a caller’s abort ends its wait at a closed gate', async () => {
    const gate = createThrottleGate();
    gate.throttled(60_000, 0);
    await expect(gate.pass(AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a caller’s abort takes it out of the queue for the pace, and the others keep their places', async () => {
    const { clock, gate, sequential } = gateOnClock();
    await sequential(1000, 1); // 1000 in 1 s of demand + a 2 ms wait: about 1/ms, a bucket of one
    gate.throttled(2, clock.t);
    clock.t += 2;
    const stop = new AbortController();
    const first = gate.pass(undefined); // takes the one token
    const second = gate.pass(stop.signal);
    const third = gate.pass(undefined);
    await first;
    stop.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    clock.t += 2000;
    await expect(third).resolves.toBe(clock.t);
  });

  it('a call waiting for the pace does not go through a gate that closed meanwhile', async () => {
    const { clock, gate, sequential } = gateOnClock();
    await sequential(1000, 1);
    gate.throttled(2, clock.t); // a bucket of one, about 1/ms
    clock.t += 2;
    await gate.pass(undefined); // takes the token
    let went = false;
    const waiting = gate.pass(undefined).then(() => (went = true));
    gate.throttled(200, clock.t); // sent after the reopening: a new episode closes the gate for 200 ms
    clock.t += 30; // the pace alone would have let it go by now
    await new Promise((r) => setTimeout(r, 20));
    expect(went).toBe(false);
    clock.t += 200;
    await waiting;
    expect(gate.episodes).toBe(2);
  });
});

describe('the gate, at its edges', () => {
  it('a call still under way when the throttle comes counts its time as demand', async () => {
    const { clock, gate, sequential } = gateOnClock();
    await sequential(10, 10); // 10 in 100 ms
    gate.begin(); // one more call, still under way
    clock.t += 100;
    gate.throttled(1000, clock.t);
    expect(gate.pacePerSecond).toBeCloseTo((10 / 1.2) * BACKOFF, 6); // 200 ms of demand + the wait
  });

  it('ending a call twice counts it once', async () => {
    const { clock, gate, sequential } = gateOnClock();
    const end = gate.begin();
    end();
    end();
    await sequential(10, 10);
    const other = gate.begin(); // under way, so its time is demand; a double end() would have left it uncounted
    clock.t += 100;
    gate.throttled(1000, clock.t);
    other();
    expect(gate.pacePerSecond).toBeCloseTo((10 / 1.2) * BACKOFF, 6);
  });

  it('an aborted caller is refused at an open gate too', async () => {
    await expect(createThrottleGate().pass(AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('answers to requests sent before a window began do not count in it', async () => {
    const { clock, gate, sequential } = gateOnClock();
    await sequential(10, 10);
    const old = clock.t - 5;
    gate.throttled(1000, clock.t);
    clock.t += 1000;
    for (let i = 0; i < 10; i++) gate.answered(old); // late answers of the last window
    const sent = await gate.pass(undefined);
    gate.throttled(1000, sent);
    expect(gate.reason).toBe('closed 1000 ms (episode 2): nothing answered before it, no pace learned');
  });

  it('a second episode never learns more than the pace it was at, however much a burst got through', async () => {
    const { clock, gate, sequential } = gateOnClock();
    await sequential(10, 10);
    gate.throttled(900, clock.t); // 10 in 1 s: a budget of 10/s
    clock.t += 900;
    // A burst the gate did not pace (another client of the same app, say): 100 answers in 100 ms of demand.
    const end = gate.begin();
    for (let i = 0; i < 100; i++) gate.answered(clock.t);
    clock.t += 100;
    gate.throttled(900, clock.t);
    end();
    // The pace it was at, 0.1 s into its curve (10 × (1 + 0.1 × (0.1 − 1)³) ≈ 9.27/s), backed off: not the burst's 100/s.
    expect(gate.pacePerSecond).toBeCloseTo(10 * (1 + 0.1 * (0.1 - 1) ** 3) * BACKOFF, 6);
  });

  it('a short window is probed in its own time: back at the budget one window after reopening', async () => {
    const { clock, gate, sequential } = gateOnClock();
    await sequential(20, 5); // 20 in 100 ms, with a 100 ms wait: a window of 200 ms
    gate.throttled(100, clock.t);
    const reopens = clock.t + 100;
    clock.t = reopens + 200;
    expect(gate.pacePerSecond).toBeCloseTo(100, 6);
  });

  it('its own bucket holds the burst the service allowed beyond its rate, and no more', async () => {
    const { clock, gate, sequential } = gateOnClock();
    await sequential(50, 2); // 50 in 100 ms of demand, then a 1 s wait: 50/1.1 s, a bucket of 45
    gate.throttled(1000, clock.t);
    clock.t += 1000 + 3000; // long enough to fill any bucket, not to forget the pace
    let went = 0;
    const passes = Array.from({ length: 60 }, () => gate.pass(undefined).then(() => went++));
    await new Promise((r) => setTimeout(r, 5));
    expect(went).toBe(45);
    clock.t += 60_000;
    await Promise.all(passes);
  });

  it('a later throttle of the same episode keeps the gate closed for its longer wait', async () => {
    const gate = createThrottleGate(() => performance.now(), () => 0);
    const sent = performance.now();
    gate.throttled(30, sent);
    gate.throttled(150, sent);
    const t0 = performance.now();
    await gate.pass(undefined);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('waiters at a closed gate come back spread over a tenth of the wait, not all at once', async () => {
    const gate = createThrottleGate(() => performance.now(), () => 1);
    gate.throttled(100, 0);
    const t0 = performance.now();
    await gate.pass(undefined);
    const waited = performance.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(105); // 100 + a tenth of it, at random() = 1
    expect(waited).toBeLessThan(600);
  });
});

describe('the pace, as callers feel it', () => {
  const clock = () => performance.now();

  it('after an episode the regained burst goes at once, then the queue is served in order at the pace', async () => {
    const gate = createThrottleGate(clock, () => 0);
    const end = gate.begin();
    const t0 = clock();
    for (let i = 0; i < 50; i++) gate.answered(t0);
    gate.throttled(100, t0); // 50 in (≈0 + 100) ms: a budget of about 500/s, a bucket of about 50
    // Waiters at a closed gate come back in a jittered order by design; the queue for the pace keeps theirs.
    await new Promise((r) => setTimeout(r, 105));
    const order: number[] = [];
    const at: number[] = [];
    await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        gate.pass(undefined).then(() => {
          order.push(i);
          at.push(clock() - t0);
        }),
      ),
    );
    end();
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(at[0]!).toBeGreaterThanOrEqual(99); // timers fire late on a busy machine, never early
    const burst = Math.min(50, Math.floor(gate.pacePerSecond! / 10)); // what the bucket regained in the 100 ms wait
    const paced = at.length - burst;
    // The rest go no faster than the pace (≈ 2 ms apart at 450/s).
    expect(at.at(-1)! - at[burst - 1]!).toBeGreaterThanOrEqual(paced * (1000 / 500) * 0.6);
  });
});

describe('a client under throttling', () => {
  const serve = serverPerTest();

  it('30 parallel updates against 10 per second, with one retry each, all succeed in one episode', async () => {
    // Without the gate the 20 throttled calls come back together after the Retry-After, the bucket lets 10 through,
    // and the other 10 are throttled again with no retry left.
    const keys = Array.from({ length: 30 }, (_, i) => ({ kid: `k${i}`, status: 'enabled' as const }));
    // Graph's whole-second Retry-After, on a model clock eight times faster than real time.
    const graph = createFakeGraph({ keySets: { B2C_1A_Signing: keys }, faults: { rateLimit: { requests: 10, perMs: 1000 }, timeScale: 8 } });
    const client = createKeysClient({ token: 't', fetch: graph.fetch, baseUrl: graph.baseUrl, retryDelayMs: 1, maxRetries: 1 });
    const outcomes = await Promise.allSettled(keys.map((k) => client.updateKeyStatus({ keySetId: 'B2C_1A_Signing', keyId: k.kid, status: 'disabled' })));
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(graph.keys('B2C_1A_Signing')!.every((k) => k.status === 'disabled')).toBe(true);
    const throttled = graph.requests.filter((r) => r.status === 429).length;
    expect(client.throttling).toMatchObject({ events: throttled, episodes: 1 });
    expect(client.throttling.pacePerSecond).toBeGreaterThan(0);
  });

  it.each(['0', '-1', 'Wed, 31 Dec 2025 23:59:00 GMT', 'soon'])(
    'one call at a time, each throttled once with Retry-After %j: no pace, no wait, every call succeeds',
    async (retryAfter) => {
      const attempts = new Map<string, number>();
      const server = await serve((req, res) => {
        const n = (attempts.get(req.path) ?? 0) + 1;
        attempts.set(req.path, n);
        if (n === 1) return send(res, req.path.endsWith('3') ? 503 : 429, '', { 'retry-after': retryAfter });
        send(res, 204);
      });
      // Graph's own 3 s backoff: the test passes only if no retry waits for it.
      const client = createKeysClient({ token: 't', baseUrl: server.url, maxRetries: 1 });
      for (let i = 0; i < 20; i++) await client.updateKeyStatus({ keySetId: KEY_SET, keyId: `k${i}`, status: 'disabled' });
      expect(server.requests).toHaveLength(40);
      expect(client.throttling).toMatchObject({ events: 20, episodes: 0, pacePerSecond: undefined });
    },
    2500,
  );

  it('400 concurrent updates, one in ten throttled once with a short wait: one episode, and every call succeeds', async () => {
    const attempts = new Map<string, number>();
    const server = await serve((req, res) => {
      const n = (attempts.get(req.path) ?? 0) + 1;
      attempts.set(req.path, n);
      if (n === 1 && /k\d*0$/.test(req.path)) return send(res, 429, '', { 'retry-after': '0.05' });
      send(res, 204);
    });
    const client = createKeysClient({ token: 't', baseUrl: server.url, maxRetries: 1 });
    const calls = Array.from({ length: 400 }, (_, i) => client.updateKeyStatus({ keySetId: KEY_SET, keyId: `k${i}`, status: 'disabled' }));
    expect((await Promise.allSettled(calls)).filter((o) => o.status === 'rejected')).toEqual([]);
    expect(client.throttling).toMatchObject({ events: 40, episodes: 1 });
  });
});
