// The default fetch is the global one as it is at call time, not as it was when the client was created: test
// interceptors installed later (msw's server.listen(), vi.stubGlobal) are honoured, so a test never reaches the
// real network by accident.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterEach, expect, it, vi } from 'vitest';
import { createKeysClient } from '../src/index.js';
import { KEY_SET, KID, TOKEN } from './helpers/server.js';

afterEach(() => vi.unstubAllGlobals());

it('a client created before msw’s server.listen() is intercepted by msw', async () => {
  const keys = createKeysClient({ token: TOKEN, maxRetries: 0 });
  const seen: string[] = [];
  const server = setupServer(
    http.patch('https://graph.microsoft.com/beta/trustFramework/keySets/:keySetId/keys_v2/:kid', async ({ request, params }) => {
      seen.push(`${params.keySetId}/${params.kid} ${await request.text()} ${request.headers.get('authorization')}`);
      return new HttpResponse(null, { status: 204 });
    }),
  );
  // Anything msw does not handle fails the test instead of leaving this machine.
  server.listen({ onUnhandledRequest: 'error' });
  try {
    await keys.updateKeyStatus({ keySetId: KEY_SET, keyId: KID, status: 'disabled' });
  } finally {
    server.close();
  }
  expect(seen).toEqual([`${KEY_SET}/${KID} {"status":"disabled"} Bearer ${TOKEN}`]);
});

it('a client created before vi.stubGlobal("fetch") uses the stub', async () => {
  const keys = createKeysClient({ token: TOKEN, maxRetries: 0 });
  const stub = vi.fn(async () => new Response(JSON.stringify({ kid: KID, status: 'enabled' }), { status: 200, headers: { 'content-type': 'application/json' } }));
  vi.stubGlobal('fetch', stub);
  await expect(keys.getKey({ keySetId: KEY_SET, keyId: KID })).resolves.toMatchObject({ kid: KID });
  expect(stub).toHaveBeenCalledTimes(1);
});
