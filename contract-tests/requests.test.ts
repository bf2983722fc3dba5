// What the client puts on the wire is what the spec allows: observed through a recording fetch that forwards to the
// provider unchanged (Prism, and the test kit's fake), checked with Ajv against the spec, and accepted with a 2xx.
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../scripts/lib/spec.js';
import { matchOperation, requestProblems, type WireRequest } from '../scripts/lib/contract.js';
import { clientFor, KEY_SET, KID, ODD_KEY_SET, ODD_KID, providers, recordingFetch } from './lib/providers.js';

const spec = loadSpec();

/** The first item of a listing: one request, whatever its nextLink says. */
async function first<T>(items: AsyncIterable<T>): Promise<T | undefined> {
  for await (const item of items) return item;
  return undefined;
}

// The rows run in order against one stateful fake: the key ends enabled, so getActiveKey finds it.
describe.each(providers())('client requests agree with the spec ($name)', (p) => {
  it.each([
    { name: 'updateKeyStatus disabled', run: (c: ReturnType<typeof clientFor>) => c.updateKeyStatus({ keySetId: KEY_SET, keyId: KID, status: 'disabled' }), operationId: 'updateTrustFrameworkKeyV2' },
    { name: 'updateKeyStatus enabled', run: (c: ReturnType<typeof clientFor>) => c.updateKeyStatus({ keySetId: KEY_SET, keyId: KID, status: 'enabled' }), operationId: 'updateTrustFrameworkKeyV2' },
    { name: 'updateKeyStatus with an id that needs encoding', run: (c: ReturnType<typeof clientFor>) => c.updateKeyStatus({ keySetId: ODD_KEY_SET, keyId: ODD_KID, status: 'disabled' }), operationId: 'updateTrustFrameworkKeyV2' },
    { name: 'getKey', run: (c: ReturnType<typeof clientFor>) => c.getKey({ keySetId: KEY_SET, keyId: KID }), operationId: 'getTrustFrameworkKeyV2' },
    { name: 'getActiveKey', run: (c: ReturnType<typeof clientFor>) => c.getActiveKey({ keySetId: KEY_SET }), operationId: 'getActiveTrustFrameworkKey' },
    { name: 'listKeys (first page, $top)', run: (c: ReturnType<typeof clientFor>) => first(c.listKeys({ keySetId: KEY_SET }, { pageSize: 5 })), operationId: 'listTrustFrameworkKeysV2' },
    { name: 'listKeySets (first page)', run: (c: ReturnType<typeof clientFor>) => first(c.listKeySets()), operationId: 'listTrustFrameworkKeySets' },
  ])('$name', async ({ run, operationId }) => {
    const { fetch, exchanges } = recordingFetch(p);
    await run(clientFor(p, { fetch }));
    expect(exchanges).toHaveLength(1);
    const [{ request, status }] = exchanges as [(typeof exchanges)[0]];
    expect(matchOperation(spec, request)?.operation.operationId).toBe(operationId);
    expect(requestProblems(spec, request)).toEqual([]);
    expect(request.headers.get('authorization')).toBe('Bearer contract-test-token');
    expect(request.headers.get('client-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    if (operationId.startsWith('update')) expect(request.headers.get('content-type')).toBe('application/json');
    expect(status).toBeGreaterThanOrEqual(200);
    expect(status).toBeLessThan(300);
  });

  it('a retry is still a request the spec allows (Retry-Attempt within its schema)', async () => {
    // 504: its documented response has no Retry-After, so the retries wait only the tiny test backoff.
    const { fetch, exchanges } = recordingFetch(p, 504);
    await clientFor(p, { fetch, maxRetries: 2 }).updateKeyStatus({ keySetId: KEY_SET, keyId: KID, status: 'enabled' }).catch(() => undefined);
    expect(exchanges.map((e) => e.request.headers.get('retry-attempt'))).toEqual([null, '1', '2']);
    for (const e of exchanges) expect(requestProblems(spec, e.request)).toEqual([]);
  });
});

// The checker itself catches a client that drifts: a different body, path, method or missing header.
describe('the request checker fails on drift', () => {
  const good: WireRequest = {
    method: 'PATCH',
    path: `/trustFramework/keySets/${KEY_SET}/keys_v2/${KID}`,
    headers: new Headers({ authorization: 'Bearer t', 'content-type': 'application/json', 'client-request-id': crypto.randomUUID() }),
    body: '{"status":"enabled"}',
  };
  it.each([
    { name: 'a different body', req: { ...good, body: '{"status":"enabled","displayName":"x"}' }, problem: 'additional properties' },
    { name: 'a wrong status', req: { ...good, body: '{"status":"on"}' }, problem: 'allowed values' },
    { name: 'a different path', req: { ...good, path: `/trustFramework/keySets/${KEY_SET}/keys/${KID}` }, problem: 'no operation' },
    { name: 'a different method', req: { ...good, method: 'PUT' }, problem: 'no operation' },
    { name: 'no bearer', req: { ...good, headers: new Headers({ 'content-type': 'application/json' }) }, problem: 'bearer' },
    { name: 'a non-UUID client-request-id', req: { ...good, headers: new Headers({ authorization: 'Bearer t', 'content-type': 'application/json', 'client-request-id': 'abc' }) }, problem: 'client-request-id' },
    { name: 'text/plain', req: { ...good, headers: new Headers({ authorization: 'Bearer t', 'content-type': 'text/plain' }) }, problem: 'content type' },
  ])('$name', ({ req, problem }) => {
    expect(requestProblems(spec, good)).toEqual([]);
    expect(requestProblems(spec, req).join('\n')).toContain(problem);
  });
});
