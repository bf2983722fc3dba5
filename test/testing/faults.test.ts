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
    const graph = createFakeGraph({ keySets, faults: { rateLimit: { requests: 2, perMs: 4_000 }, now: c.now } });
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
    const graph = createFakeGraph({ keySets, faults: { rateLimit: { requests: 1, perMs: 3_000 }, now: c.now } });
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
    // Graph's whole-second Retry-After, on a model clock ten times faster: a tenth of a second here.
    const graph = createFakeGraph({ keySets, faults: { rateLimit: { requests: 1, perMs: 1_000 }, timeScale: 10 } });
    const keys = createKeysClient({ token: 't', fetch: graph.fetch, baseUrl: graph.baseUrl });
    await keys.updateKeyStatus({ keySetId: SET, keyId: 'k1', status: 'disabled' });
    await keys.updateKeyStatus({ keySetId: SET, keyId: 'k2', status: 'disabled' });
    expect(graph.requests.map((r) => r.status)).toEqual([204, 429, 204]);
    expect(graph.keys(SET)!.map((k) => k.status)).toEqual(['disabled', 'disabled']);
  });
});

describe('the fault model keeps its own time', () => {
  it('a pinned keys’ clock does not stop the bucket from refilling: a throttled client still gets through', async () => {
    const pinned = () => Date.UTC(2026, 0, 1);
    // One request a (scaled) second: a token every 100 ms of real time, which six calls in a row cannot wait out.
    const graph = createFakeGraph({ keySets, now: pinned, faults: { rateLimit: { requests: 1, perMs: 1_000 }, timeScale: 10 } });
    const keys = createKeysClient({ token: 't', fetch: graph.fetch, baseUrl: graph.baseUrl, maxRetries: 3 });
    for (let i = 0; i < 6; i++) await keys.updateKeyStatus({ keySetId: SET, keyId: i % 2 ? 'k1' : 'k2', status: 'disabled' });
    expect(graph.requests.filter((r) => r.status === 204)).toHaveLength(6);
    expect(graph.requests.some((r) => r.status === 429)).toBe(true);
  });

  it('faults.now drives the buckets when a test wants them by hand', async () => {
    const c = clock();
    const graph = createFakeGraph({ keySets, faults: { rateLimit: { requests: 1, perMs: 60_000 }, now: c.now } });
    expect((await get(graph)).status).toBe(200);
    expect((await get(graph)).status).toBe(429);
    c.advance(60_000);
    expect((await get(graph)).status).toBe(200);
  });
});

describe("Graph's documented key set limits as a preset (rateLimit: 'graph')", () => {
  /** A token whose appid claim names the app, as Graph's tokens do. */
  const tokenOf = (appid: string) => `e30.${Buffer.from(JSON.stringify({ appid })).toString('base64url')}.sig`;
  const getAs = (graph: FakeGraph, appid: string) => graph.fetch(`${graph.baseUrl}/trustFramework/keySets/${SET}/keys_v2/k1`, { headers: { authorization: `Bearer ${tokenOf(appid)}` } });

  it('200 a minute per app and 300 a minute per tenant, with time running 60 times faster', async () => {
    const c = clock();
    const graph = createFakeGraph({ keySets, faults: { rateLimit: 'graph', timeScale: 60, now: c.now } });
    const statuses = async (appid: string, n: number) => {
      const got: number[] = [];
      for (let i = 0; i < n; i++) got.push((await getAs(graph, appid)).status);
      return got;
    };
    expect(await statuses('app-a', 200)).toEqual(Array(200).fill(200));
    const throttled = await getAs(graph, 'app-a');
    // One request's worth of a 200-a-minute budget is 0.3 s: Graph says 1 s, which at 60 times faster is 0.017 s.
    expect([throttled.status, throttled.headers.get('retry-after')]).toEqual([429, '0.017']);
    // Another app has its own 200, but the tenant's 300 are shared: 100 more, then 429.
    expect(await statuses('app-b', 101)).toEqual([...Array(100).fill(200), 429]);
    // The tenant's budget refills at 5 a (scaled) second: one scaled second later, app b gets 5 more.
    c.advance(1000 / 60);
    expect(await statuses('app-b', 6)).toEqual([...Array(5).fill(200), 429]);
  });

  it('tells apps apart by the token when it is not a JWT', async () => {
    const c = clock();
    const graph = createFakeGraph({ keySets, faults: { rateLimit: { requests: 1, perMs: 60_000, scope: 'app' }, now: c.now } });
    const as = (token: string) => graph.fetch(`${graph.baseUrl}/trustFramework/keySets/${SET}/keys_v2/k1`, { headers: { authorization: `Bearer ${token}` } });
    expect([(await as('one')).status, (await as('two')).status, (await as('one')).status]).toEqual([200, 200, 429]);
  });

  it.each([
    [{ rateLimit: 'often' }, "faults.rateLimit must be 'graph', or { requests >= 1, perMs > 0, scope?: 'app' | 'tenant' } (or a list of them)"],
    [{ rateLimit: [] }, "faults.rateLimit must be 'graph', or { requests >= 1, perMs > 0, scope?: 'app' | 'tenant' } (or a list of them)"],
    [{ rateLimit: { requests: 1, perMs: 1, scope: 'user' } }, "faults.rateLimit must be 'graph', or { requests >= 1, perMs > 0, scope?: 'app' | 'tenant' } (or a list of them)"],
    [{ timeScale: 0 }, 'faults.timeScale must be a number above 0 (60: a minute lasts a second)'],
    [{ timeScale: Infinity }, 'faults.timeScale must be a number above 0 (60: a minute lasts a second)'],
    [{ now: 5 }, 'faults.now must be a function returning ms since the epoch'],
  ])('refuses %j', (faults, message) => {
    expect(() => createFakeGraph({ faults: faults as never })).toThrow(new RequestValidationError(message.split(' ')[0]!, message));
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
