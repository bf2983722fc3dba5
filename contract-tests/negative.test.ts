// Requests that bypass the client get the provider's rejection (Prism's 422, the fake's Graph-style 400; both 415 and
// 401); the client refuses the same inputs itself, before sending.
import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../src/index.js';
import { clientFor, KEY_SET, KID, providers, rawPatch, recordingFetch } from './lib/providers.js';

const JSON_AUTH = { authorization: 'Bearer t', 'content-type': 'application/json' };

describe.each(providers())('$name rejects what the spec forbids', (p) => {
  const BODY = p.refusesBodyWith;
  it.each([
    { name: 'a status outside the enum', body: '{"status":"Enabled"}', headers: JSON_AUTH, status: BODY },
    { name: 'the sentinel unknownFutureValue', body: '{"status":"unknownFutureValue"}', headers: JSON_AUTH, status: BODY },
    { name: 'an extra property', body: '{"status":"enabled","displayName":"x"}', headers: JSON_AUTH, status: BODY },
    { name: 'an empty object', body: '{}', headers: JSON_AUTH, status: BODY },
    { name: 'no body', body: undefined, headers: JSON_AUTH, status: BODY },
    { name: 'a wrong content type', body: '{"status":"enabled"}', headers: { authorization: 'Bearer t', 'content-type': 'text/plain' }, status: 415 },
    { name: 'no bearer token', body: '{"status":"enabled"}', headers: { 'content-type': 'application/json' }, status: 401 },
  ])('$name → $status', async ({ body, headers, status }) => {
    const res = await rawPatch(p, body, headers);
    await res.arrayBuffer();
    expect(res.status).toBe(status);
  });
  it('the valid body → 204', async () => {
    expect((await rawPatch(p, '{"status":"enabled"}')).status).toBe(204);
  });
});

describe('the client refuses the same inputs before sending', () => {
  const [p] = providers();
  it.each([
    { name: 'a status outside the enum', input: { status: 'Enabled' }, field: 'status' },
    { name: 'an extra property', input: { status: 'enabled', displayName: 'x' }, field: 'displayName' },
    { name: 'no status (an empty body)', input: {}, field: 'status' },
  ])('$name', async ({ input, field }) => {
    const { fetch, exchanges } = recordingFetch(p!);
    const err = await clientFor(p!, { fetch }).updateKeyStatus({ keySetId: KEY_SET, keyId: KID, ...input } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestValidationError);
    expect(err).toMatchObject({ field });
    expect(exchanges).toHaveLength(0);
  });
  it('no bearer: a client cannot be made without a token', () => {
    expect(() => clientFor(p!, { token: '' })).toThrow(RequestValidationError);
  });
  it('content type: every PATCH the client sends is application/json', async () => {
    const { fetch, exchanges } = recordingFetch(p!);
    await clientFor(p!, { fetch }).updateKeyStatus({ keySetId: KEY_SET, keyId: KID, status: 'enabled' });
    expect(exchanges[0]!.request.headers.get('content-type')).toBe('application/json');
  });
});
