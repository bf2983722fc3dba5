// The tfkey command as a new user meets it on a real network: --version, one JSON document for every outcome with
// --json, root causes of network failures, the Retry-After of a refused 429, and corporate proxies from
// HTTPS_PROXY / HTTP_PROXY / NO_PROXY.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../scripts/lib/spec.js';
import { ensureBuilt } from './helpers/dist.js';
import { startForwardProxy, type ForwardProxy } from './helpers/proxy.js';
import { answersListing, closedOrigin, graphErrorBody, KEY_SET, send, startServer, type TestServer } from './helpers/server.js';
import { selfSignedLoopbackCert } from './helpers/tls.js';
import { recordingTfkey } from './helpers/tfkey.js';

const TOKEN = 'cli-hardening-secret-token';
const PROXY_PASSWORD = 'proxy-s3cret';
const outputs: string[] = [];

const tfkey = recordingTfkey(outputs, { env: { GRAPH_TOKEN: TOKEN } });

let graph: TestServer;
let proxy: ForwardProxy;
let tlsGraph: Server;
let tlsUrl: string;
const tlsRequests: { method: string; path: string; port: number }[] = [];
const tls = selfSignedLoopbackCert();
beforeAll(async () => {
  await ensureBuilt();
  [graph, proxy] = await Promise.all([
    startServer((req, res) => {
      if (answersListing(req, res)) return; // what set-status reads before a change
      if (req.path.endsWith('/throttled')) return send(res, 429, graphErrorBody('TooManyRequests', 'Too many requests.'), { 'retry-after': '600' });
      send(res, 204);
    }),
    startForwardProxy(),
  ]);
  // The key set's listing (what set-status reads first), then 204 for the change.
  tlsGraph = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    tlsRequests.push({ method: req.method!, path: req.url!, port: req.socket.remotePort! });
    if (req.method === 'GET') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: [{ kid: 'spare', status: 'enabled' }] }));
    res.writeHead(204).end();
  });
  await new Promise<void>((r) => tlsGraph.listen(0, '127.0.0.1', r));
  tlsUrl = `https://127.0.0.1:${(tlsGraph.address() as AddressInfo).port}/beta`;
});
afterAll(async () => {
  tlsGraph.closeAllConnections();
  await Promise.all([graph.close(), proxy.close(), new Promise((r) => tlsGraph.close(r))]);
  tls.dispose();
  for (const o of outputs) {
    expect(o).not.toContain(TOKEN);
    expect(o).not.toContain(PROXY_PASSWORD);
  }
});

const base = () => ['--base-url', `${graph.url}/beta`];

describe.concurrent('tfkey, hardened', () => {
  it('--version prints the package version', async () => {
    const r = await tfkey(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${JSON.parse(readFileSync(`${root}/package.json`, 'utf8')).version}\n` });
  });

  it.each([
    { name: 'an unknown option', args: ['--force', 'get', KEY_SET, 'k'], code: 'commander.unknownOption' },
    { name: 'a bad choice', args: ['set-status', KEY_SET, 'k', 'On'], code: 'commander.invalidArgument' },
    { name: 'a missing argument', args: ['set-status', KEY_SET, 'k'], code: 'commander.missingArgument' },
    { name: 'an unknown command', args: ['remove', KEY_SET, 'k'], code: 'commander.unknownCommand' },
    { name: 'a missing argument, --json after the command', args: ['get', KEY_SET], code: 'commander.missingArgument', after: true },
    { name: 'a bad option value before --json', args: ['--cloud', 'mars', '--json', 'get', KEY_SET, 'k'], code: 'commander.invalidArgument', bare: true },
    { name: 'a bad option value, --json last', args: ['get', KEY_SET, 'k', '--max-retries', 'x', '--json'], code: 'commander.invalidArgument', bare: true },
  ])('--json: a usage error ($name) is one JSON document on stdout, exit 2', async ({ args, code, after, bare }) => {
    const r = await tfkey(bare ? args : after ? [...args, '--json'] : ['--json', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { name: 'UsageError', code, message: expect.any(String) } });
  });

  it('--json: bad input refused by the client is one JSON document too', async () => {
    const r = await tfkey([...base(), '--json', 'get', KEY_SET, '..']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { name: 'RequestValidationError', field: 'keyId' } });
  });

  it('a refused connection names its root cause, not "fetch failed"', async () => {
    const origin = await closedOrigin();
    const r = await tfkey(['--base-url', `${origin}/beta`, '--max-retries', '0', 'get', KEY_SET, 'k']);
    expect(r.code).toBe(1);
    const at = new URL(origin).host;
    expect(r.stderr).toContain(`NetworkError: could not reach ${at}: connect ECONNREFUSED ${at}`);
    expect(r.stderr).not.toContain('fetch failed');
  });

  it('a 429 whose Retry-After is beyond the client’s cap shows the wait in text mode', async () => {
    const r = await tfkey([...base(), 'set-status', KEY_SET, 'throttled', 'disabled']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Graph refused the request: 429 TooManyRequests');
    expect(r.stderr).toContain('retry-after: 600 s');
  });

  it('HTTP_PROXY: the request goes through the proxy, with its credentials, which are never printed', async () => {
    const proxyUrl = proxy.url.replace('//', `//admin:${PROXY_PASSWORD}@`);
    const r = await tfkey([...base(), '--verbose', 'set-status', KEY_SET, 'via-http-proxy', 'disabled'], { env: { HTTP_PROXY: proxyUrl } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`proxy: ${proxy.url.replace('//', '//***@')}`);
    // Once, though set-status builds a second client to check its input: that one sends nothing.
    expect(r.stderr.match(/^proxy: /gm)).toHaveLength(1);
    const i = proxy.seen.findIndex((s) => s.includes(new URL(graph.url).host));
    expect(i).toBeGreaterThanOrEqual(0);
    expect(proxy.auth[i]).toBe(`Basic ${Buffer.from(`admin:${PROXY_PASSWORD}`).toString('base64')}`);
  });

  it.each([
    { name: 'no_proxy (lower case) naming the host', env: { no_proxy: '127.0.0.1' }, proxied: false },
    { name: 'NO_PROXY naming the host', env: { NO_PROXY: '127.0.0.1' }, proxied: false },
    { name: 'no_proxy over NO_PROXY, as undici reads them', env: { no_proxy: 'elsewhere.invalid', NO_PROXY: '127.0.0.1' }, proxied: true },
    { name: 'NO_PROXY naming another host', env: { NO_PROXY: 'elsewhere.invalid' }, proxied: true },
  ])('in-process, from the run’s own environment: $name', async ({ env, proxied }) => {
    const kid = `np-${Object.keys(env).join('-')}-${proxied}`;
    // A proxy of its own: what it saw is this run's alone.
    const own = await startForwardProxy();
    try {
      const r = await tfkey([...base(), 'set-status', KEY_SET, kid, 'enabled'], { env: { HTTP_PROXY: own.url, ...env } });
      expect(r.code).toBe(0);
      expect(own.seen.some((s) => s.includes(new URL(graph.url).host))).toBe(proxied);
      expect(graph.requests.some((q) => q.path.endsWith(`/${kid}`))).toBe(true);
    } finally {
      await own.close();
    }
  });

  it('https_proxy (lower case): an HTTPS call is tunnelled through the proxy with CONNECT', async () => {
    const host = new URL(tlsUrl).host;
    // A process: NODE_EXTRA_CA_CERTS is read by node at start-up.
    const r = await tfkey.spawn(['--base-url', tlsUrl, 'set-status', KEY_SET, 'via-https-proxy', 'disabled'], { env: { https_proxy: proxy.url, NODE_EXTRA_CA_CERTS: tls.certFile } });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(proxy.seen).toContain(`CONNECT ${host}`);
  });

  it('over https, with no proxy: the guard’s read and the change share one TLS connection (a process)', async () => {
    // A key set of its own: the other https test's requests reach this server too.
    const set = 'B2C_1A_OverTls';
    // A process: NODE_EXTRA_CA_CERTS is read by node at start-up.
    const r = await tfkey.spawn(['--base-url', tlsUrl, 'set-status', set, 'over-tls', 'disabled'], { env: { NODE_EXTRA_CA_CERTS: tls.certFile } });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const ours = tlsRequests.filter((q) => q.path.includes(`/keySets/${set}/`));
    expect(ours.map((q) => `${q.method} ${q.path.replace(/\?.*/, '')}`)).toEqual([`GET /beta/trustFramework/keySets/${set}/keys_v2`, `PATCH /beta/trustFramework/keySets/${set}/keys_v2/over-tls`]);
    expect(new Set(ours.map((q) => q.port)).size).toBe(1);
  });

  it('NO_PROXY covering the host bypasses the proxy', async () => {
    const before = graph.requests.filter((q) => q.path.endsWith('/no-proxy')).length;
    // A process: the proxy variables as the bin finds them in its environment.
    const r = await tfkey.spawn([...base(), 'set-status', KEY_SET, 'no-proxy', 'disabled'], { env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } });
    expect(r.code).toBe(0);
    expect(graph.requests.filter((q) => q.path.endsWith('/no-proxy')).length).toBe(before + 1);
    expect(proxy.seen.some((s) => s.includes('/no-proxy'))).toBe(false);
  });
});
