// The three ways into the fake: an injected fetch (no socket), listen() (a real HTTP server, proven with an
// independent client: the documentation's @microsoft/microsoft-graph-client sample), and msw handlers.
import { Client, HTTPMessageHandler, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { setupServer } from 'msw/node';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeysClient } from '../../src/index.js';
import { createFakeGraph, type FakeGraph } from '../../src/testing/index.js';

const SET = 'B2C_1A_TokenSigningKeyContainer';
const keySets = { [SET]: [{ kid: 'k1', use: 'sig', kty: 'RSA', status: 'enabled' as const }] };
const fakes: FakeGraph[] = [];
const fake = () => {
  const g = createFakeGraph({ keySets });
  fakes.push(g);
  return g;
};
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((g) => g.close()));
});

describe('injected fetch', () => {
  it('serves the client in-process', async () => {
    const graph = fake();
    const keys = createKeysClient({ token: 't', fetch: graph.fetch, baseUrl: graph.baseUrl });
    await keys.updateKeyStatus({ keySetId: SET, keyId: 'k1', status: 'disabled' });
    expect(graph.key(SET, 'k1')!.status).toBe('disabled');
    expect(graph.baseUrl).toBe('https://graph.microsoft.com/beta');
  });
  it('refuses a URL outside its base, as fetch refuses an unreachable host', async () => {
    const graph = fake();
    await expect(graph.fetch('https://elsewhere.example/beta/x')).rejects.toThrow('the fake Graph serves https://graph.microsoft.com/beta');
  });
});

describe('listen(): a real HTTP server', () => {
  it('the documentation’s Graph client sample changes the fake’s state, and reads it back', async () => {
    const graph = fake();
    const url = new URL(await graph.listen());
    expect(url.href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/beta$/);
    // The legacy client's own AuthenticationHandler strips the token from any host but Graph's https ones; this
    // chain puts it on as that handler would, and leaves the request building and sending to the client.
    const bearer: Middleware = {
      async execute(context: Context) {
        context.options = { ...context.options, headers: { ...(context.options?.headers as Record<string, string>), Authorization: 'Bearer legacy-client-token' } };
        await next.execute(context);
      },
    };
    const next = new HTTPMessageHandler();
    const client = Client.initWithMiddleware({ middleware: bearer, baseUrl: `${url.origin}/`, defaultVersion: 'beta' });
    // The docs' sample: PATCH with the trustFrameworkKey_v2 object { status }.
    await client.api(`/trustFramework/keySets/${SET}/keys_v2/k1`).patch({ status: 'disabled' });
    expect(graph.key(SET, 'k1')!.status).toBe('disabled');
    const key = await client.api(`/trustFramework/keySets/${SET}/keys_v2/k1`).get();
    expect(key).toMatchObject({ kid: 'k1', status: 'disabled' });
    expect(graph.requests.map((r) => [r.method, r.status])).toEqual([['PATCH', 204], ['GET', 200]]);
    graph.assertNoViolations();
  });

  it('a bogus body from raw fetch gets a Graph-shaped 400 and appears in violations', async () => {
    const graph = fake();
    const base = await graph.listen();
    const res = await fetch(`${base}/trustFramework/keySets/${SET}/keys_v2/k1`, { method: 'PATCH', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: '{"status":"revoked","reason":"leak"}' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'BadRequest', message: expect.stringContaining('body.status must be equal to one of the allowed values'), innerError: { 'request-id': expect.any(String) } } });
    expect(graph.violations.map((v) => v.kind)).toEqual(['body', 'body']);
    expect(graph.key(SET, 'k1')!.status).toBe('enabled');
  });

  it('listen() twice serves on one server, and close() stops it', async () => {
    const graph = fake();
    const a = await graph.listen();
    expect(await graph.listen()).toBe(a);
    await graph.close();
    await expect(fetch(`${a}/trustFramework/keySets/${SET}/keys_v2/k1`)).rejects.toThrow();
  });
});

describe('msw handlers', () => {
  it('a client created with the default baseUrl, before the server listens, is served by the fake', async () => {
    const graph = fake();
    const keys = createKeysClient({ token: 't' });
    const server = setupServer(...((await graph.handlers()) as Parameters<typeof setupServer>));
    server.listen({ onUnhandledRequest: 'error' });
    try {
      await keys.updateKeyStatus({ keySetId: SET, keyId: 'k1', status: 'disabled' });
      expect(await keys.getKey({ keySetId: SET, keyId: 'k1' })).toMatchObject({ status: 'disabled' });
    } finally {
      server.close();
    }
    graph.assertNoViolations();
  });

  it('mounts at another cloud’s base URL when asked', async () => {
    const graph = fake();
    const keys = createKeysClient({ token: 't', cloud: 'usgov', maxRetries: 0 });
    const server = setupServer(...((await graph.handlers('https://graph.microsoft.us/beta')) as Parameters<typeof setupServer>));
    server.listen({ onUnhandledRequest: 'error' });
    try {
      expect(await keys.getKey({ keySetId: SET, keyId: 'k1' })).toMatchObject({ kid: 'k1' });
    } finally {
      server.close();
    }
  });
});
