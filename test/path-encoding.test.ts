import { afterAll, beforeAll, expect, it } from 'vitest';
import { clientFor, KEY_SET, send, startServer, type TestServer } from './helpers/server.js';

// Every id goes out as exactly one percent-encoded path segment: characters with a meaning in URLs stay inside it.
let server: TestServer;
beforeAll(async () => {
  server = await startServer((_req, res) => send(res, 204));
});
afterAll(() => server.close());

const PREFIX = '/beta/trustFramework/keySets/';

it.each([
  { name: 'a slash', id: 'a/b' },
  { name: 'a query mark', id: 'a?b=c' },
  { name: 'a fragment mark', id: 'a#b' },
  { name: 'a percent sign', id: '100%25' },
  { name: 'a space', id: 'a b' },
  { name: 'unicode', id: 'ключ-🔑' },
  { name: 'a leading dot-segment lookalike', id: '..a' },
  { name: 'an encoded dot-segment', id: '%2e%2e' },
  { name: 'a backslash', id: 'a\\..\\b' },
  { name: 'braces like a template', id: '{kid}' },
])('an id with $name reaches the server as one segment and decodes back', async ({ id }) => {
  await clientFor(server).updateKeyStatus({ keySetId: id, keyId: id, status: 'enabled' });
  const path = server.requests.at(-1)!.path;
  expect(path.startsWith(PREFIX)).toBe(true);
  const segments = path.slice(PREFIX.length).split('/');
  expect(segments).toHaveLength(3);
  expect(segments[1]).toBe('keys_v2');
  expect(decodeURIComponent(segments[0]!)).toBe(id);
  expect(decodeURIComponent(segments[2]!)).toBe(id);
});

it('a plain id is sent as is', async () => {
  await clientFor(server).getKey({ keySetId: KEY_SET, keyId: 'abc_DEF-123' }).catch(() => undefined);
  expect(server.requests.at(-1)!.path).toBe(`${PREFIX}${KEY_SET}/keys_v2/abc_DEF-123`);
});
