import { afterAll, beforeAll, expect, it } from 'vitest';
import { isRequestValidationError, RequestValidationError } from '../src/index.js';
import { clientFor, KEY_SET, KID, send, startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((_req, res) => send(res, 204));
});
afterAll(() => server.close());

const ok = { keySetId: KEY_SET, keyId: KID, status: 'disabled' };

it.each([
  { name: 'status in the wrong case', input: { ...ok, status: 'Enabled' }, field: 'status', message: 'status must be one of enabled, disabled (got "Enabled")' },
  { name: 'status empty', input: { ...ok, status: '' }, field: 'status', message: 'status must be one of enabled, disabled (got "")' },
  { name: 'status a number', input: { ...ok, status: 1 }, field: 'status', message: 'status must be one of enabled, disabled (got 1)' },
  { name: 'status the sentinel unknownFutureValue', input: { ...ok, status: 'unknownFutureValue' }, field: 'status', message: 'status must be one of enabled, disabled (got "unknownFutureValue")' },
  { name: 'status null', input: { ...ok, status: null }, field: 'status', message: '(got null)' },
  { name: 'status missing', input: { keySetId: KEY_SET, keyId: KID }, field: 'status', message: 'status is required' },
  { name: 'an extra body property', input: { ...ok, displayName: 'x' }, field: 'displayName', message: 'displayName is not allowed: only status may be given' },
  { name: 'a key property besides status', input: { ...ok, kty: 'RSA' }, field: 'kty', message: 'kty is not allowed' },
  { name: 'empty keySetId', input: { ...ok, keySetId: '' }, field: 'keySetId', message: 'keySetId must be one path segment, not "", ".", ".." (got "")' },
  { name: 'keySetId "."', input: { ...ok, keySetId: '.' }, field: 'keySetId', message: '(got ".")' },
  { name: 'keySetId ".."', input: { ...ok, keySetId: '..' }, field: 'keySetId', message: '(got "..")' },
  { name: 'empty keyId', input: { ...ok, keyId: '' }, field: 'keyId', message: 'keyId must be one path segment' },
  { name: 'keyId ".."', input: { ...ok, keyId: '..' }, field: 'keyId', message: '(got "..")' },
  { name: 'keyId missing', input: { keySetId: KEY_SET, status: 'enabled' }, field: 'keyId', message: 'keyId is required' },
  { name: 'keyId a number', input: { ...ok, keyId: 7 }, field: 'keyId', message: 'keyId must be a string (got 7)' },
  { name: 'input null', input: null, field: 'input', message: 'input must be an object with keySetId, keyId and status' },
  { name: 'input an array', input: [], field: 'input', message: 'input must be an object' },
])('updateKeyStatus refuses $name before sending', async ({ input, field, message }) => {
  const before = server.requests.length;
  const err = await clientFor(server).updateKeyStatus(input as never).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RequestValidationError);
  expect(isRequestValidationError(err)).toBe(true);
  expect(err).toMatchObject({ name: 'RequestValidationError', field });
  expect((err as Error).message).toContain(message);
  expect(server.requests.length).toBe(before);
});

it.each([
  { name: 'keySetId ".."', input: { keySetId: '..', keyId: KID }, field: 'keySetId' },
  { name: 'empty keyId', input: { keySetId: KEY_SET, keyId: '' }, field: 'keyId' },
  { name: 'an extra property', input: { keySetId: KEY_SET, keyId: KID, status: 'enabled' }, field: 'status' },
])('getKey refuses $name before sending', async ({ input, field }) => {
  const before = server.requests.length;
  await expect(clientFor(server).getKey(input as never)).rejects.toMatchObject({ name: 'RequestValidationError', field });
  expect(server.requests.length).toBe(before);
});

it('a valid call sends exactly {"status": …} and nothing else', async () => {
  await clientFor(server).updateKeyStatus({ keySetId: KEY_SET, keyId: KID, status: 'disabled' });
  const req = server.requests.at(-1)!;
  expect(req.method).toBe('PATCH');
  expect(req.headers['content-type']).toBe('application/json');
  expect(JSON.parse(req.body)).toStrictEqual({ status: 'disabled' });
});

it.each([
  { name: 'maxRetries above Graph\'s 10', options: { maxRetries: 11 }, field: 'maxRetries' },
  { name: 'negative maxRetries', options: { maxRetries: -1 }, field: 'maxRetries' },
  { name: 'fractional maxRetries', options: { maxRetries: 1.5 }, field: 'maxRetries' },
  { name: 'a zero timeout', options: { timeoutMs: 0 }, field: 'timeoutMs' },
  { name: 'an unknown cloud', options: { cloud: 'mars' }, field: 'cloud' },
  { name: 'a non-http baseUrl', options: { baseUrl: 'ftp://example.com' }, field: 'baseUrl' },
  { name: 'a relative baseUrl', options: { baseUrl: '/beta' }, field: 'baseUrl' },
  { name: 'an empty token', options: { token: '' }, field: 'token' },
  { name: 'a token of the wrong type', options: { token: 42 }, field: 'token' },
])('createKeysClient refuses $name, naming the option', ({ options, field }) => {
  expect(() => clientFor(server, options as never)).toThrow(RequestValidationError);
  try {
    clientFor(server, options as never);
  } catch (e) {
    expect(e).toMatchObject({ field });
    expect((e as Error).message).toMatch(new RegExp(`^${field} must be`));
  }
});
