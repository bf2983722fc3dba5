// The library behind a corporate proxy: undici's fetch with EnvHttpProxyAgent, passed as the `fetch` option (no cast:
// test/client-types.test-d.ts), sends through a real local forward proxy, and NO_PROXY bypasses it.
import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKeysClient } from '../src/index.js';
import { startForwardProxy, type ForwardProxy } from './helpers/proxy.js';
import { KEY_SET, KID, send, startServer, TOKEN, type TestServer } from './helpers/server.js';

let graph: TestServer;
let proxy: ForwardProxy;
beforeAll(async () => {
  [graph, proxy] = await Promise.all([startServer((_r, res) => send(res, 204)), startForwardProxy()]);
});
afterAll(() => Promise.all([graph.close(), proxy.close()]));

const input = { keySetId: KEY_SET, keyId: KID, status: 'disabled' as const };

it('through EnvHttpProxyAgent the request goes via the proxy, token and all', async () => {
  const agent = new EnvHttpProxyAgent({ httpProxy: proxy.url, httpsProxy: proxy.url, noProxy: '' });
  const before = proxy.seen.length;
  try {
    await createKeysClient({ token: TOKEN, baseUrl: `${graph.url}/beta`, fetch: (url, init) => undiciFetch(url, { ...init, dispatcher: agent }) }).updateKeyStatus(input);
  } finally {
    await agent.close();
  }
  expect(proxy.seen.slice(before).join('\n')).toContain(new URL(graph.url).host);
  expect(graph.requests.at(-1)!.headers.authorization).toBe(`Bearer ${TOKEN}`);
});

it('NO_PROXY covering the host bypasses the proxy', async () => {
  const agent = new EnvHttpProxyAgent({ httpProxy: proxy.url, httpsProxy: proxy.url, noProxy: '127.0.0.1' });
  const before = proxy.seen.length;
  const sent = graph.requests.length;
  try {
    await createKeysClient({ token: TOKEN, baseUrl: `${graph.url}/beta`, fetch: (url, init) => undiciFetch(url, { ...init, dispatcher: agent }) }).updateKeyStatus(input);
  } finally {
    await agent.close();
  }
  expect(proxy.seen.length).toBe(before);
  expect(graph.requests.length).toBe(sent + 1);
});
