import { afterEach, expect, it } from 'vitest';
import { GraphError, NetworkError, type RetryEvent } from '../src/index.js';
import { clientFor, graphErrorBody, KEY_SET, KID, send, startServer, type Handler, type TestServer } from './helpers/server.js';

let server: TestServer | undefined;
afterEach(() => server?.close());
const serve = async (h: Handler) => (server = await startServer(h));
const input = { keySetId: KEY_SET, keyId: KID, status: 'disabled' as const };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

it.each([429, 503, 504])('%i is retried, with Retry-Attempt and one client-request-id for the whole call', async (status) => {
  const s = await serve((_r, res, i) => (i < 2 ? send(res, status, graphErrorBody('Busy', 'busy')) : send(res, 204)));
  await clientFor(s).updateKeyStatus(input);
  expect(s.requests).toHaveLength(3);
  expect(s.requests.map((r) => r.headers['retry-attempt'])).toEqual([undefined, '1', '2']);
  const ids = new Set(s.requests.map((r) => r.headers['client-request-id']));
  expect(ids.size).toBe(1);
  expect([...ids][0]).toMatch(UUID);
  expect(s.requests.every((r) => r.body === '{"status":"disabled"}')).toBe(true);
});

it('separate calls get separate client-request-ids', async () => {
  const s = await serve((_r, res) => send(res, 204));
  const c = clientFor(s);
  await c.updateKeyStatus(input);
  await c.updateKeyStatus(input);
  expect(s.requests[0]!.headers['client-request-id']).not.toBe(s.requests[1]!.headers['client-request-id']);
});

it('gives up after maxRetries and rejects with the last GraphError', async () => {
  const s = await serve((_r, res) => send(res, 503, graphErrorBody('ServiceUnavailable', 'down')));
  const err = await clientFor(s, { maxRetries: 2 }).updateKeyStatus(input).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(GraphError);
  expect(err).toMatchObject({ status: 503, code: 'ServiceUnavailable' });
  expect(s.requests).toHaveLength(3);
});

it('defaults to 3 retries, as Graph’s SDKs', async () => {
  const s = await serve((_r, res) => send(res, 429, graphErrorBody('TooManyRequests', 'slow down'), { 'retry-after': '0' }));
  await expect(clientFor(s).updateKeyStatus(input)).rejects.toMatchObject({ status: 429 });
  expect(s.requests).toHaveLength(4);
});

it.each([400, 404, 409, 500, 502])('%i is not retried', async (status) => {
  const s = await serve((_r, res) => send(res, status, graphErrorBody('No', 'no')));
  await expect(clientFor(s).updateKeyStatus(input)).rejects.toMatchObject({ status });
  expect(s.requests).toHaveLength(1);
});

it('honours Retry-After: the wait reported is the server’s, not the backoff', async () => {
  const s = await serve((_r, res, i) => (i === 0 ? send(res, 429, graphErrorBody('TooManyRequests', 'x'), { 'retry-after': '0' }) : send(res, 204)));
  const events: RetryEvent[] = [];
  await clientFor(s, { retryDelayMs: 60_000, onRetry: (e) => events.push(e) }).updateKeyStatus(input);
  expect(events).toEqual([{ attempt: 1, delayMs: 0, status: 429, error: undefined, clientRequestId: s.requests[0]!.headers['client-request-id'] }]);
});

it('a Retry-After beyond the cap fails fast with the GraphError and the wait asked for', async () => {
  const s = await serve((_r, res) => send(res, 429, graphErrorBody('TooManyRequests', 'come back later'), { 'retry-after': '600' }));
  const err = (await clientFor(s).updateKeyStatus(input).catch((e: unknown) => e)) as GraphError;
  expect(err).toBeInstanceOf(GraphError);
  expect(err).toMatchObject({ status: 429, retryAfterMs: 600_000 });
  expect(s.requests).toHaveLength(1);
});

it('the cap is configurable', async () => {
  const s = await serve((_r, res) => send(res, 503, graphErrorBody('ServiceUnavailable', 'x'), { 'retry-after': '1' }));
  await expect(clientFor(s, { maxRetryAfterMs: 500 }).updateKeyStatus(input)).rejects.toMatchObject({ status: 503, retryAfterMs: 1000 });
  expect(s.requests).toHaveLength(1);
});

it('a dropped connection is retried (the update is idempotent)', async () => {
  const s = await serve((_r, res, i) => (i === 0 ? res.socket!.destroy() : send(res, 204)));
  const events: RetryEvent[] = [];
  await clientFor(s, { onRetry: (e) => events.push(e) }).updateKeyStatus(input);
  expect(s.requests).toHaveLength(2);
  expect(events[0]!.error).toBeInstanceOf(NetworkError);
});

it('a server that keeps dropping connections ends in a NetworkError with the cause', async () => {
  const s = await serve((_r, res) => res.socket!.destroy());
  const err = (await clientFor(s, { maxRetries: 1 }).updateKeyStatus(input).catch((e: unknown) => e)) as NetworkError;
  expect(err).toBeInstanceOf(NetworkError);
  expect(err.name).toBe('NetworkError');
  expect(err.cause).toBeInstanceOf(Error);
  expect(s.requests).toHaveLength(2);
});

it('nothing listening is a NetworkError', async () => {
  const s = await serve((_r, res) => send(res, 204));
  const url = s.url;
  await s.close();
  server = undefined;
  const c = clientFor({ url, requests: [], close: async () => {} }, { maxRetries: 0 });
  await expect(c.updateKeyStatus(input)).rejects.toMatchObject({ name: 'NetworkError' });
});
