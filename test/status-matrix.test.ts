import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphError, isGraphError } from '../src/index.js';
import { clientFor, graphErrorBody, KEY_SET, KID, send, startServer, type TestServer } from './helpers/server.js';

// The server answers whatever status the test names in the key id: /keys_v2/<status>.
let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    const status = Number(req.path.split('/').pop());
    if (status === 204) return send(res, 204);
    if (status < 300) return send(res, status, status === 200 ? JSON.stringify({ kid: 'k', status: 'enabled' }) : '');
    send(res, status, graphErrorBody(`Code${status}`, `message ${status}`, `req-${status}`, `crid-${status}`), { 'retry-after': '0' });
  });
});
afterAll(() => server.close());

const update = (status: number) => clientFor(server, { maxRetries: 0 }).updateKeyStatus({ keySetId: KEY_SET, keyId: String(status), status: 'disabled' });

describe('2xx resolves', () => {
  it.each([
    { name: '204 No Content (documented)', status: 204 },
    { name: '200 with an unexpected body', status: 200 },
    { name: '201 with no body', status: 201 },
    { name: '202 with no body', status: 202 },
  ])('$name', async ({ status }) => {
    await expect(update(status)).resolves.toBeUndefined();
  });
});

describe('non-2xx rejects with a GraphError carrying the Graph body', () => {
  it.each([400, 401, 403, 404, 409, 429, 500, 502, 503, 504].map((status) => ({ name: String(status), status })))('$name', async ({ status }) => {
    const err = await update(status).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toBeInstanceOf(Error);
    expect(isGraphError(err)).toBe(true);
    expect(err).toMatchObject({
      name: 'GraphError',
      status,
      code: `Code${status}`,
      message: `message ${status}`,
      requestId: `req-${status}`,
      clientRequestId: `crid-${status}`,
      date: '2019-04-05T13:33:16',
    });
  });
});

it('a GraphError falls back to the headers and the id it sent when the body has no innerError', async () => {
  const s = await startServer((_req, res) => send(res, 404, JSON.stringify({ error: { code: 'NotFound', message: 'gone' } }), { 'request-id': 'hdr-req' }));
  try {
    const err = (await clientFor(s).getKey({ keySetId: KEY_SET, keyId: KID }).catch((e: unknown) => e)) as GraphError;
    expect(err).toMatchObject({ status: 404, code: 'NotFound', message: 'gone', requestId: 'hdr-req' });
    expect(err.clientRequestId).toBe(s.requests[0]!.headers['client-request-id']);
  } finally {
    await s.close();
  }
});
