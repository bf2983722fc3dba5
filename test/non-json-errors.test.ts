import { afterAll, beforeAll, expect, it } from 'vitest';
import { GraphError } from '../src/index.js';
import { clientFor, KEY_SET, KID, startServer, type TestServer } from './helpers/server.js';

// Errors do not always come from Graph: a proxy answers HTML, a gateway cuts JSON short, a body can be empty.
const bodies: Record<string, { status: number; type: string; body: string }> = {
  html: { status: 502, type: 'text/html', body: '<html><body><h1>502 Bad Gateway</h1></body></html>' },
  broken: { status: 500, type: 'application/json', body: '{"error": {"code": "Internal' },
  empty: { status: 403, type: 'application/json', body: '' },
  notGraph: { status: 400, type: 'application/json', body: '{"detail":"nope"}' },
  nullBody: { status: 400, type: 'application/json', body: 'null' },
};

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    const b = bodies[req.path.split('/').pop()!]!;
    res.writeHead(b.status, { 'content-type': b.type, 'request-id': 'proxy-req' });
    res.end(b.body);
  });
});
afterAll(() => server.close());

it.each([
  { name: 'HTML from a proxy', kid: 'html', status: 502, has: 'Bad Gateway' },
  { name: 'truncated JSON', kid: 'broken', status: 500, has: '{"error": {"code": "Internal' },
  { name: 'an empty body', kid: 'empty', status: 403, has: 'HTTP 403' },
  { name: 'JSON that is not an ODataError', kid: 'notGraph', status: 400, has: 'HTTP 400' },
  { name: 'a JSON null', kid: 'nullBody', status: 400, has: 'HTTP 400' },
])('$name becomes a GraphError with the status and a readable message', async ({ kid, status, has }) => {
  for (const call of [
    () => clientFor(server).updateKeyStatus({ keySetId: KEY_SET, keyId: kid, status: 'enabled' }),
    () => clientFor(server).getKey({ keySetId: KEY_SET, keyId: kid }),
  ]) {
    const err = (await call().catch((e: unknown) => e)) as GraphError;
    expect(err).toBeInstanceOf(GraphError);
    expect(err.status).toBe(status);
    expect(err.code).toBeUndefined();
    expect(err.message).toContain(has);
    expect(err.requestId).toBe('proxy-req');
  }
});

it('getKey rejects a 200 whose body is not a JSON object, instead of returning garbage', async () => {
  const s = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('<html>login page</html>');
  });
  try {
    const err = (await clientFor(s).getKey({ keySetId: KEY_SET, keyId: KID }).catch((e: unknown) => e)) as GraphError;
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({ status: 200, code: 'InvalidResponse' });
    expect(err.message).toContain('login page');
  } finally {
    await s.close();
  }
});

it.each([
  { name: 'an OAuth error with a description', body: { error: 'invalid_token', error_description: 'The access token expired at 2026-11-27T03:00:00Z.' }, code: 'invalid_token', message: 'The access token expired at 2026-11-27T03:00:00Z.' },
  { name: 'an OAuth error without a description', body: { error: 'insufficient_scope' }, code: 'insufficient_scope', message: 'insufficient_scope' },
])('$name keeps its code and description (RFC 6750)', async ({ body, code, message }) => {
  const s = await startServer((_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer error="invalid_token"' });
    res.end(JSON.stringify(body));
  });
  try {
    const err = (await clientFor(s).getKey({ keySetId: KEY_SET, keyId: KID }).catch((e: unknown) => e)) as GraphError;
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({ status: 401, code, message });
  } finally {
    await s.close();
  }
});
