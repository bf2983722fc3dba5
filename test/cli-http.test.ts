// The CLI's network on node:http: what the client reads of a response, failures with their root cause, an abort, a
// body cut off, and a redirect left to the client — driven through the client itself against real loopback servers.
import { describe, expect, it } from 'vitest';
import { nodeFetch } from '../src/cli/http.js';
import { createKeysClient, NetworkError } from '../src/index.js';
import { closedOrigin, graphErrorBody, KEY_SET, send, serverPerTest } from './helpers/server.js';

const serve = serverPerTest();
const KEY = { kid: 'k1', status: 'enabled', use: 'sig' };

describe('nodeFetch', () => {
  it('carries the method, headers and body; hands back status, headers and the body as text', async () => {
    const server = await serve((req, res) => (req.method === 'PATCH' ? send(res, 204, '', { 'request-id': 'r-9' }) : send(res, 200, JSON.stringify(KEY), { 'x-multi': 'a' })));
    const keys = createKeysClient({ token: 'tok', baseUrl: server.url, fetch: nodeFetch() });
    await expect(keys.getKey({ keySetId: KEY_SET, keyId: 'k1' })).resolves.toMatchObject(KEY);
    await keys.updateKeyStatus({ keySetId: KEY_SET, keyId: 'k1', status: 'disabled' });
    const [get, patch] = server.requests;
    expect(get!.headers.authorization).toBe('Bearer tok');
    expect([patch!.method, patch!.body, patch!.headers['content-type'], patch!.headers['content-length']]).toEqual(['PATCH', '{"status":"disabled"}', 'application/json', '21']);
  });

  it('a Graph error keeps its status, code, request-id and every header', async () => {
    const server = await serve((_req, res) => send(res, 404, graphErrorBody('AADB2C', 'no such key', 'r-404'), { 'request-id': 'r-404', 'set-cookie': 'a=1' }));
    const keys = createKeysClient({ token: 'tok', baseUrl: server.url, fetch: nodeFetch() });
    await expect(keys.getKey({ keySetId: KEY_SET, keyId: 'nope' })).rejects.toMatchObject({ name: 'GraphError', status: 404, code: 'AADB2C', requestId: 'r-404' });
  });

  it('a refused connection is a NetworkError with the socket’s reason', async () => {
    const keys = createKeysClient({ token: 'tok', baseUrl: await closedOrigin(), fetch: nodeFetch(), maxRetries: 0 });
    const e = await keys.getKey({ keySetId: KEY_SET, keyId: 'k1' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NetworkError);
    expect((e as Error).message).toMatch(/^could not reach 127\.0\.0\.2:\d+: connect ECONNREFUSED/);
  });

  it('a body cut off mid-way is a NetworkError saying so', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('{"kid":"k1"');
      setTimeout(() => res.destroy(), 10);
    });
    const keys = createKeysClient({ token: 'tok', baseUrl: server.url, fetch: nodeFetch(), maxRetries: 0 });
    await expect(keys.getKey({ keySetId: KEY_SET, keyId: 'k1' })).rejects.toThrow(/^the body of the 200 response was cut off/);
  });

  it('a timeout aborts the exchange, and a redirect is the client’s to follow', async () => {
    let hits = 0;
    const server = await serve((req, res) => {
      hits++;
      if (req.path.endsWith('/slow')) return; // never answers
      if (req.path.endsWith('/old')) return send(res, 307, '', { location: req.path.replace('/old', '/k1') });
      send(res, 200, JSON.stringify(KEY));
    });
    const fetch = nodeFetch();
    const keys = (timeoutMs: number) => createKeysClient({ token: 'tok', baseUrl: server.url, fetch, maxRetries: 0, timeoutMs });
    await expect(keys(50).getKey({ keySetId: KEY_SET, keyId: 'slow' })).rejects.toMatchObject({ name: 'TimeoutError' });
    // The redirect, with time to spare: a loaded run once took more than 50 ms for its two exchanges.
    await expect(keys(10_000).getKey({ keySetId: KEY_SET, keyId: 'old' })).resolves.toMatchObject({ kid: 'k1' });
    expect(hits).toBe(3);
  });

  it('an https URL is sent over TLS (node:https, loaded for it), so a plain-http server cannot answer it', async () => {
    const server = await serve((_req, res) => send(res, 200, JSON.stringify(KEY)));
    const f = nodeFetch();
    const e = await f(server.url.replace('http:', 'https:') + '/x', { method: 'GET', headers: {}, signal: new AbortController().signal, redirect: 'manual' }).catch((x: unknown) => x);
    expect(e).toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: { code: 'EPROTO' } });
    expect(server.requests).toHaveLength(0);
    await expect(f(server.url + '/x', { method: 'GET', headers: {}, signal: new AbortController().signal, redirect: 'manual' })).resolves.toMatchObject({ status: 200 });
  });

  it('keeps the connection alive: calls one after another share one socket', async () => {
    const server = await serve((_req, res) => send(res, 200, JSON.stringify(KEY)));
    const keys = createKeysClient({ token: 'tok', baseUrl: server.url, fetch: nodeFetch() });
    for (let i = 0; i < 3; i++) await keys.getKey({ keySetId: KEY_SET, keyId: 'k1' });
    expect(server.requests.map((r) => r.headers.connection)).toEqual(['keep-alive', 'keep-alive', 'keep-alive']);
    expect(new Set(server.requests.map((r) => r.remotePort)).size).toBe(1);
  });

  it('refuses a URL that is neither http nor https, as fetch does', async () => {
    const f = nodeFetch();
    await expect(f('ftp://example.test/x', { method: 'GET', headers: {}, signal: new AbortController().signal, redirect: 'manual' })).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: { message: 'unsupported protocol ftp:' } });
  });
});

describe('nodeFetch’s response, as the client reads it', () => {
  it('status, status text, a header by any case, null for one absent, and every header in turn', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(418, 'Short and stout', { 'x-one': 'a', 'set-cookie': ['b=1', 'c=2'] });
      res.end('tea');
    });
    const res = await nodeFetch()(`${server.url}/x`, { method: 'GET', headers: {}, signal: new AbortController().signal, redirect: 'manual' });
    expect([res.status, res.statusText, res.headers.get('X-One'), res.headers.get('x-absent'), res.headers.get('set-cookie')]).toEqual([418, 'Short and stout', 'a', null, 'b=1, c=2']);
    const all: Record<string, string> = {};
    res.headers.forEach((value, key) => (all[key] = value));
    expect(all).toMatchObject({ 'x-one': 'a', 'set-cookie': 'b=1, c=2' });
    expect(await res.text()).toBe('tea');
    expect(await res.text()).toBe('tea'); // read once, answered again
  });
});
