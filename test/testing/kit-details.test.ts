// The test kit to the letter: the error bodies and headers it builds, every way it judges a request (status, message
// and spec pointer), scripted and random faults, latency, paging and the HTTP way in. A fake that is loose here lets a
// consumer's broken code pass, so these pin what it says, not only that it answers.
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createKeysClient, RequestValidationError } from '../../src/index.js';
import { createClock, createFakeGraph, fakeKey, graphErrorBody, graphErrorResponse, graphHeaders, GRAPH_ERROR_CODES, type FakeGraph } from '../../src/testing/index.js';
import { appOf, createThrottle, seededRandom } from '../../src/testing/faults.js';

const SET = 'B2C_1A_Kit';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const at = new Date('2026-12-01T08:09:10.456Z');

describe('graphErrorBody, graphHeaders, graphErrorResponse', () => {
  it('a body as Graph writes it: innerError.date without a timezone, the request id echoed as client-request-id', () => {
    expect(graphErrorBody({ code: 'AADB2C', message: 'no such key', requestId: 'r-1', date: at })).toEqual({
      error: { code: 'AADB2C', message: 'no such key', innerError: { date: '2026-12-01T08:09:10', 'request-id': 'r-1', 'client-request-id': 'r-1' } },
    });
    const fresh = graphErrorBody({ code: 'X', message: 'y', clientRequestId: 'c-1' });
    expect(fresh.error!.innerError!['request-id']).toMatch(UUID);
    expect(fresh.error!.innerError!['client-request-id']).toBe('c-1');
    expect(fresh.error!.innerError!.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  });

  it('headers: request-id, the echoed client-request-id, an HTTP date, and Retry-After only when given', () => {
    expect(graphHeaders({ requestId: 'r-2', date: at })).toEqual({ 'request-id': 'r-2', 'client-request-id': 'r-2', date: 'Tue, 01 Dec 2026 08:09:10 GMT' });
    expect(graphHeaders({ requestId: 'r-2', clientRequestId: 'c-2', date: at, retryAfterSeconds: 0 })).toEqual({ 'request-id': 'r-2', 'client-request-id': 'c-2', date: 'Tue, 01 Dec 2026 08:09:10 GMT', 'retry-after': '0' });
    expect(graphHeaders()['request-id']).toMatch(UUID);
  });

  it('a whole response: Graph’s code for the status, its headers, and one request id throughout', async () => {
    const res = graphErrorResponse(429, { retryAfterSeconds: 2, date: at });
    const body = (await res.json()) as { error: { code: string; message: string; innerError: Record<string, string> } };
    expect([res.status, res.headers.get('content-type'), res.headers.get('retry-after'), res.headers.get('date')]).toEqual([429, 'application/json', '2', 'Tue, 01 Dec 2026 08:09:10 GMT']);
    expect(body.error).toMatchObject({ code: 'TooManyRequests', message: 'HTTP 429', innerError: { date: '2026-12-01T08:09:10' } });
    expect(body.error.innerError['request-id']).toBe(res.headers.get('request-id'));
    expect(body.error.innerError['client-request-id']).toBe(res.headers.get('client-request-id'));
    const custom = graphErrorResponse(418, { code: 'Teapot', message: 'short and stout', requestId: 'r-3', clientRequestId: 'c-3' });
    expect([custom.headers.get('request-id'), custom.headers.get('client-request-id'), custom.headers.has('retry-after')]).toEqual(['r-3', 'c-3', false]);
    expect(((await custom.json()) as { error: { code: string } }).error.code).toBe('Teapot');
    expect(((await graphErrorResponse(599).json()) as { error: { code: string } }).error.code).toBe('UnknownError');
  });

  it('Graph’s error codes, status by status', () => {
    expect(GRAPH_ERROR_CODES).toEqual({
      400: 'BadRequest', 401: 'InvalidAuthenticationToken', 403: 'AccessDenied', 404: 'Request_ResourceNotFound', 405: 'MethodNotAllowed', 409: 'Conflict',
      415: 'UnsupportedMediaType', 429: 'TooManyRequests', 500: 'InternalServerError', 502: 'BadGateway', 503: 'ServiceUnavailable', 504: 'GatewayTimeout',
    });
  });
});

/** A raw request to the fake, as a consumer's hand-written code might send it. */
async function send(graph: FakeGraph, path: string, init: RequestInit & { auth?: string | null } = {}) {
  const headers = new Headers(init.headers);
  if (init.auth !== null) headers.set('authorization', init.auth ?? 'Bearer t');
  const res = await graph.fetch(`${graph.baseUrl}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as { error?: { code: string; message: string } }) : undefined, headers: res.headers, violation: graph.violations.at(-1) };
}
const KEY_PATH = `/trustFramework/keySets/${SET}/keys_v2/k1`;
const kit = () => createFakeGraph({ keySets: { [SET]: [fakeKey({ kid: 'k1' }), fakeKey({ kid: 'k2' }), fakeKey({ kid: 'k3' })] } });

describe('how the fake judges a request: status, message and pointer', () => {
  it.each([
    { name: 'no token', path: KEY_PATH, init: { auth: null }, status: 401, message: 'Authorization must be "Bearer <token>" (the spec\'s security requirement)', pointer: '#/security' },
    { name: 'a token with a space in it', path: KEY_PATH, init: { auth: 'Bearer a b' }, status: 401, message: 'Authorization must be "Bearer <token>" (the spec\'s security requirement)', pointer: '#/security' },
    { name: 'a Basic credential', path: KEY_PATH, init: { auth: 'Basic abc' }, status: 401, message: 'Authorization must be "Bearer <token>" (the spec\'s security requirement)', pointer: '#/security' },
    { name: 'DELETE on a key', path: KEY_PATH, init: { method: 'DELETE' }, status: 405, message: 'DELETE is not an operation on this path (allowed: GET, PATCH)', pointer: '#/paths/~1trustFramework~1keySets~1{keySetId}~1keys_v2~1{kid}' },
    { name: 'bad percent-encoding in the kid', path: `/trustFramework/keySets/${SET}/keys_v2/%E0%A4%A`, init: {}, status: 400, message: 'path parameter kid is not valid percent-encoding', pointer: '#/paths/~1trustFramework~1keySets~1{keySetId}~1keys_v2~1{kid}/get/parameters' },
    { name: 'a query the operation does not take', path: `${KEY_PATH}?$select=kid`, init: {}, status: 400, message: 'query parameters are not allowed here (got $select)', pointer: '#/paths/~1trustFramework~1keySets~1{keySetId}~1keys_v2~1{kid}/get/parameters' },
    { name: 'a body on a GET-like read', path: KEY_PATH, init: { method: 'GET' }, status: 200, message: undefined, pointer: undefined },
    { name: 'PATCH without a content type', path: KEY_PATH, init: { method: 'PATCH', body: '{"status":"disabled"}' }, status: 415, message: 'Content-Type must be application/json (got "text/plain")', pointer: '#/paths/~1trustFramework~1keySets~1{keySetId}~1keys_v2~1{kid}/patch/requestBody/content' },
    { name: 'PATCH with no body', path: KEY_PATH, init: { method: 'PATCH', headers: { 'content-type': 'application/json' } }, status: 400, message: 'the request body is required', pointer: '#/paths/~1trustFramework~1keySets~1{keySetId}~1keys_v2~1{kid}/patch/requestBody' },
    { name: 'PATCH with a body that is not JSON', path: KEY_PATH, init: { method: 'PATCH', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{status' }, status: 400, message: 'the request body is not JSON', pointer: '#/paths/~1trustFramework~1keySets~1{keySetId}~1keys_v2~1{kid}/patch/requestBody/content/application~1json/schema' },
    { name: 'PATCH with a body the spec refuses', path: KEY_PATH, init: { method: 'PATCH', headers: { 'content-type': 'Application/JSON' }, body: '{"status":"disabled","x":1}' }, status: 400, message: 'body must NOT have additional properties: "x"', pointer: '#/paths/~1trustFramework~1keySets~1{keySetId}~1keys_v2~1{kid}/patch/requestBody/content/application~1json/schema' },
    { name: 'a Retry-Attempt header out of range', path: KEY_PATH, init: { headers: { 'retry-attempt': '11' } }, status: 400, message: 'header.retry-attempt must be <= 10', pointer: '#/paths/~1trustFramework~1keySets~1{keySetId}~1keys_v2~1{kid}/get/parameters' },
    { name: 'a Retry-Attempt header that is not a number', path: KEY_PATH, init: { headers: { 'retry-attempt': '1.5x' } }, status: 400, message: 'header.retry-attempt must be integer', pointer: '#/paths/~1trustFramework~1keySets~1{keySetId}~1keys_v2~1{kid}/get/parameters' },
    { name: '$top that is not a number', path: `/trustFramework/keySets/${SET}/keys_v2?$top=ten`, init: {}, status: 400, message: 'query.$top must be integer', pointer: '#/paths/~1trustFramework~1keySets~1{keySetId}~1keys_v2/get/parameters' },
  ])('$name → $status', async ({ path, init, status, message, pointer }) => {
    const graph = kit();
    const r = await send(graph, path, init as RequestInit & { auth?: string | null });
    expect(r.status).toBe(status);
    if (message === undefined) return expect(graph.violations).toEqual([]);
    expect(r.violation).toMatchObject({ message, pointer, status });
    expect(r.body!.error!.message).toContain(message);
    expect(r.body!.error!.code).toBe(GRAPH_ERROR_CODES[status]);
  });

  it('several violations: answered with the status Graph checks first (401 before 415 before 400)', async () => {
    const graph = kit();
    const r = await send(graph, `${KEY_PATH}?$x=1`, { method: 'PATCH', auth: null, body: 'nope' });
    expect(r.status).toBe(401);
    expect(graph.violations.map((v) => v.status)).toEqual([401, 400, 415]);
    const g2 = kit();
    expect((await send(g2, `${KEY_PATH}?$x=1`, { method: 'PATCH', body: 'nope' })).status).toBe(415);
  });

  it('a GET with a body is a violation of its own', async () => {
    const graph = kit();
    const res = await graph.fetch(`${graph.baseUrl}${KEY_PATH}`, { method: 'POST', headers: { authorization: 'Bearer t' } });
    expect(res.status).toBe(405);
    expect(graph.violations[0]!.message).toBe('POST is not an operation on this path (allowed: GET, PATCH)');
  });
});

describe('what the fake answers', () => {
  it('404s say which: no key set, or no such key in it', async () => {
    const graph = kit();
    expect((await send(graph, '/trustFramework/keySets/B2C_1A_None/keys_v2/k1')).body!.error).toEqual(expect.objectContaining({ code: 'AADB2C', message: "The key set 'B2C_1A_None' was not found." }));
    expect((await send(graph, `/trustFramework/keySets/${SET}/keys_v2/k9`)).body!.error!.message).toBe(`The key set '${SET}' does not contain a key with kid 'k9'.`);
    expect((await send(graph, '/trustFramework/keySets/B2C_1A_None/keys_v2')).status).toBe(404);
    expect((await send(graph, '/trustFramework/keySets/B2C_1A_None/getActiveKey')).status).toBe(404);
    const dry = createFakeGraph({ keySets: { S: [fakeKey({ kid: 'old', exp: '2020-01-01' })] } });
    expect((await send(dry, '/trustFramework/keySets/S/getActiveKey')).body!.error!.message).toBe("The key set 'S' has no active key.");
  });

  it('pages with $top and $skiptoken, and refuses a skiptoken it never issued', async () => {
    const graph = kit();
    const first = (await send(graph, `/trustFramework/keySets/${SET}/keys_v2?$top=2`)).body as unknown as { value: { kid: string }[]; '@odata.nextLink': string };
    expect(first.value.map((k) => k.kid)).toEqual(['k1', 'k2']);
    expect(first['@odata.nextLink']).toBe(`${graph.baseUrl}/trustFramework/keySets/${SET}/keys_v2?%24top=2&%24skiptoken=2`);
    const last = (await send(graph, `/trustFramework/keySets/${SET}/keys_v2?$top=2&$skiptoken=2`)).body as unknown as Record<string, unknown>;
    expect(last).toEqual({ value: [expect.objectContaining({ kid: 'k3' })] });
    expect((await send(graph, `/trustFramework/keySets/${SET}/keys_v2?$top=3`)).body).not.toHaveProperty('@odata.nextLink');
    const bad = await send(graph, `/trustFramework/keySets/${SET}/keys_v2?$skiptoken=-1`);
    expect([bad.status, bad.body!.error!.message]).toEqual([400, "$skiptoken '-1' is not one this service issued"]);
    expect((await send(graph, `/trustFramework/keySets/${SET}/keys_v2?$skiptoken=abc`)).status).toBe(400);
  });

  it('a key read carries its @odata.context', async () => {
    const graph = kit();
    const key = (await send(graph, KEY_PATH)).body as unknown as Record<string, unknown>;
    expect(key['@odata.context']).toBe(`https://graph.microsoft.com/beta/$metadata#trustFramework/keySets('${SET}')/keys_v2/$entity`);
  });

  it('key() and keys() hand out copies, undefined for what it does not hold', () => {
    const graph = kit();
    graph.key(SET, 'k1')!.status = 'disabled';
    expect(graph.key(SET, 'k1')!.status).toBe('enabled');
    expect([graph.key('B2C_1A_None', 'k1'), graph.key(SET, 'k9'), graph.keys('B2C_1A_None')]).toEqual([undefined, undefined, undefined]);
  });

  it('its base URL loses a trailing slash, and a URL outside it is refused as fetch refuses an unreachable host', async () => {
    const graph = createFakeGraph({ baseUrl: 'https://graph.microsoft.us/beta/' });
    expect(graph.baseUrl).toBe('https://graph.microsoft.us/beta');
    await expect(graph.fetch('https://graph.microsoft.com/beta/x')).rejects.toThrow(new TypeError('fetch failed: the fake Graph serves https://graph.microsoft.us/beta, not https://graph.microsoft.com/beta/x'));
  });
});

describe('scripted outcomes', () => {
  it('match by method, operation, key set and kid, for as many times as asked, with Retry-After when given', async () => {
    const graph = kit();
    graph.script({ method: 'patch', kid: 'k2', status: 503, times: 2, retryAfterSeconds: 0 });
    graph.script({ operationId: 'getTrustFrameworkKeyV2', keySetId: SET, kid: 'k3', status: 500 });
    expect((await send(graph, `/trustFramework/keySets/${SET}/keys_v2/k2`)).status).toBe(200); // a GET: not the PATCH script
    const patch = (kid: string) => send(graph, `/trustFramework/keySets/${SET}/keys_v2/${kid}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"status":"disabled"}' });
    expect((await patch('k1')).status).toBe(204); // another kid
    const first = await patch('k2');
    expect([first.status, first.headers.get('retry-after'), first.body!.error!.message]).toEqual([503, '0', 'scripted 503']);
    expect((await patch('k2')).status).toBe(503);
    expect((await patch('k2')).status).toBe(204);
    const five = await send(graph, `/trustFramework/keySets/${SET}/keys_v2/k3`);
    expect([five.status, five.headers.has('retry-after')]).toEqual([500, false]);
    expect(graph.requests.filter((r) => r.fault === 'scripted')).toHaveLength(3);
    expect((await send(graph, `/trustFramework/keySets/${SET}/keys_v2/k3`)).status).toBe(200);
  });
});

describe('random errors and latency', () => {
  it('rate 0 never, rate 1 always; a random 429 or 503 carries Retry-After (1 s unless told), others none', async () => {
    const never = createFakeGraph({ faults: { errors: { rate: 0 } } });
    for (let i = 0; i < 5; i++) expect((await send(never, `/trustFramework/keySets`)).status).toBe(200);
    const always = createFakeGraph({ faults: { seed: 7, errors: { rate: 1, statuses: [429, 503, 500] } } });
    const seen = new Map<number, string | null>();
    for (let i = 0; i < 30; i++) {
      const r = await send(always, `/trustFramework/keySets`);
      seen.set(r.status, r.headers.get('retry-after'));
      expect(r.body!.error!.message).toBe(`injected ${r.status} (random errors, seed 7)`);
    }
    expect(Object.fromEntries(seen)).toEqual({ 429: '1', 503: '1', 500: null });
    const told = createFakeGraph({ faults: { errors: { rate: 1, statuses: [429], retryAfterSeconds: 4 } } });
    expect((await send(told, '/trustFramework/keySets')).headers.get('retry-after')).toBe('4');
  });

  it('latency: a fixed delay, or one drawn from [min, max]', async () => {
    for (const latencyMs of [40, [40, 45] as [number, number]]) {
      const graph = createFakeGraph({ faults: { latencyMs } });
      const t0 = performance.now();
      await send(graph, '/trustFramework/keySets');
      expect(performance.now() - t0).toBeGreaterThanOrEqual(39);
    }
    const none = createFakeGraph({ faults: { latencyMs: 0 } });
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) await send(none, '/trustFramework/keySets');
    expect(performance.now() - t0).toBeLessThan(400);
  });

  it('an abort during the latency ends the request', async () => {
    const graph = createFakeGraph({ faults: { latencyMs: 10_000 } });
    const stop = new AbortController();
    const pending = graph.fetch(`${graph.baseUrl}/trustFramework/keySets`, { headers: { authorization: 'Bearer t' }, signal: stop.signal });
    stop.abort(new Error('enough'));
    await expect(pending).rejects.toThrow('enough');
  });

  it.each([
    [{ errors: { rate: 1.5 } }, 'faults.errors.rate', 'a number from 0 to 1'],
    [{ errors: { rate: -0.1 } }, 'faults.errors.rate', 'a number from 0 to 1'],
    [{ errors: { rate: 0.5, statuses: [] } }, 'faults.errors.statuses', 'HTTP error statuses (400-599)'],
    [{ errors: { rate: 0.5, statuses: [399] } }, 'faults.errors.statuses', 'HTTP error statuses (400-599)'],
    [{ errors: { rate: 0.5, statuses: [600] } }, 'faults.errors.statuses', 'HTTP error statuses (400-599)'],
    [{ errors: { rate: 0.5, statuses: [500, 429.5] } }, 'faults.errors.statuses', 'HTTP error statuses (400-599)'],
    [{ latencyMs: -1 }, 'faults.latencyMs', 'milliseconds >= 0, or [min, max]'],
    [{ latencyMs: [5] }, 'faults.latencyMs', 'milliseconds >= 0, or [min, max]'],
    [{ latencyMs: [-1, 5] }, 'faults.latencyMs', 'milliseconds >= 0, or [min, max]'],
    [{ latencyMs: [6, 5] }, 'faults.latencyMs', 'milliseconds >= 0, or [min, max]'],
    [{ rateLimit: { requests: 0, perMs: 1 } }, 'faults.rateLimit', "'graph', or { requests >= 1, perMs > 0, scope?: 'app' | 'tenant' } (or a list of them)"],
    [{ rateLimit: { requests: 1, perMs: 0 } }, 'faults.rateLimit', "'graph', or { requests >= 1, perMs > 0, scope?: 'app' | 'tenant' } (or a list of them)"],
    [{ rateLimit: [{ requests: 1, perMs: 1 }, null] }, 'faults.rateLimit', "'graph', or { requests >= 1, perMs > 0, scope?: 'app' | 'tenant' } (or a list of them)"],
  ])('refuses %j, naming the field', (faults, field, allowed) => {
    expect(() => createFakeGraph({ faults: faults as never })).toThrow(new RequestValidationError(field, `${field} must be ${allowed}`));
  });

  it('takes the edges of what is allowed', () => {
    for (const faults of [{ errors: { rate: 0, statuses: [400, 599] } }, { errors: { rate: 1 } }, { latencyMs: [0, 0] as [number, number] }, { rateLimit: [{ requests: 1, perMs: 1, scope: 'app' as const }] }, { rateLimit: 'graph' as const, timeScale: 0.5 }]) {
      expect(() => createFakeGraph({ faults })).not.toThrow();
    }
  });
});

describe('the fault model’s parts', () => {
  it('seededRandom: the same seed, the same sequence; another seed, another', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(43)()).not.toBe(xs[0]);
    expect(xs[0]).toBeCloseTo(0.6011037519201636, 12);
  });

  it('appOf: the appid (v1) or azp (v2) claim of a bearer JWT, else the token itself', () => {
    const jwt = (claims: object) => `Bearer h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;
    expect(appOf(jwt({ appid: 'app-1', azp: 'app-2' }))).toBe('app-1');
    expect(appOf(jwt({ azp: 'app-2' }))).toBe('app-2');
    expect(appOf(jwt({ appid: 7 }))).toBe(jwt({ appid: 7 }).slice(7));
    expect(appOf('bearer   opaque')).toBe('opaque');
    expect(appOf('Basic x')).toBe('Basic x');
    expect(appOf(null)).toBe('');
  });

  it('a throttled app asking again early gets the wait that remains, in scaled seconds', () => {
    let t = 0;
    const take = createThrottle([{ requests: 1, perMs: 60_000 }], () => t, 60);
    expect(take('a')).toBeUndefined();
    // One a model minute, at 60 times faster: a real second to wait, said in real seconds.
    expect(take('a')).toEqual({ retryAfter: '1', limit: { requests: 1, perMs: 60_000 } });
    t = 400; // 36 model seconds remain: 0.6 real ones
    expect(take('a')!.retryAfter).toBe('0.6');
    t = 990;
    expect(take('a')!.retryAfter).toBe('0.017');
    t = 1000;
    expect(take('a')).toBeUndefined();
  });

  it('unscaled, the wait is whole seconds from the bucket, never less than one', () => {
    let t = 0;
    const take = createThrottle([{ requests: 2, perMs: 10_000 }], () => t);
    take('a');
    take('a');
    expect(take('a')!.retryAfter).toBe('5');
    t = 1200;
    expect(take('a')!.retryAfter).toBe('4');
    const fast = createThrottle([{ requests: 1, perMs: 10 }], () => 0);
    fast('a');
    expect(fast('a')!.retryAfter).toBe('1');
  });
});

describe('over HTTP', () => {
  it('a scripted network error drops the connection; a body is read for PATCH and not for GET', async () => {
    const graph = kit();
    const url = await graph.listen();
    try {
      graph.script({ kid: 'k1', status: 'network-error' });
      await expect(fetch(`${url}/trustFramework/keySets/${SET}/keys_v2/k1`, { headers: { authorization: 'Bearer t' } })).rejects.toThrow('fetch failed');
      const keys = createKeysClient({ token: 't', baseUrl: url });
      await keys.updateKeyStatus({ keySetId: SET, keyId: 'k2', status: 'disabled' });
      expect(graph.requests.at(-1)).toMatchObject({ method: 'PATCH', body: '{"status":"disabled"}', status: 204 });
      expect(graph.requests.at(-1)!.headers['content-type']).toBe('application/json');
      expect(graph.key(SET, 'k2')!.status).toBe('disabled');
    } finally {
      await graph.close();
    }
  });
});

describe('more of the kit, to the letter', () => {
  it('assertNoViolations names one violation in the singular, several in the plural, each with its pointer', async () => {
    const one = kit();
    await send(one, KEY_PATH, { auth: null });
    expect(() => one.assertNoViolations()).toThrow(/^1 contract violation by the code under test:\n {2}1\. GET \/trustFramework\/keySets\/B2C_1A_Kit\/keys_v2\/k1 → 401: Authorization must be "Bearer <token>" \(the spec's security requirement\)\n {5}spec: #\/security$/);
    const two = kit();
    await send(two, KEY_PATH, { auth: null });
    await send(two, `${KEY_PATH}?$x=1`);
    expect(() => two.assertNoViolations()).toThrow(/^2 contract violations by the code under test:\n {2}1\. GET/);
    expect(() => kit().assertNoViolations()).not.toThrow();
  });

  it('numbers in the query and headers are judged as numbers only when they are numbers', async () => {
    const graph = kit();
    expect((await send(graph, `/trustFramework/keySets/${SET}/keys_v2?$top=2`)).status).toBe(200);
    for (const top of ['2x', 'x2', '1.5', '-3', '2.']) {
      expect((await send(graph, `/trustFramework/keySets/${SET}/keys_v2?$top=${top}`)).status, top).toBe(400);
    }
    expect((await send(graph, KEY_PATH, { headers: { 'retry-attempt': '3' } })).status).toBe(200);
    expect((await send(graph, KEY_PATH, { headers: { 'retry-attempt': '03' } })).status).toBe(200);
  });

  it('records each request below the base URL, with its headers and body, and what it got', async () => {
    const graph = createFakeGraph({ baseUrl: 'https://graph.microsoft.com/beta/', keySets: { [SET]: [fakeKey({ kid: 'k1' }), fakeKey({ kid: 'k2' })] } });
    await graph.fetch(`${graph.baseUrl}${KEY_PATH}`, { method: 'PATCH', headers: { authorization: 'Bearer t', 'content-type': 'application/json', 'client-request-id': '0f8fad5b-d9cb-469f-a165-70867728950e' }, body: '{"status":"disabled"}' });
    await graph.fetch(`${graph.baseUrl}${KEY_PATH}`, { headers: { authorization: 'Bearer t' } });
    expect(graph.requests.map((r) => [r.method, r.path, r.body, r.status, r.operationId, r.fault])).toEqual([
      ['PATCH', KEY_PATH, '{"status":"disabled"}', 204, 'updateTrustFrameworkKeyV2', undefined],
      ['GET', KEY_PATH, '', 200, 'getTrustFrameworkKeyV2', undefined],
    ]);
    expect(graph.requests[0]!.headers['client-request-id']).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
    const res = await graph.fetch(`${graph.baseUrl}${KEY_PATH}`, { headers: { authorization: 'Bearer t', 'client-request-id': '7c9e6679-7425-40de-944b-e07fc1f90ae7' } });
    expect([res.headers.get('client-request-id'), res.headers.get('content-type')]).toEqual(['7c9e6679-7425-40de-944b-e07fc1f90ae7', 'application/json']);
    const patched = await graph.fetch(`${graph.baseUrl}${KEY_PATH}`, { method: 'PATCH', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: '{"status":"enabled"}' });
    expect([patched.status, patched.headers.has('content-type'), await patched.text()]).toEqual([204, false, '']);
  });

  it('a random error draws from its own seed when given one, apart from the latency’s', async () => {
    const statuses = async (faults: object) => {
      const graph = createFakeGraph({ faults: { seed: 1, ...faults } as never });
      for (let i = 0; i < 12; i++) await send(graph, '/trustFramework/keySets');
      return graph.requests.map((r) => r.status);
    };
    const own = await statuses({ errors: { rate: 0.5, statuses: [500], seed: 99 } });
    expect(await statuses({ errors: { rate: 0.5, statuses: [500], seed: 99 }, latencyMs: [0, 1] })).toEqual(own);
    expect(await statuses({ errors: { rate: 0.5, statuses: [500] } })).not.toEqual(own);
    expect(createFakeGraph({ faults: { errors: { rate: 0.1, seed: 5 } } }).seed).toBe(5);
    expect(createFakeGraph({ faults: { seed: 6, errors: { rate: 0.1, seed: 5 } } }).seed).toBe(6);
    expect(Number.isInteger(createFakeGraph().seed) && createFakeGraph().seed >= 0 && createFakeGraph().seed < 2 ** 32).toBe(true);
  });

  it('msw handlers mount at a base URL with or without a trailing slash', async () => {
    const graph = kit();
    const [handler] = await graph.handlers('https://graph.microsoft.us/beta/');
    expect(handler!.info.header).toBe('/.+/ https://graph.microsoft.us/beta/*');
  });

  it('listen() on a port and host asked for, an IPv6 host in brackets', async () => {
    const graph = kit();
    const url = await graph.listen({ host: '::1' });
    try {
      expect(url).toMatch(/^http:\/\/\[::1\]:\d+\/beta$/);
      const res = await fetch(`${url}${KEY_PATH}`, { headers: { authorization: 'Bearer t', 'x-two': 'a' } });
      expect(res.status).toBe(200);
      expect(graph.requests[0]!.headers['x-two']).toBe('a');
    } finally {
      await graph.close();
    }
    await graph.close(); // closing twice is harmless
  });
});

describe('fixtures and the clock, to the letter', () => {
  it.each([
    [null, 'keySets must be an object of key set ids to lists of keys (got null)'],
    ['S', 'keySets must be an object of key set ids to lists of keys (got "S")'],
    [{ '': [] }, 'keySets[""]: the key set id must be a path segment: not empty, "." or ".."'],
  ])('refuses key sets %j', (keySets, message) => {
    expect(() => createFakeGraph({ keySets: keySets as never })).toThrow(message);
  });

  it('reads only ISO dates as dates', () => {
    expect(() => fakeKey({ kid: 'k', nbf: 'x2026-01-01' })).toThrow('nbf must be a Date, an ISO 8601 date ("2026-01-01" or "2026-01-01T00:00:00Z") or whole seconds since 1970 (got "x2026-01-01")');
    expect(() => fakeKey({ kid: 'k', nbf: '2026-1-01' })).toThrow('(got "2026-1-01")');
    expect(fakeKey({ kid: 'k', nbf: '2026-01-01T12:00:00Z' }).nbf).toBe(Date.parse('2026-01-01T12:00:00Z') / 1000);
  });
});

describe('the ways in, at their edges', () => {
  const raw = (url: string, method: string, body?: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(`${url}${KEY_PATH}`, { method, headers: { authorization: 'Bearer t', ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      req.on('error', reject);
      req.end(body);
    });

  it('over HTTP: a GET or HEAD with a body is served without it; a method fetch cannot carry is a 500 saying why', async () => {
    const graph = kit();
    const url = await graph.listen();
    try {
      const got = await raw(url, 'GET', 'stray');
      expect([got.status, graph.violations]).toEqual([200, []]);
      expect((await raw(url, 'HEAD', 'stray')).status).toBe(405);
      expect(graph.requests.slice(0, 2).map((r) => [r.method, r.body])).toEqual([['GET', ''], ['HEAD', '']]);
      expect(Object.keys(graph.requests[0]!.headers)).not.toContain('undefined');
      const trace = await raw(url, 'TRACE');
      expect(trace.status).toBe(500);
      expect(trace.text).toMatch(/^TypeError: /);
    } finally {
      await graph.close();
    }
  });

  it('over HTTP: a client that goes away during the latency gets no answer, and nothing is recorded as answered', async () => {
    const graph = createFakeGraph({ faults: { latencyMs: 150 } });
    const url = await graph.listen();
    try {
      const stop = new AbortController();
      const pending = fetch(`${url}/trustFramework/keySets`, { headers: { authorization: 'Bearer t' }, signal: stop.signal });
      await new Promise((r) => setTimeout(r, 30));
      stop.abort();
      await expect(pending).rejects.toThrow();
      await new Promise((r) => setTimeout(r, 200));
      expect(graph.requests.map((r) => r.status)).toEqual([0]);
    } finally {
      await graph.close();
    }
  });

  it('listen() on a port in use rejects, saying so', async () => {
    const first = kit();
    const url = await first.listen();
    try {
      const port = Number(new URL(url).port);
      await expect(kit().listen({ port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });

  it('a fake at the root of a host, or with slashes at the end of its base, serves the same paths', async () => {
    const root = createFakeGraph({ baseUrl: 'http://graph.test//' });
    expect(root.baseUrl).toBe('http://graph.test');
    const url = await root.listen();
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${url}${KEY_PATH.replace(SET, 'B2C_1A_TokenSigningKeyContainer').replace('k1', 'aTREvwojOB9ph3fr2r6eTf_5eD5fmQsfsapVMwYI3o')}`, { headers: { authorization: 'Bearer t' } })).status).toBe(200);
    } finally {
      await root.close();
    }
    const [mounted] = await kit().handlers('https://graph.microsoft.us/beta//');
    expect(mounted!.info.header).toBe('/.+/ https://graph.microsoft.us/beta/*');
    const [byDefault] = await kit().handlers();
    expect(byDefault!.info.header).toBe('/.+/ https://graph.microsoft.com/beta/*');
  });

  it('through msw, a scripted network error is a network error', async () => {
    const { setupServer } = await import('msw/node');
    const graph = kit();
    const server = setupServer(...(await graph.handlers()));
    server.listen({ onUnhandledRequest: 'error' });
    try {
      graph.script({ kid: 'k1', status: 'network-error' });
      await expect(fetch(`https://graph.microsoft.com/beta${KEY_PATH}`, { headers: { authorization: 'Bearer t' } })).rejects.toThrow('Failed to fetch');
      expect((await fetch(`https://graph.microsoft.com/beta${KEY_PATH}`, { headers: { authorization: 'Bearer t' } })).status).toBe(200);
    } finally {
      server.close();
    }
  });
});

describe('the last details', () => {
  it('a path outside the contract: its route violation, to the letter', async () => {
    const graph = kit();
    await send(graph, '/trustFramework/policies');
    expect(graph.violations[0]).toMatchObject({ kind: 'route', message: '/trustFramework/policies is not a path of the contract', pointer: '#/paths', status: 400 });
  });

  it('two stray query parameters are both named', async () => {
    const graph = kit();
    await send(graph, `${KEY_PATH}?$a=1&$b=2`);
    expect(graph.violations.at(-1)!.message).toBe('query parameters are not allowed here (got $a, $b)');
  });

  it('a content type with spaces before its parameters is still JSON', async () => {
    const graph = kit();
    const r = await send(graph, KEY_PATH, { method: 'PATCH', headers: { 'content-type': ' application/json ; charset=utf-8' }, body: '{"status":"disabled"}' });
    expect([r.status, graph.violations]).toEqual([204, []]);
  });

  it('an error answer echoes the client-request-id and carries its request-id in header and body alike', async () => {
    const graph = kit();
    const id = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
    const r = await send(graph, `/trustFramework/keySets/${SET}/keys_v2/k9`, { headers: { 'client-request-id': id } });
    const inner = (r.body as unknown as { error: { innerError: Record<string, string> } }).error.innerError;
    expect([r.headers.get('client-request-id'), inner['client-request-id']]).toEqual([id, id]);
    expect(inner['request-id']).toBe(r.headers.get('request-id'));
    expect(r.headers.get('request-id')).toMatch(UUID);
  });

  it('a script for one operation does not touch another, nor a request that matches none', async () => {
    const graph = kit();
    graph.script({ operationId: 'getTrustFrameworkKeyV2', status: 500, times: 5 });
    expect((await send(graph, '/trustFramework/policies')).status).toBe(400);
    expect((await send(graph, KEY_PATH, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"status":"disabled"}' })).status).toBe(204);
    expect((await send(graph, KEY_PATH)).status).toBe(500);
  });

  it('the rate limit’s 429 and a dropped connection say what they are', async () => {
    const graph = createFakeGraph({ faults: { rateLimit: { requests: 1, perMs: 60_000 } } });
    await send(graph, '/trustFramework/keySets');
    const r = await send(graph, '/trustFramework/keySets');
    expect([r.status, r.body!.error!.code, r.body!.error!.message]).toEqual([429, 'TooManyRequests', 'Too many requests. Please retry after some time.']);
    graph.script({ status: 'network-error' });
    await expect(send(graph, '/trustFramework/keySets')).rejects.toMatchObject({ message: 'fetch failed', cause: { name: 'DroppedConnection', message: 'scripted network error' } });
  });

  it('a random latency lies between its bounds (seeded: 42 draws 0.60 first)', async () => {
    const graph = createFakeGraph({ faults: { seed: 42, latencyMs: [50, 450] } });
    const t0 = performance.now();
    await send(graph, '/trustFramework/keySets');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(285); // 50 + 0.60 × 400
  });

  it('each fake picks its own seed when given none', () => {
    expect(createFakeGraph().seed).not.toBe(createFakeGraph().seed);
  });

  it('assertNoViolations lists several violations one per line, each with its pointer', async () => {
    const graph = kit();
    await send(graph, KEY_PATH, { auth: null });
    await send(graph, '/trustFramework/policies');
    expect(() => graph.assertNoViolations()).toThrow(
      `2 contract violations by the code under test:\n  1. GET ${KEY_PATH} → 401: Authorization must be "Bearer <token>" (the spec's security requirement)\n     spec: #/security\n  2. GET /trustFramework/policies → 400: /trustFramework/policies is not a path of the contract\n     spec: #/paths`,
    );
  });

  it('the clock says what it takes', () => {
    expect(() => createClock(0).advance(Number.NaN)).toThrow('by must be a finite number of milliseconds (got NaN)');
    expect(() => createClock(0).advance({ days: Number.POSITIVE_INFINITY })).toThrow('by must be milliseconds or { days, hours, minutes, seconds, ms } of finite numbers (got days: null)');
    expect(() => createClock(0).advance({ hours: '1' } as never)).toThrow('(got hours: "1")');
    expect(() => createClock(Number.POSITIVE_INFINITY)).toThrow('start must be a Date, an ISO 8601 date or milliseconds since the epoch (got Infinity)');
    expect(() => createClock('June')).toThrow('start must be a Date, an ISO 8601 date ("2026-01-01" or "2026-01-01T00:00:00Z") or milliseconds since the epoch (got "June")');
    const c = createClock(0, { ticking: false });
    c.advance({});
    expect(c.now()).toBe(0);
  });
});
