// Behaviours at their edges, each pinned because mutation testing showed nothing held it: exact refusal messages,
// redirect edge cases, listener hygiene on a reused signal, what onRetry is (not) told, and the causes errors carry.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { check, checkPathIds } from '../src/client/validate.js';
import { AuthenticationError, createKeysClient, GraphError, NetworkError, RequestValidationError, TimeoutError, type RetryEvent } from '../src/index.js';
import { updateTrustFrameworkKeyV2Body, updateTrustFrameworkKeyV2Path } from '../generated/validators.js';
import { clientFor, graphErrorBody, KEY_SET, KID, send, serverPerTest, TOKEN } from './helpers/server.js';

const serve = serverPerTest();
const input = { keySetId: KEY_SET, keyId: KID, status: 'enabled' as const };
const refusal = (f: () => unknown): RequestValidationError => {
  try {
    f();
  } catch (e) {
    if (e instanceof RequestValidationError) return e;
    throw e;
  }
  throw new Error('not refused');
};

describe('refusals say exactly what was wrong and what is allowed', () => {
  it.each([
    { name: 'a long status is cut at 40 characters', body: { status: 'x'.repeat(50) }, message: `status must be one of enabled, disabled (got "${'x'.repeat(40)}…")` },
    { name: 'a 40-character status is shown whole', body: { status: 'y'.repeat(40) }, message: `status must be one of enabled, disabled (got "${'y'.repeat(40)}")` },
    { name: 'a null status', body: { status: null }, message: 'status must be one of enabled, disabled (got null)' },
    { name: 'an array status', body: { status: [] }, message: 'status must be one of enabled, disabled (got an array)' },
    { name: 'an object status', body: { status: {} }, message: 'status must be one of enabled, disabled (got an object)' },
    { name: 'a boolean status', body: { status: true }, message: 'status must be one of enabled, disabled (got true)' },
    { name: 'an extra property', body: { status: 'enabled', reason: 'x' }, message: 'reason is not allowed: only status may be given' },
  ])('$name', ({ body, message }) => {
    expect(refusal(() => check(updateTrustFrameworkKeyV2Body, body)).message).toBe(message);
  });

  it('a keyword the validators may gain later gets a generic message naming the field', () => {
    const pattern = Object.assign(() => false, { errors: [{ keyword: 'pattern', instancePath: '/kid', schemaPath: '', params: {}, message: 'must match pattern "^k"' }] });
    const e = refusal(() => check(pattern, {}, { kid: 'keyId' }));
    expect([e.field, e.message]).toEqual(['keyId', 'keyId must match pattern "^k"']);
    const bare = Object.assign(() => false, { errors: [{ keyword: 'x', instancePath: '', schemaPath: '', params: {} }] });
    expect(refusal(() => check(bare, {})).message).toBe('input is invalid');
  });

  it('".." is refused naming the dot-segments', () => {
    expect(refusal(() => checkPathIds(updateTrustFrameworkKeyV2Path, { keySetId: KEY_SET, kid: '..' }, { kid: 'keyId' })).message).toBe('keyId must be one path segment, not "", ".", ".." (got "..")');
  });

  it('a lone surrogate at the very start is refused, with where it is', () => {
    const e = refusal(() => checkPathIds(updateTrustFrameworkKeyV2Path, { keySetId: KEY_SET, kid: '\uDFFFk' }, { kid: 'keyId' }));
    expect(e.message).toBe('keyId must be well-formed Unicode text (got a lone surrogate \\udfff at index 0)');
    expect(() => checkPathIds(updateTrustFrameworkKeyV2Path, { keySetId: KEY_SET, kid: 'k😀' }, { kid: 'keyId' })).not.toThrow();
  });

  it.each([
    { options: { cloud: 'mars' }, message: 'cloud must be one of global, usgov, dod, china (got "mars")' },
    { options: { maxRetries: 11 }, message: 'maxRetries must be an integer from 0 to 10 (got 11)' },
    { options: { fetch: 'fetch' }, message: 'fetch must be a fetch function (got "string")' },
    { options: { onRetry: 1 }, message: 'onRetry must be a function (got "number")' },
    { options: { baseUrl: 42 }, message: 'baseUrl must be an absolute http(s) URL (got 42)' },
    { options: { baseUrl: 'ftp://x/beta' }, message: 'baseUrl must be an absolute http(s) URL (got "ftp://x/beta")' },
    { options: { timeoutMs: () => 1 }, message: `timeoutMs must be an integer of milliseconds from 1 to ${2 ** 31 - 1} (2^31 - 1, about 24.8 days) (got () => 1)` },
  ])('createKeysClient($options)', ({ options, message }) => {
    expect(refusal(() => createKeysClient({ token: TOKEN, ...(options as object) })).message).toBe(message);
  });

  it.each([
    { call: () => createKeysClient({ token: TOKEN }).updateKeyStatus(null as never), message: 'input must be an object with keySetId, keyId and status' },
    { call: () => createKeysClient({ token: TOKEN }).getKey(null as never), message: 'input must be an object with keySetId and keyId' },
    { call: () => createKeysClient({ token: TOKEN }).getKey({ ...input } as never), message: 'status is not allowed: only keySetId, keyId may be given' },
  ])('$message', async ({ call, message }) => {
    const e = await call().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RequestValidationError);
    expect((e as Error).message).toBe(message);
  });

  it.each([null, {}, { aborted: 'no', addEventListener() {} }, { aborted: false }, 'stop'])('a signal option of %j is refused', async (signal) => {
    const s = await serve((_r, res) => send(res, 204));
    const e = await clientFor(s).updateKeyStatus(input, { signal: signal as never }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RequestValidationError);
    expect(e).toMatchObject({ field: 'signal', message: 'signal must be an AbortSignal' });
    expect(s.requests).toHaveLength(0);
  });

  it.each([
    { name: 'null', token: () => null, says: '(got null)' },
    { name: 'a number', token: () => 42, says: '(got number)' },
    { name: 'an empty string', token: () => '', says: '(got an empty string)' },
    { name: 'a token with a space', token: () => 'a b', says: '(it contains a space, control or non-ASCII character; its value is not shown)' },
    { name: 'a credential’s null', token: { getToken: async () => null }, says: '(got undefined)' },
  ])('a token source that yields $name is an AuthenticationError that says so', async ({ token, says }) => {
    const s = await serve((_r, res) => send(res, 204));
    const e = await clientFor(s, { token: token as never }).updateKeyStatus(input).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthenticationError);
    expect((e as Error).message).toBe(`token must be a non-empty string of visible ASCII characters, without the "Bearer " prefix ${says}`);
  });

  it('a failing token source: the message names the scope, the cause is kept; its own AuthenticationError passes as it is', async () => {
    const s = await serve((_r, res) => send(res, 204));
    const boom = new Error('no login');
    const e = (await clientFor(s, { token: () => Promise.reject(boom) }).updateKeyStatus(input).catch((x: unknown) => x)) as Error;
    expect([e.message, e.cause]).toEqual(['could not get a token for https://graph.microsoft.com/.default', boom]);
    const own = new AuthenticationError('sign in first');
    expect(await clientFor(s, { token: () => Promise.reject(own) }).updateKeyStatus(input).catch((x: unknown) => x)).toBe(own);
  });
});

describe('redirects at their edges', () => {
  it('a 2xx with a Location header is an answer, not a redirect', async () => {
    const s = await serve((r, res) => (r.path === '/elsewhere' ? send(res, 500) : send(res, 201, '', { location: '/elsewhere' })));
    await clientFor(s).updateKeyStatus(input);
    expect(s.requests).toHaveLength(1);
  });
  it('a 3xx without a Location is the answer: a GraphError with its status', async () => {
    const s = await serve((_r, res) => send(res, 302));
    await expect(clientFor(s).updateKeyStatus(input)).rejects.toMatchObject({ name: 'GraphError', status: 302 });
    expect(s.requests).toHaveLength(1);
  });
  it('the redirected request carries the call’s headers and body', async () => {
    const s = await serve((r, res) => (r.path.startsWith('/moved') ? send(res, 204) : send(res, 307, '', { location: '/moved' })));
    await clientFor(s).updateKeyStatus(input);
    const [first, second] = s.requests;
    for (const h of ['client-request-id', 'content-type', 'authorization']) expect(second!.headers[h], h).toBe(first!.headers[h]);
    expect(second!.body).toBe('{"status":"enabled"}');
  });
  it('the GET a 303 asks for carries no body and no Content-Type', async () => {
    const s = await serve((r, res) => (r.method === 'GET' ? send(res, 200, '{}') : send(res, 303, '', { location: '/see-other' })));
    await clientFor(s).updateKeyStatus(input);
    expect(s.requests[1]).toMatchObject({ method: 'GET', body: '' });
    expect(s.requests[1]!.headers['content-type']).toBeUndefined();
  });
});

describe('signals, retries and causes', () => {
  it('a signal reused for many calls, with retries and timeouts, gathers no listeners', async () => {
    const s = await serve((_r, res, i) => (i % 2 ? send(res, 204) : send(res, 503)));
    const ac = new AbortController();
    const c = clientFor(s, { timeoutMs: 5_000 });
    for (let i = 0; i < 5; i++) await c.updateKeyStatus(input, { signal: ac.signal });
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  it('an abort mid-attempt is not reported to onRetry as a failure', async () => {
    const ac = new AbortController();
    const s = await serve(() => setImmediate(() => ac.abort()));
    const events: RetryEvent[] = [];
    await expect(clientFor(s, { onRetry: (e) => events.push(e) }).updateKeyStatus(input, { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(events).toEqual([]);
  });

  it('an abort from inside onRetry ends the call at once, not after the wait', async () => {
    const s = await serve((_r, res) => send(res, 503, '', { 'retry-after': '100' }));
    const ac = new AbortController();
    await expect(clientFor(s, { onRetry: () => ac.abort() }).updateKeyStatus(input, { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(s.requests).toHaveLength(1);
  });

  it('onRetry is told the attempt, the wait, the status and the call’s client-request-id', async () => {
    const s = await serve((_r, res, i) => (i === 0 ? send(res, 429, '', { 'retry-after': '0' }) : send(res, 204)));
    const events: RetryEvent[] = [];
    await clientFor(s, { onRetry: (e) => events.push(e) }).updateKeyStatus(input);
    expect(events).toEqual([{ attempt: 1, delayMs: 0, status: 429, error: undefined, clientRequestId: s.requests[0]!.headers['client-request-id'] }]);
  });

  it('TimeoutError and NetworkError keep what caused them', async () => {
    const hang = await serve(() => {});
    const t = (await clientFor(hang, { timeoutMs: 20, maxRetries: 0 }).updateKeyStatus(input).catch((x: unknown) => x)) as TimeoutError;
    expect(t).toBeInstanceOf(TimeoutError);
    expect(t.cause).toBeDefined();
    const reset = await serve((_r, res) => res.socket!.destroy());
    const n = (await clientFor(reset, { maxRetries: 0 }).updateKeyStatus(input).catch((x: unknown) => x)) as NetworkError;
    expect(n).toBeInstanceOf(NetworkError);
    expect(n.cause).toBeInstanceOf(Error);
  });

  it('an update’s error body is read: code and message from a 404, 409 and 300', async () => {
    for (const status of [404, 409, 300]) {
      const s = await serve((_r, res) => send(res, status, graphErrorBody(`C${status}`, `m${status}`)));
      await expect(clientFor(s).updateKeyStatus(input)).rejects.toMatchObject({ status, code: `C${status}`, message: `m${status}` });
    }
  });

  it('getKey refuses a 200 whose body is JSON null, keeping the request-id', async () => {
    const s = await serve((_r, res) => send(res, 200, 'null', { 'request-id': 'r-null' }));
    const e = (await clientFor(s).getKey({ keySetId: KEY_SET, keyId: KID }).catch((x: unknown) => x)) as GraphError;
    expect(e).toMatchObject({ name: 'GraphError', code: 'InvalidResponse', requestId: 'r-null', message: 'expected a trustFrameworkKey_v2 JSON object in the 200 response: null' });
  });
});
