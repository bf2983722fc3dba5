// createKeysClient's options at their edges: timers Node can honour, base URLs that cannot redirect the call, and
// the documented limits accepted exactly.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKeysClient, RequestValidationError } from '../src/index.js';
import { clientFor, KEY_SET, KID, send, startServer, TOKEN, type TestServer } from './helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => (req.method === 'GET' ? send(res, 200, JSON.stringify({ kid: KID })) : send(res, 204)));
});
afterAll(() => server.close());

const MAX = 2 ** 31 - 1;
const refusal = (options: object): RequestValidationError => {
  try {
    createKeysClient({ token: TOKEN, ...options });
  } catch (e) {
    if (e instanceof RequestValidationError) return e;
    throw e;
  }
  throw new Error('not refused');
};

it.each([
  { name: 'timeoutMs of 30 days', field: 'timeoutMs', value: 30 * 86_400_000 },
  { name: 'timeoutMs of 2^32', field: 'timeoutMs', value: 2 ** 32 },
  { name: 'timeoutMs of Infinity', field: 'timeoutMs', value: Infinity },
  { name: 'retryDelayMs above 2^31 - 1', field: 'retryDelayMs', value: MAX + 1 },
  { name: 'maxRetryAfterMs above 2^31 - 1', field: 'maxRetryAfterMs', value: MAX + 1 },
  { name: 'a negative retryDelayMs', field: 'retryDelayMs', value: -1 },
])('refuses $name, saying what Node’s timers allow', ({ field, value }) => {
  const e = refusal({ [field]: value });
  expect(e.field).toBe(field);
  expect(e.message).toContain(`${field} must be an integer of milliseconds from`);
  expect(e.message).toContain(String(MAX));
});

it.each(['timeoutMs', 'retryDelayMs', 'maxRetryAfterMs'])('accepts %s of exactly 2^31 - 1', (field) => {
  expect(() => createKeysClient({ token: TOKEN, [field]: MAX })).not.toThrow();
});

it('accepts maxRetries 10, Graph’s documented maximum, and retries that often', async () => {
  const s = await startServer((_r, res) => send(res, 503));
  try {
    await expect(clientFor(s, { maxRetries: 10 }).updateKeyStatus({ keySetId: KEY_SET, keyId: KID, status: 'enabled' })).rejects.toMatchObject({ status: 503 });
    expect(s.requests).toHaveLength(11);
  } finally {
    await s.close();
  }
});

it.each([
  { name: 'a fragment', baseUrl: 'https://graph.microsoft.com/beta#frag', says: 'baseUrl must be a URL without a fragment' },
  { name: 'an empty fragment', baseUrl: 'https://graph.microsoft.com/beta#', says: 'baseUrl must be a URL without a fragment' },
  { name: 'a query', baseUrl: 'https://graph.microsoft.com/beta?x=1', says: 'baseUrl must be a URL without a query' },
  { name: 'an empty query', baseUrl: 'https://graph.microsoft.com/beta?', says: 'baseUrl must be a URL without a query' },
])('refuses a baseUrl with $name', ({ baseUrl, says }) => {
  const e = refusal({ baseUrl });
  expect(e.field).toBe('baseUrl');
  expect(e.message).toContain(says);
});

it.each([
  { name: 'user and password', baseUrl: 'https://admin:s3cr3t-pass@graph.microsoft.com/beta' },
  { name: 'a user alone', baseUrl: 'https://s3cr3t-pass@graph.microsoft.com/beta' },
])('refuses a baseUrl with $name and never repeats it', ({ baseUrl }) => {
  const e = refusal({ baseUrl });
  expect(e.field).toBe('baseUrl');
  expect(e.message).toBe('baseUrl must not contain a user name or password (got https://***@graph.microsoft.com/beta)');
  expect(JSON.stringify({ ...e, message: e.message, stack: e.stack })).not.toContain('s3cr3t-pass');
});

it('a baseUrl with trailing slashes calls the same path as without', async () => {
  await clientFor(server).updateKeyStatus({ keySetId: KEY_SET, keyId: KID, status: 'enabled' });
  await createKeysClient({ token: TOKEN, baseUrl: `${server.url}/beta///` }).updateKeyStatus({ keySetId: KEY_SET, keyId: KID, status: 'enabled' });
  const [a, b] = server.requests.slice(-2).map((r) => r.path);
  expect(b).toBe(a);
  expect(a).toBe(`/beta/trustFramework/keySets/${KEY_SET}/keys_v2/${KID}`);
});

it('onRetry must be a function when given', () => {
  expect(refusal({ onRetry: 'log' }).field).toBe('onRetry');
});
