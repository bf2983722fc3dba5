// Pins a decision about the generated hey-api client: it fills path parameters with String.prototype.replace, which
// would expand `$$`, `$&`, `` $` `` and `$'` in a replacement. It is safe only because encodeURIComponent runs first
// and turns every `$` into %24. If a generator upgrade changed that order, an id "a$$b" would address "a$b".
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clientFor, send, startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((_req, res) => send(res, 204));
});
afterAll(() => server.close());

it.each([
  { name: '$$', id: 'a$$b' },
  { name: '$&', id: 'a$&b' },
  { name: "$'", id: "a$'b" },
  { name: '$`', id: 'a$`b' },
  { name: 'a lone $', id: 'price$' },
])('an id containing $name addresses exactly that id', async ({ id }) => {
  await clientFor(server).updateKeyStatus({ keySetId: id, keyId: id, status: 'enabled' });
  const [, , , , keySet, , kid, ...rest] = server.requests.at(-1)!.path.split('/');
  expect(rest).toEqual([]);
  expect(decodeURIComponent(keySet!)).toBe(id);
  expect(decodeURIComponent(kid!)).toBe(id);
});
