// Faults modelled on Microsoft Dev Proxy and Graph's throttling: a token bucket with whole-second Retry-After that an
// early retry does not extend, seeded random errors that replay, latency, and one-shot scripted outcomes.
import { describe, expect, it } from 'vitest';
import { createKeysClient, RequestValidationError } from '../../src/index.js';
import { createFakeGraph, type FakeGraph, type FakeGraphOptions } from '../../src/testing/index.js';

const SET = 'B2C_1A_Signing';
const keySets = { [SET]: [{ kid: 'k1', status: 'enabled' as const }, { kid: 'k2', status: 'enabled' as const }] };
const get = (graph: FakeGraph, kid = 'k1') => graph.fetch(`${graph.baseUrl}/trustFramework/keySets/${SET}/keys_v2/${kid}`, { headers: { authorization: 'Bearer t' } });

/** A clock the test moves by hand: the rate limit is judged without waiting. */
function clock(start = Date.UTC(2026, 10, 27)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('rate limit (one token bucket for the whole fake)', () => {
  it('lets a burst through, then answers 429 TooManyRequests with Retry-After in whole seconds from the bucket', async () => {
    const c = clock();
    const graph = createFakeGraph({ keySets, now: c.now, faults: { rateLimit: { requests: 2, perMs: 4_000 } } });
    expect((await get(graph)).status).toBe(200);
    expect((await get(graph, 'k2')).status).toBe(200);
    const throttled = await get(graph);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2'); // one token refills in 2 s at 2 per 4 s
    expect(((await throttled.json()) as { error: { code: string } }).error.code).toBe('TooManyRequests');
    expect(graph.requests.at(-1)).toMatchObject({ status: 429, fault: 'rate-limit' });
  });

  it('an early retry gets 429 again with the wait that remains, not a longer one', async () => {
    const c = clock();
    const graph = createFakeGraph({ keySets, now: c.now, faults: { rateLimit: { requests: 1, perMs: 3_000 } } });
    await get(graph);
    expect((await get(graph)).headers.get('retry-after')).toBe('3');
    c.advance(1_200);
    expect((await get(graph)).headers.get('retry-after')).toBe('2');
    c.advance(1_000);
    expect((await get(graph)).headers.get('retry-after')).toBe('1');
    c.advance(800); // exactly when the first Retry-After said
    expect((await get(graph)).status).toBe(200);
  });

  it('the client recovers within its retry budget, honouring the Retry-After', async () => {
    const graph = createFakeGraph({ keySets, faults: { rateLimit: { requests: 1, perMs: 1_000 } } });
    const keys = createKeysClient({ token: 't', fetch: graph.fetch, baseUrl: graph.baseUrl });
    await keys.updateKeyStatus({ keySetId: SET, keyId: 'k1', status: 'disabled' });
    await keys.updateKeyStatus({ keySetId: SET, keyId: 'k2', status: 'disabled' });
    expect(graph.requests.map((r) => r.status)).toEqual([204, 429, 204]);
    expect(graph.keys(SET)!.map((k) => k.status)).toEqual(['disabled', 'disabled']);
  });
});

describe('random errors (Dev Proxy’s GraphRandomErrorPlugin)', () => {
  const run = async (options: FakeGraphOptions, n = 40) => {
    const graph = createFakeGraph({ keySets, ...options });
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) statuses.push((await get(graph)).status);
    return { graph, statuses };
  };

  it('are reproducible from a seed, and a different seed gives a different run', async () => {
    const faults = { errors: { rate: 0.5, seed: 7 } };
    const a = await run({ faults });
    const b = await run({ faults });
    const c = await run({ faults: { errors: { rate: 0.5, seed: 8 } } });
    expect(a.statuses).toEqual(b.statuses);
    expect(c.statuses).not.toEqual(a.statuses);
    expect(a.graph.seed).toBe(7);
  });

  it('fail at about the rate asked, with the statuses asked, and Retry-After on 429 and 503', async () => {
    const { graph, statuses } = await run({ faults: { seed: 1, errors: { rate: 0.25, statuses: [503, 500], retryAfterSeconds: 0 } } }, 400);
    const failed = statuses.filter((s) => s !== 200);
    expect(failed.length / statuses.length).toBeGreaterThan(0.18);
    expect(failed.length / statuses.length).toBeLessThan(0.32);
    expect(new Set(failed)).toEqual(new Set([503, 500]));
    const i = graph.requests.findIndex((r) => r.status === 503);
    expect(graph.requests[i]!.fault).toBe('random-error');
  });

  it('a seed picked at random is shown, and replays the run when passed back', async () => {
    const a = await run({ faults: { errors: { rate: 0.5 } } });
    const b = await run({ faults: { seed: a.graph.seed, errors: { rate: 0.5 } } });
    expect(b.statuses).toEqual(a.statuses);
  });

  it('the client recovers within its retry budget', async () => {
    const graph = createFakeGraph({ keySets, faults: { errors: { rate: 0.3, statuses: [429, 503, 504], seed: 11, retryAfterSeconds: 0 } } });
    const keys = createKeysClient({ token: 't', fetch: graph.fetch, baseUrl: graph.baseUrl, retryDelayMs: 1, maxRetries: 5 });
    for (let i = 0; i < 10; i++) await keys.updateKeyStatus({ keySetId: SET, keyId: i % 2 ? 'k1' : 'k2', status: i % 3 ? 'enabled' : 'disabled' });
    expect(graph.requests.some((r) => r.fault === 'random-error')).toBe(true);
    graph.assertNoViolations();
  });
});

describe('latency and scripted outcomes', () => {
  it('latency delays each answer', async () => {
    const graph = createFakeGraph({ keySets, faults: { latencyMs: 40 } });
    const t0 = performance.now();
    await get(graph);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(35);
  });

  it('"the next PATCH to k1 answers 503 twice": the client retries through it, and other requests are untouched', async () => {
    const graph = createFakeGraph({ keySets });
    graph.script({ method: 'PATCH', kid: 'k1', status: 503, times: 2 });
    const keys = createKeysClient({ token: 't', fetch: graph.fetch, baseUrl: graph.baseUrl, retryDelayMs: 1 });
    await keys.updateKeyStatus({ keySetId: SET, keyId: 'k2', status: 'disabled' });
    await keys.updateKeyStatus({ keySetId: SET, keyId: 'k1', status: 'disabled' });
    await keys.updateKeyStatus({ keySetId: SET, keyId: 'k1', status: 'enabled' });
    expect(graph.requests.map((r) => `${r.path.split('/').pop()} ${r.status}`)).toEqual(['k2 204', 'k1 503', 'k1 503', 'k1 204', 'k1 204']);
  });

  it('a scripted network error drops the connection', async () => {
    const graph = createFakeGraph({ keySets });
    graph.script({ status: 'network-error' });
    const keys = createKeysClient({ token: 't', fetch: graph.fetch, baseUrl: graph.baseUrl, retryDelayMs: 1, maxRetries: 0 });
    await expect(keys.getKey({ keySetId: SET, keyId: 'k1' })).rejects.toMatchObject({ name: 'NetworkError' });
    await expect(keys.getKey({ keySetId: SET, keyId: 'k1' })).resolves.toMatchObject({ kid: 'k1' });
  });

  it.each([
    { faults: { errors: { rate: 2 } }, field: 'faults.errors.rate' },
    { faults: { rateLimit: { requests: 0, perMs: 1000 } }, field: 'faults.rateLimit' },
    { faults: { errors: { rate: 0.1, statuses: [200] } }, field: 'faults.errors.statuses' },
    { faults: { latencyMs: [50, 10] as [number, number] }, field: 'faults.latencyMs' },
  ])('refuses bad fault options: $field', ({ faults, field }) => {
    expect(() => createFakeGraph({ faults })).toThrow(RequestValidationError);
    expect(() => createFakeGraph({ faults })).toThrow(`${field} must be`);
  });
});
