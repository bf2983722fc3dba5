import { inspect } from 'node:util';
import { expect, it } from 'vitest';
import { AuthenticationError, createKeysClient, type TokenCredentialLike } from '../src/index.js';
import { clientFor, graphErrorBody, KEY_SET, KID, send, serverPerTest, TOKEN, type Handler } from './helpers/server.js';

const serve = serverPerTest();
const input = { keySetId: KEY_SET, keyId: KID, status: 'enabled' as const };

it('sends the token as a bearer token', async () => {
  const s = await serve((_r, res) => send(res, 204));
  await clientFor(s).updateKeyStatus(input);
  expect(s.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
});

it('asks a token function on every attempt (a token can expire during a retry wait)', async () => {
  const s = await serve((_r, res, i) => (i === 0 ? send(res, 503) : send(res, 204)));
  let n = 0;
  await clientFor(s, { token: async () => `tok-${++n}` }).updateKeyStatus(input);
  expect(s.requests.map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
});

it.each([
  { cloud: 'global', scope: 'https://graph.microsoft.com/.default' },
  { cloud: 'usgov', scope: 'https://graph.microsoft.us/.default' },
  { cloud: 'dod', scope: 'https://dod-graph.microsoft.us/.default' },
  { cloud: 'china', scope: 'https://microsoftgraph.chinacloudapi.cn/.default' },
] as const)('asks a credential for the $cloud cloud’s scope', async ({ cloud, scope }) => {
  const s = await serve((_r, res) => send(res, 204));
  const asked: unknown[] = [];
  const credential: TokenCredentialLike = { getToken: async (scopes) => (asked.push(scopes), { token: 'cred-token' }) };
  await clientFor(s, { token: credential, cloud }).updateKeyStatus(input);
  expect(asked).toEqual([scope]);
  expect(s.requests[0]!.headers.authorization).toBe('Bearer cred-token');
});

it.each([
  { cloud: 'global', base: 'https://graph.microsoft.com/beta' },
  { cloud: 'usgov', base: 'https://graph.microsoft.us/beta' },
  { cloud: 'dod', base: 'https://dod-graph.microsoft.us/beta' },
  { cloud: 'china', base: 'https://microsoftgraph.chinacloudapi.cn/beta' },
] as const)('the $cloud cloud calls $base', async ({ cloud, base }) => {
  // Observe only: record where the client would go, then fail like an unreachable network (nothing leaves this machine).
  const urls: string[] = [];
  const observe: typeof fetch = async (url) => {
    urls.push(String(url));
    throw new TypeError('network is not reachable from tests');
  };
  const c = createKeysClient({ token: TOKEN, cloud, fetch: observe, maxRetries: 0 });
  await expect(c.updateKeyStatus(input)).rejects.toMatchObject({ name: 'NetworkError' });
  expect(urls).toEqual([`${base}/trustFramework/keySets/${KEY_SET}/keys_v2/${KID}`]);
});

it.each([
  { name: 'a credential that returns null', token: { getToken: async () => null } },
  { name: 'a credential that throws', token: { getToken: async () => Promise.reject(new Error('no login')) } },
  { name: 'a function that returns an empty string', token: () => '' },
  { name: 'a function that returns a token with a newline', token: () => `${TOKEN}\n` },
])('$name rejects with AuthenticationError and sends nothing', async ({ token }) => {
  const s = await serve((_r, res) => send(res, 204));
  const err = await clientFor(s, { token: token as never }).updateKeyStatus(input).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AuthenticationError);
  expect(s.requests).toHaveLength(0);
  expect(inspect(err, { depth: 5 })).not.toContain(TOKEN);
});

it('a token pasted with its "Bearer " prefix is refused without echoing it', () => {
  expect(() => createKeysClient({ token: `Bearer ${TOKEN}` })).toThrow(/without the "Bearer " prefix/);
  try {
    createKeysClient({ token: `Bearer ${TOKEN}` });
  } catch (e) {
    expect(inspect(e)).not.toContain(TOKEN);
  }
});

// Every way an error can surface: the token must not be in its message, stack, JSON or inspection (with causes).
it.each([
  { name: 'GraphError', handler: ((_r, res) => send(res, 401, graphErrorBody('InvalidAuthenticationToken', 'bad token'))) as Handler },
  { name: 'NetworkError', handler: ((_r, res) => res.socket!.destroy()) as Handler },
  { name: 'TimeoutError', handler: (() => new Promise(() => {})) as Handler },
])('the token never appears in a $name', async ({ name, handler }) => {
  const s = await serve(handler);
  const err = (await clientFor(s, { maxRetries: 0, timeoutMs: 100 }).updateKeyStatus(input).catch((e: unknown) => e)) as Error;
  expect(err.name).toBe(name);
  for (const text of [err.message, err.stack ?? '', JSON.stringify(err), inspect(err, { depth: 10, showHidden: true })]) {
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(TOKEN.split('.')[1]);
  }
});

it('a redirect to another origin is followed without the token', async () => {
  const other = await serve((_r, res) => send(res, 204));
  const s = await serve((_r, res) => send(res, 307, '', { location: `${other.url}/elsewhere` }));
  await clientFor(s).updateKeyStatus(input);
  expect(s.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  expect(other.requests).toHaveLength(1);
  expect(other.requests[0]!.headers.authorization).toBeUndefined();
  expect(other.requests[0]!.method).toBe('PATCH');
  expect(other.requests[0]!.body).toBe('{"status":"enabled"}');
});

it('a redirect within the origin keeps the token', async () => {
  const s = await serve((r, res) => (r.path.startsWith('/moved') ? send(res, 204) : send(res, 308, '', { location: '/moved' })));
  await clientFor(s).updateKeyStatus(input);
  expect(s.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
});

it('stops following after 5 redirects', async () => {
  const s = await serve((_r, res, i) => send(res, 302, '', { location: `/hop${i}` }));
  await expect(clientFor(s).getKey({ keySetId: KEY_SET, keyId: KID })).rejects.toMatchObject({ name: 'GraphError', status: 302 });
  expect(s.requests).toHaveLength(6);
});

it('a retry after a 303 detour sends the original PATCH again, headers and all', async () => {
  const s = await serve((r, res, i) => {
    if (i === 0) return send(res, 303, '', { location: '/elsewhere' });
    if (i === 1) return send(res, 503, '', { 'retry-after': '0' }); // the GET the 303 asked for
    return send(res, 204);
  });
  await clientFor(s).updateKeyStatus(input);
  expect(s.requests.map((r) => r.method)).toEqual(['PATCH', 'GET', 'PATCH']);
  expect(s.requests[2]!.headers['content-type']).toBe('application/json');
  expect(s.requests[2]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  expect(s.requests[2]!.body).toBe('{"status":"enabled"}');
});
