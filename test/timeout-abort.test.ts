import { afterEach, expect, it } from 'vitest';
import { AbortError, TimeoutError, type RetryEvent } from '../src/index.js';
import { clientFor, KEY_SET, KID, send, startServer, type Handler, type TestServer } from './helpers/server.js';

let server: TestServer | undefined;
afterEach(() => server?.close());
const serve = async (h: Handler) => (server = await startServer(h));
const input = { keySetId: KEY_SET, keyId: KID, status: 'enabled' as const };
const never: Handler = () => new Promise(() => {}); // accepts the request and never answers

it('an attempt that outlives timeoutMs rejects with TimeoutError', async () => {
  const s = await serve(never);
  const err = await clientFor(s, { timeoutMs: 250, maxRetries: 0 }).updateKeyStatus(input).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TimeoutError);
  expect(err).toMatchObject({ name: 'TimeoutError' });
  expect(s.requests).toHaveLength(1);
});

it('the timeout is per attempt: a timed-out attempt is retried, then succeeds', async () => {
  const s = await serve((r, res, i) => (i === 0 ? never(r, res, i) : send(res, 204)));
  const events: RetryEvent[] = [];
  // 250 ms: the first attempt waits it out; the second must finish within it, on a loaded machine too.
  await clientFor(s, { timeoutMs: 250, onRetry: (e) => events.push(e) }).updateKeyStatus(input);
  expect(s.requests).toHaveLength(2);
  expect(events[0]!.error).toBeInstanceOf(TimeoutError);
});

it('a body that stalls past the timeout is a TimeoutError too (getKey)', async () => {
  const s = await serve((_r, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"kid":');
  });
  await expect(clientFor(s, { timeoutMs: 80, maxRetries: 0 }).getKey({ keySetId: KEY_SET, keyId: KID })).rejects.toMatchObject({ name: 'TimeoutError' });
});

it('the caller’s abort rejects with AbortError and is not retried', async () => {
  const s = await serve(never);
  const ac = new AbortController();
  const p = clientFor(s).updateKeyStatus(input, { signal: ac.signal });
  while (s.requests.length === 0) await new Promise((r) => setImmediate(r));
  ac.abort();
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AbortError);
  expect(err).toMatchObject({ name: 'AbortError' });
  expect(s.requests).toHaveLength(1);
});

it('an already-aborted signal sends nothing', async () => {
  const s = await serve((_r, res) => send(res, 204));
  await expect(clientFor(s).updateKeyStatus(input, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  expect(s.requests).toHaveLength(0);
});

it('an abort during a retry wait ends the wait at once', async () => {
  const s = await serve((_r, res) => send(res, 503, '', { 'retry-after': '100' }));
  const ac = new AbortController();
  const started = performance.now();
  const p = clientFor(s, { onRetry: () => queueMicrotask(() => ac.abort()) }).updateKeyStatus(input, { signal: ac.signal });
  await expect(p).rejects.toBeInstanceOf(AbortError);
  expect(performance.now() - started).toBeLessThan(50_000); // nowhere near the 100 s it was asked to wait
  expect(s.requests).toHaveLength(1);
});
