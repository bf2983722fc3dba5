// A real HTTP server on 127.0.0.1 for tests: it records every request it receives and answers with the handler.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface Recorded {
  method: string;
  /** The raw request target, e.g. /beta/trustFramework/... (still percent-encoded). */
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The client's port: requests on one kept-alive connection share it. */
  remotePort: number | undefined;
}

export type Handler = (req: Recorded, res: ServerResponse, index: number) => unknown;

export interface TestServer {
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: Recorded[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rec: Recorded = { method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString(), remotePort: req.socket.remotePort };
    requests.push(rec);
    try {
      await handler(rec, res, requests.length - 1);
    } catch (e) {
      res.destroy(e as Error);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The loopback address {@link closedOrigin} uses, which no server of the run binds: they all listen on 127.0.0.1. */
const CLOSED_HOST = '127.0.0.2';

/**
 * `http://127.0.0.2:<port>`, where nothing listens: a connection there is refused. A port freed on 127.0.0.1 was
 * seen taken again, between its release and the test's connection, by a server of another file that then reset the
 * connection (ECONNRESET, not ECONNREFUSED); on an address no server binds, the port stays closed.
 */
export async function closedOrigin(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, CLOSED_HOST, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://${CLOSED_HOST}:${port}`;
}

/** A `serve(handler)` for a test file: every server it starts is closed after the test that started it. */
export function serverPerTest(): (handler: Handler) => Promise<TestServer> {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return async (handler) => {
    const server = await startServer(handler);
    servers.push(server);
    return server;
  };
}

/** A Graph error body as Graph sends it (innerError.date without a timezone). */
export function graphErrorBody(code: string, message: string, requestId = 'r-1', clientRequestId?: string) {
  return JSON.stringify({
    error: { code, message, innerError: { date: '2019-04-05T13:33:16', 'request-id': requestId, ...(clientRequestId ? { 'client-request-id': clientRequestId } : {}) } },
  });
}

export function send(res: ServerResponse, status: number, body = '', headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...(body ? { 'content-type': 'application/json' } : {}), ...headers });
  res.end(body);
}

export const KEY_SET = 'B2C_1A_TokenSigningKeyContainer';
export const KID = 'aTREvwojOB9ph3fr2r6eTf_5eD5fmQsfsapVMwYI3o';
export const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.secret-token-value.sig';

import { createKeysClient, type KeysClientOptions } from '../../src/index.js';

/** A client for a test server, with millisecond retry delays so retried statuses stay fast. */
export const clientFor = (server: TestServer, options: Partial<KeysClientOptions> = {}) =>
  createKeysClient({ token: TOKEN, baseUrl: `${server.url}/beta`, retryDelayMs: 1, ...options });

/** A key set's listing (GET …/keySets/{id}/keys_v2), as `tfkey set-status` reads it before a change. */
export const isListing = (req: Recorded): boolean => req.method === 'GET' && /\/keys_v2\/?(\?|$)/.test(req.path);

/**
 * Answers a key set's listing with two usable keys of its own, so that the guard lets any change of another key
 * through (the key changed is not in the listing: Graph answers for it, as without the guard). False for any other
 * request, which the caller answers.
 */
export function answersListing(req: Recorded, res: ServerResponse, keys: object[] = [{ kid: 'spare-1', status: 'enabled' }, { kid: 'spare-2', status: 'enabled' }]): boolean {
  if (!isListing(req)) return false;
  send(res, 200, JSON.stringify({ value: keys }));
  return true;
}
