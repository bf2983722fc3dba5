// Every wait of a call is bounded by the attempt's timeout and stopped by the caller's signal: the token, the
// connection, the headers and the body. What times out or breaks is an attempt like any other, and is retried.
import { afterEach, expect, it } from 'vitest';
import { AbortError, TimeoutError, type GetTokenOptions, type RetryEvent } from '../src/index.js';
import { clientFor, KEY_SET, KID, send, startServer, type Handler, type TestServer } from './helpers/server.js';

let server: TestServer | undefined;
afterEach(() => server?.close());
const serve = async (h: Handler) => (server = await startServer(h));
const input = { keySetId: KEY_SET, keyId: KID, status: 'disabled' as const };
const ids = { keySetId: KEY_SET, keyId: KID };
const key = JSON.stringify({ kid: KID, status: 'disabled' });

/** A token source that never answers by itself, and records the signal it was handed. */
function hangingToken() {
  const seen: GetTokenOptions[] = [];
  return { seen, source: (o: GetTokenOptions) => (seen.push(o), new Promise<string>(() => {})) };
}

it('a token that hangs is stopped by timeoutMs, and the source’s abortSignal fires', async () => {
  const s = await serve((_r, res) => send(res, 204));
  const t = hangingToken();
  const started = performance.now();
  const err = await clientFor(s, { token: t.source, timeoutMs: 50, maxRetries: 0 }).updateKeyStatus(input).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TimeoutError);
  // The 2 s seen before this fix would be a token source that ignored the attempt; 1 s leaves room for a slow machine.
  expect(performance.now() - started).toBeLessThan(1_000);
  expect(t.seen[0]!.abortSignal.aborted).toBe(true);
  expect(s.requests).toHaveLength(0);
});

it('a credential gets the attempt’s abortSignal, and the caller’s abort stops a hanging getToken at once', async () => {
  const s = await serve((_r, res) => send(res, 204));
  const signals: AbortSignal[] = [];
  const credential = { getToken: (_scope: string | string[], o?: GetTokenOptions) => (signals.push(o!.abortSignal), new Promise<never>(() => {})) };
  const ac = new AbortController();
  const p = clientFor(s, { token: credential }).updateKeyStatus(input, { signal: ac.signal });
  while (signals.length === 0) await new Promise((r) => setImmediate(r));
  expect(signals[0]!.aborted).toBe(false);
  ac.abort();
  await expect(p).rejects.toBeInstanceOf(AbortError);
  expect(signals[0]!.aborted).toBe(true);
  expect(s.requests).toHaveLength(0);
});

it('a token that timed out is asked again on the retry, and the call succeeds', async () => {
  const s = await serve((_r, res) => send(res, 204));
  let n = 0;
  const events: RetryEvent[] = [];
  // 250 ms: the second attempt (token, connection, 204) must fit in it even on a loaded machine or under Stryker.
  await clientFor(s, { token: () => (++n === 1 ? new Promise<string>(() => {}) : 'fresh'), timeoutMs: 250, onRetry: (e) => events.push(e) }).updateKeyStatus(input);
  expect(n).toBe(2);
  expect(events[0]!.error).toBeInstanceOf(TimeoutError);
  expect(s.requests.map((r) => r.headers.authorization)).toEqual(['Bearer fresh']);
});

it('a getKey body that stalls past timeoutMs is retried while retries are left', async () => {
  const s = await serve((_r, res, i) => {
    if (i > 0) return send(res, 200, key);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"kid":');
  });
  const events: RetryEvent[] = [];
  // 250 ms: the first attempt waits it out; the second must finish within it, on a loaded machine too.
  const got = await clientFor(s, { timeoutMs: 250, onRetry: (e) => events.push(e) }).getKey(ids);
  expect(got).toMatchObject({ kid: KID, status: 'disabled' });
  expect(s.requests).toHaveLength(2);
  expect(events[0]!.error).toBeInstanceOf(TimeoutError);
});

it('a getKey body cut mid-stream is a dropped attempt: retried, then the key', async () => {
  const s = await serve((_r, res, i) => {
    if (i > 0) return send(res, 200, key);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '400' });
    res.write('{"kid":');
    setImmediate(() => res.socket?.destroy());
  });
  await expect(clientFor(s).getKey(ids)).resolves.toMatchObject({ kid: KID });
  expect(s.requests).toHaveLength(2);
});

it('the caller’s abort stops a body that is still arriving', async () => {
  const ac = new AbortController();
  const s = await serve((_r, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"kid":', () => setImmediate(() => ac.abort()));
  });
  await expect(clientFor(s).getKey(ids, { signal: ac.signal })).rejects.toBeInstanceOf(AbortError);
  expect(s.requests).toHaveLength(1);
});

it('a retry waits its backoff delay before the next attempt', async () => {
  const at: number[] = [];
  const s = await serve((_r, res, i) => (at.push(performance.now()), i === 0 ? send(res, 503) : send(res, 204)));
  await clientFor(s, { retryDelayMs: 60 }).updateKeyStatus(input);
  expect(at).toHaveLength(2);
  // Graph's first backoff is the base delay plus jitter; a timer may fire a hair early, never by half.
  expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(55);
});

it('a throwing onRetry does not abandon the call', async () => {
  const s = await serve((_r, res, i) => (i === 0 ? send(res, 503) : send(res, 204)));
  await expect(clientFor(s, { onRetry: () => { throw new Error('the logger broke'); } }).updateKeyStatus(input)).resolves.toBeUndefined();
  expect(s.requests).toHaveLength(2);
});
