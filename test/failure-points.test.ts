// Every place a call can fail, and the documented error class it must end in. No raw TypeError, URIError,
// RangeError or DOMException escapes a public method: each row asserts the class, and that it is none of those.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  AuthenticationError,
  createKeysClient,
  GraphError,
  NetworkError,
  RequestValidationError,
  TimeoutError,
  type FetchLike,
  type KeysClientOptions,
} from '../src/index.js';
import { closedOrigin, graphErrorBody, KEY_SET, KID, send, startServer, TOKEN, type TestServer } from './helpers/server.js';

// One server; the last path segment (the kid) picks the behaviour, so the rows can run side by side.
const behaviours: Record<string, (res: import('node:http').ServerResponse) => void> = {
  ok: (res) => send(res, 204),
  key: (res) => send(res, 200, JSON.stringify({ kid: 'key', status: 'enabled' })),
  'never-answers': () => {},
  'reset-before-headers': (res) => res.socket?.destroy(),
  'stalls-in-body': (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"kid":');
  },
  'cut-in-body': (res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
    res.write('{"kid":"cut",');
    setImmediate(() => res.socket?.destroy());
  },
  'cut-404-body': (res) => {
    res.writeHead(404, { 'content-type': 'application/json', 'content-length': '500' });
    res.write('{"error":{"code":"Request_ResourceNotFound",');
    setImmediate(() => res.socket?.destroy());
  },
  'bad-location': (res) => send(res, 302, '', { location: 'http://[not-a-host/' }),
  'stalls-503-body': (res) => {
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' });
    res.write('{"error":');
  },
  'not-found': (res) => send(res, 404, graphErrorBody('Request_ResourceNotFound', 'no such key')),
};

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => behaviours[decodeURIComponent(req.path.split('/').pop()!)]!(res));
});
afterAll(() => server.close());

const client = (o: Partial<KeysClientOptions> = {}) => createKeysClient({ token: TOKEN, baseUrl: `${server.url}/beta`, retryDelayMs: 1, maxRetries: 0, ...o });
const update = (kid: string, o: Partial<KeysClientOptions> = {}) => client(o).updateKeyStatus({ keySetId: KEY_SET, keyId: kid, status: 'disabled' });
const get = (kid: string, o: Partial<KeysClientOptions> = {}) => client(o).getKey({ keySetId: KEY_SET, keyId: kid });
const never = () => new Promise<never>(() => {});

const RAW = ['TypeError', 'URIError', 'RangeError', 'DOMException', 'SyntaxError'];

const rows: { name: string; call: () => Promise<unknown>; is: new (...a: any[]) => Error; message?: RegExp }[] = [
  { name: 'connection refused', call: async () => createKeysClient({ token: TOKEN, baseUrl: `${await closedOrigin()}/beta`, maxRetries: 0 }).getKey({ keySetId: KEY_SET, keyId: KID }), is: NetworkError, message: /ECONNREFUSED/ },
  { name: 'socket reset before the headers', call: () => update('reset-before-headers'), is: NetworkError, message: /could not reach 127\.0\.0\.1/ },
  { name: 'no headers within timeoutMs', call: () => update('never-answers', { timeoutMs: 30 }), is: TimeoutError, message: /no response within 30 ms/ },
  // 250 ms for the stalled bodies (this one and the 503's below), so that their headers arrive in time on a loaded
  // machine and the wait that times out is the body's (at 40 ms, a loaded run saw the headers time out instead).
  { name: 'a 200 body that stalls (getKey)', call: () => get('stalls-in-body', { timeoutMs: 250 }), is: TimeoutError, message: /no complete body of the 200 response within 250 ms/ },
  { name: 'a 200 body cut mid-stream (getKey)', call: () => get('cut-in-body'), is: NetworkError, message: /body of the 200 response was cut off/ },
  { name: 'a 404 body cut mid-stream (getKey)', call: () => get('cut-404-body'), is: NetworkError, message: /body of the 404 response was cut off/ },
  { name: 'a 503 body that stalls, retries spent', call: () => update('stalls-503-body', { timeoutMs: 250, maxRetries: 1 }), is: TimeoutError, message: /body of the 503 response/ },
  { name: 'a redirect to an invalid Location', call: () => update('bad-location'), is: NetworkError },
  { name: 'a token function that hangs past timeoutMs', call: () => update('ok', { token: never, timeoutMs: 30 }), is: TimeoutError, message: /no token within 30 ms/ },
  { name: 'a credential that hangs past timeoutMs', call: () => update('ok', { token: { getToken: never }, timeoutMs: 30 }), is: TimeoutError, message: /no token within 30 ms/ },
  { name: 'a token function that throws a TypeError', call: () => update('ok', { token: () => { throw new TypeError('boom'); } }), is: AuthenticationError },
  { name: 'a token function that rejects with a string', call: () => update('ok', { token: () => Promise.reject('nope') }), is: AuthenticationError },
  { name: 'fetch that throws a TypeError synchronously', call: () => update('ok', { fetch: () => { throw new TypeError('bad fetch'); } }), is: NetworkError, message: /bad fetch/ },
  { name: 'fetch that rejects with a non-Error', call: () => update('ok', { fetch: () => Promise.reject('just a string') }), is: NetworkError, message: /just a string/ },
  { name: 'fetch that answers an impossible status', call: () => update('ok', { fetch: fakeStatus(99) }), is: NetworkError, message: /invalid HTTP status 99/ },
  { name: 'a Graph 404', call: () => get('not-found'), is: GraphError, message: /no such key/ },
  { name: 'an id with a lone surrogate', call: () => update('bad\uD800id'), is: RequestValidationError, message: /keyId must be well-formed Unicode/ },
  { name: 'a key set id with a lone low surrogate', call: () => client().getKey({ keySetId: 'set\uDC00', keyId: KID }), is: RequestValidationError, message: /keySetId must be well-formed Unicode/ },
  { name: 'a signal that is not an AbortSignal', call: () => client().getKey({ keySetId: KEY_SET, keyId: KID }, { signal: 'stop' as never }), is: RequestValidationError, message: /signal must be an AbortSignal/ },
  { name: 'an already-aborted signal', call: () => client().getKey({ keySetId: KEY_SET, keyId: 'ok' }, { signal: AbortSignal.abort() }), is: AbortError },
];

function fakeStatus(status: number): FetchLike {
  return async () => ({ status, statusText: '', headers: new Headers(), text: async () => '', body: null });
}

describe('every failure point ends in a documented error class', () => {
  it.each(rows)('$name → $is.name', async ({ call, is, message }) => {
    const err = await call().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(is);
    expect(err).toBeInstanceOf(Error);
    expect(RAW).not.toContain((err as Error).constructor.name);
    if (message) expect((err as Error).message).toMatch(message);
  });
});

describe('a change that happened is not reported as failed', () => {
  it('an update whose 2xx body is cut mid-stream resolves: the status line said it was done', async () => {
    await expect(update('cut-in-body')).resolves.toBeUndefined();
  });
  it('an update whose 2xx body stalls resolves before the timeout: the body is not waited for', async () => {
    await expect(update('stalls-in-body', { timeoutMs: 2_000 })).resolves.toBeUndefined();
  });
});
