// The fake is stateful, faithful to the spec in every response, and judges the consumer's requests by the spec.
import { describe, expect, it } from 'vitest';
import { contract, validators } from '../../generated/contract.js';
import { createKeysClient, isGraphError } from '../../src/index.js';
import { ContractViolationError, createFakeGraph, type FakeGraph } from '../../src/testing/index.js';

const SET = 'B2C_1A_TokenSigningKeyContainer';
const keySets = { [SET]: [{ kid: 'k1', use: 'sig', kty: 'RSA', status: 'enabled' as const }, { kid: 'k2', use: 'sig', kty: 'RSA', status: 'enabled' as const }] };
const clientOf = (graph: FakeGraph) => createKeysClient({ token: 'test-token', fetch: graph.fetch, baseUrl: graph.baseUrl, retryDelayMs: 1 });
const raw = (graph: FakeGraph, path: string, init: RequestInit = {}) =>
  graph.fetch(`${graph.baseUrl}${path}`, { ...init, headers: { authorization: 'Bearer t', ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string>) } });

/** Checks a response the fake sent against the spec's response schema for the operation and status. */
async function conforms(graph: FakeGraph, res: Response, operationId: string): Promise<void> {
  const op = contract.operations.find((o) => o.operationId === operationId)!;
  const doc = op.responses[String(res.status)] ?? op.responses[`${String(res.status)[0]}XX`];
  expect(doc, `${res.status} is documented for ${operationId}`).toBeDefined();
  for (const h of doc!.headers.filter((h) => h !== 'Retry-After')) expect(res.headers.get(h), h).toBeTruthy();
  const text = await res.text();
  if (!doc!.validator) return void expect(text).toBe('');
  const check = validators[doc!.validator]!;
  expect(check(JSON.parse(text)), JSON.stringify(check.errors)).toBe(true);
  void graph;
}

describe('stateful and faithful', () => {
  it('PATCH changes the status and GET reads it back', async () => {
    const graph = createFakeGraph({ keySets });
    const keys = clientOf(graph);
    await keys.updateKeyStatus({ keySetId: SET, keyId: 'k1', status: 'disabled' });
    expect(await keys.getKey({ keySetId: SET, keyId: 'k1' })).toMatchObject({ kid: 'k1', status: 'disabled' });
    expect(await keys.getKey({ keySetId: SET, keyId: 'k2' })).toMatchObject({ kid: 'k2', status: 'enabled' });
    expect(graph.key(SET, 'k1')?.status).toBe('disabled');
    graph.assertNoViolations();
  });

  it('by default holds the documentation’s example key set and key', async () => {
    const graph = createFakeGraph();
    const example = contract.operations.find((o) => o.operationId === 'getTrustFrameworkKeyV2')!.responses['200']!.example as { kid: string };
    const { nbf: _nbf, exp: _exp, ...rest } = example as { kid: string; nbf?: number; exp?: number };
    expect(await clientOf(graph).getKey({ keySetId: contract.exampleKeySetId, keyId: example.kid })).toMatchObject(rest);
  });

  it.each([
    { name: 'today', at: Date.now() },
    { name: 'in 2040', at: Date.parse('2040-06-01T00:00:00Z') },
    { name: 'in 2001', at: Date.parse('2001-06-01T00:00:00Z') },
  ])('its default key is the active key at any date ($name): dated around the fake’s clock', async ({ at }) => {
    const graph = createFakeGraph({ now: () => at });
    const example = contract.operations.find((o) => o.operationId === 'getTrustFrameworkKeyV2')!.responses['200']!.example as { kid: string };
    expect((await clientOf(graph).getActiveKey({ keySetId: contract.exampleKeySetId })).kid).toBe(example.kid);
    const key = graph.key(contract.exampleKeySetId, example.kid)!;
    expect([key.nbf, key.exp]).toEqual([Math.floor(at / 1000) - 30 * 86_400, Math.floor(at / 1000) + 365 * 86_400]);
  });

  it.each([
    { name: 'an unknown kid', keySetId: SET, kid: 'nope', says: `The key set '${SET}' does not contain a key with kid 'nope'.` },
    { name: 'an unknown key set', keySetId: 'B2C_1A_Nope', kid: 'k1', says: "The key set 'B2C_1A_Nope' was not found." },
  ])('$name is a 404 with Graph’s error body, for GET and PATCH', async ({ keySetId, kid, says }) => {
    const graph = createFakeGraph({ keySets });
    const keys = clientOf(graph);
    for (const call of [() => keys.getKey({ keySetId, keyId: kid }), () => keys.updateKeyStatus({ keySetId, keyId: kid, status: 'disabled' })]) {
      const e = await call().catch((x: unknown) => x);
      expect(isGraphError(e) && e.status === 404 && e.code === 'AADB2C' && e.message === says).toBe(true);
    }
    expect(graph.violations).toEqual([]);
  });

  it('answers with request-id, the echoed client-request-id and Date, like Graph', async () => {
    const graph = createFakeGraph({ keySets, now: () => Date.UTC(2026, 10, 27, 3, 0, 0) });
    const sent = '7ad7a5ca-2f9e-4b58-a4f4-6a9f6e2d1c3b';
    const res = await raw(graph, `/trustFramework/keySets/${SET}/keys_v2/k1`, { method: 'PATCH', body: '{"status":"disabled"}', headers: { 'client-request-id': sent } });
    expect(res.status).toBe(204);
    expect(res.headers.get('client-request-id')).toBe(sent);
    expect(res.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('date')).toBe('Fri, 27 Nov 2026 03:00:00 GMT');
  });

  it('every response it sends validates against the spec', async () => {
    const graph = createFakeGraph({ keySets });
    const path = (kid: string, set = SET) => `/trustFramework/keySets/${set}/keys_v2/${kid}`;
    const cases: [string, RequestInit, string][] = [
      [path('k1'), {}, 'getTrustFrameworkKeyV2'],
      [path('nope'), {}, 'getTrustFrameworkKeyV2'],
      [path('k1', 'B2C_1A_Nope'), {}, 'getTrustFrameworkKeyV2'],
      [path('k1'), { method: 'PATCH', body: '{"status":"disabled"}' }, 'updateTrustFrameworkKeyV2'],
      [path('k1'), { method: 'PATCH', body: '{"status":"Enabled"}' }, 'updateTrustFrameworkKeyV2'],
      [path('k1'), { method: 'PATCH', body: '{"status":"enabled"}', headers: { 'content-type': 'text/plain' } }, 'updateTrustFrameworkKeyV2'],
      [path('k1'), { method: 'PATCH', body: '{"status":"enabled"}', headers: { authorization: '' } }, 'updateTrustFrameworkKeyV2'],
      [path('nope'), { method: 'PATCH', body: '{"status":"enabled"}' }, 'updateTrustFrameworkKeyV2'],
    ];
    for (const [p, init, op] of cases) await conforms(graph, await raw(graph, p, init), op);
  });

  it('has a handler for every operation of the contract', async () => {
    const graph = createFakeGraph({ keySets });
    for (const op of contract.operations) {
      const path = op.path.replace('{keySetId}', SET).replace('{kid}', 'k1');
      const res = await raw(graph, path, { method: op.method, ...(op.body ? { body: '{"status":"enabled"}' } : {}) });
      expect(res.status, op.operationId).toBeLessThan(300);
    }
  });
});

describe('it judges the consumer by the spec', () => {
  const patch = (headers: Record<string, string>, body: string) => ({ method: 'PATCH', body, headers });
  it.each([
    { name: 'a status outside the enum', init: patch({}, '{"status":"Enabled"}'), status: 400, kind: 'body', says: 'must be equal to one of the allowed values: enabled, disabled', pointer: '/requestBody/content/application~1json/schema' },
    { name: 'the sentinel unknownFutureValue', init: patch({}, '{"status":"unknownFutureValue"}'), status: 400, kind: 'body', says: 'allowed values: enabled, disabled', pointer: '/requestBody' },
    { name: 'an extra property', init: patch({}, '{"status":"enabled","kid":"x"}'), status: 400, kind: 'body', says: 'must NOT have additional properties: "kid"', pointer: '/requestBody' },
    { name: 'a body that is not JSON', init: patch({}, 'status=enabled'), status: 400, kind: 'body', says: 'not JSON', pointer: '/requestBody' },
    { name: 'no body', init: { method: 'PATCH', headers: { 'content-type': 'application/json' } }, status: 400, kind: 'body', says: 'the request body is required', pointer: '/requestBody' },
    { name: 'a wrong Content-Type', init: patch({ 'content-type': 'text/plain' }, '{"status":"enabled"}'), status: 415, kind: 'content-type', says: 'Content-Type must be application/json (got "text/plain")', pointer: '/requestBody/content' },
    { name: 'no bearer token', init: patch({ authorization: '' }, '{"status":"enabled"}'), status: 401, kind: 'auth', says: 'Authorization must be "Bearer <token>"', pointer: '#/security' },
    { name: 'a client-request-id that is no GUID', init: patch({ 'client-request-id': 'req-1' }, '{"status":"enabled"}'), status: 400, kind: 'header', says: 'header.client-request-id must match format "uuid"', pointer: '/parameters' },
    { name: 'a Retry-Attempt of 0', init: patch({ 'retry-attempt': '0' }, '{"status":"enabled"}'), status: 400, kind: 'header', says: 'header.retry-attempt must be >= 1', pointer: '/parameters' },
    { name: 'a DELETE', init: { method: 'DELETE' }, status: 405, kind: 'method', says: 'DELETE is not an operation on this path (allowed: GET, PATCH)', pointer: '#/paths/' },
  ])('$name → $status, recorded with the spec pointer', async ({ init, status, kind, says, pointer }) => {
    const graph = createFakeGraph({ keySets });
    const res = await raw(graph, `/trustFramework/keySets/${SET}/keys_v2/k1`, init as RequestInit);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toContain(says);
    expect(graph.violations).toHaveLength(1);
    expect(graph.violations[0]).toMatchObject({ kind, status, method: (init as RequestInit).method ?? 'GET', path: `/trustFramework/keySets/${SET}/keys_v2/k1` });
    expect(graph.violations[0]!.message).toContain(says);
    expect(graph.violations[0]!.pointer).toContain(pointer);
    expect(graph.key(SET, 'k1')?.status).toBe('enabled');
  });

  it('a path outside the contract is a 400 and a violation', async () => {
    const graph = createFakeGraph({ keySets });
    expect((await raw(graph, `/trustFramework/keySets/${SET}/keys_v3/k1`)).status).toBe(400);
    expect(graph.violations[0]).toMatchObject({ kind: 'route' });
  });

  it('assertNoViolations() fails the consumer’s test with every violation and its pointer', async () => {
    const graph = createFakeGraph({ keySets });
    await raw(graph, `/trustFramework/keySets/${SET}/keys_v2/k1`, patch({}, '{"status":"on"}'));
    await raw(graph, `/trustFramework/keySets/${SET}/keys_v2/k1`, patch({ 'content-type': 'text/plain' }, '{"status":"enabled"}'));
    let thrown: unknown;
    try {
      graph.assertNoViolations();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ContractViolationError);
    expect(thrown).toBeInstanceOf(Error);
    const message = (thrown as Error).message;
    expect(message).toMatch(/^2 contract violations by the code under test:\n {2}1\. PATCH \/trustFramework\/keySets\/.*\/k1 → 400: body\.status must be equal to one of the allowed values: enabled, disabled\n {5}spec: #\/paths\//);
    expect(message).toContain('2. PATCH');
    expect(message).toContain('→ 415: Content-Type must be application/json');
  });

  it('our own client never violates the contract', async () => {
    const graph = createFakeGraph({ keySets });
    const keys = clientOf(graph);
    await keys.updateKeyStatus({ keySetId: SET, keyId: 'k2', status: 'disabled' });
    await keys.getKey({ keySetId: SET, keyId: 'k2' });
    await keys.getKey({ keySetId: SET, keyId: 'missing' }).catch(() => undefined);
    expect(graph.requests.map((r) => [r.method, r.operationId, r.status])).toEqual([
      ['PATCH', 'updateTrustFrameworkKeyV2', 204],
      ['GET', 'getTrustFrameworkKeyV2', 200],
      ['GET', 'getTrustFrameworkKeyV2', 404],
    ]);
    graph.assertNoViolations();
  });
});
