// Requests that bypass the client get Prism's rejection; the client refuses the same inputs itself, before sending.
import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../src/index.js';
import { KEY_SET, KID, prismClient, rawPatch, recordingFetch } from './lib/prism-client.js';

const JSON_AUTH = { authorization: 'Bearer t', 'content-type': 'application/json' };

describe('Prism rejects what the spec forbids', () => {
  it.each([
    { name: 'a status outside the enum', body: '{"status":"Enabled"}', headers: JSON_AUTH, status: 422 },
    { name: 'an extra property', body: '{"status":"enabled","displayName":"x"}', headers: JSON_AUTH, status: 422 },
    { name: 'an empty object', body: '{}', headers: JSON_AUTH, status: 422 },
    { name: 'no body', body: undefined, headers: JSON_AUTH, status: 422 },
    { name: 'a wrong content type', body: '{"status":"enabled"}', headers: { authorization: 'Bearer t', 'content-type': 'text/plain' }, status: 415 },
    { name: 'no bearer token', body: '{"status":"enabled"}', headers: { 'content-type': 'application/json' }, status: 401 },
  ])('$name → $status', async ({ body, headers, status }) => {
    const res = await rawPatch(body, headers);
    await res.arrayBuffer();
    expect(res.status).toBe(status);
  });
  it('the valid body → 204', async () => {
    expect((await rawPatch('{"status":"enabled"}')).status).toBe(204);
  });
});

describe('the client refuses the same inputs before sending', () => {
  it.each([
    { name: 'a status outside the enum', input: { status: 'Enabled' }, field: 'status' },
    { name: 'an extra property', input: { status: 'enabled', displayName: 'x' }, field: 'displayName' },
    { name: 'no status (an empty body)', input: {}, field: 'status' },
  ])('$name', async ({ input, field }) => {
    const { fetch, exchanges } = recordingFetch();
    const err = await prismClient({ fetch }).updateKeyStatus({ keySetId: KEY_SET, keyId: KID, ...input } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestValidationError);
    expect(err).toMatchObject({ field });
    expect(exchanges).toHaveLength(0);
  });
  it('no bearer: a client cannot be made without a token', () => {
    expect(() => prismClient({ token: '' })).toThrow(RequestValidationError);
  });
  it('content type: every PATCH the client sends is application/json', async () => {
    const { fetch, exchanges } = recordingFetch();
    await prismClient({ fetch }).updateKeyStatus({ keySetId: KEY_SET, keyId: KID, status: 'enabled' });
    expect(exchanges[0]!.request.headers.get('content-type')).toBe('application/json');
  });
});
