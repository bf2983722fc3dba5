// How a response or a thrown error becomes this client's outcome: pure functions, tested without a server.
import { describe, expect, it } from 'vitest';
import { graphError, settle, snippet } from '../src/client/outcome.js';
import { AbortError, AuthenticationError, GraphError, NetworkError, RequestValidationError, TimeoutError } from '../src/index.js';

const res = (status: number, headers: Record<string, string> = {}, statusText = '') => new Response(null, { status, statusText, headers });

describe('graphError', () => {
  it.each([
    { name: 'Graph’s body', body: { error: { code: 'Request_ResourceNotFound', message: 'no such key' } }, code: 'Request_ResourceNotFound', message: 'no such key' },
    { name: 'Graph’s body without a code', body: { error: { message: 'odd' } }, code: undefined, message: 'odd' },
    { name: 'Graph’s body with a non-string code', body: { error: { code: 5, message: 'odd' } }, code: undefined, message: 'odd' },
    { name: 'an OAuth body', body: { error: 'invalid_token', error_description: 'expired' }, code: 'invalid_token', message: 'expired' },
    { name: 'an OAuth body with a non-string description', body: { error: 'invalid_token', error_description: 5 }, code: 'invalid_token', message: 'invalid_token' },
    { name: 'a null body', body: null, code: undefined, message: 'HTTP 500 Server Error' },
    { name: 'an error that is null', body: { error: null }, code: undefined, message: 'HTTP 500 Server Error' },
    { name: 'an error that is a number', body: { error: 42 }, code: undefined, message: 'HTTP 500 Server Error' },
    { name: 'an error object without a message', body: { error: { code: 'X' } }, code: undefined, message: 'HTTP 500 Server Error' },
    { name: 'text', body: '  upstream failed  ', code: undefined, message: 'HTTP 500 Server Error: upstream failed' },
  ])('$name', ({ body, code, message }) => {
    const e = graphError(res(500, {}, 'Server Error'), body, 'sent-id');
    expect(e).toBeInstanceOf(GraphError);
    expect({ code: e.code, message: e.message, status: e.status, body: e.body }).toEqual({ code, message, status: 500, body });
  });

  it('takes the ids and date from innerError, else the headers, else what was sent', () => {
    const inner = { error: { code: 'c', message: 'm', innerError: { 'request-id': 'r-body', 'client-request-id': 'c-body', date: '2019-04-05T13:33:16' } } };
    expect(graphError(res(404, { 'request-id': 'r-head', 'client-request-id': 'c-head' }), inner, 'sent')).toMatchObject({ requestId: 'r-body', clientRequestId: 'c-body', date: '2019-04-05T13:33:16' });
    const odd = { error: { code: 'c', message: 'm', innerError: { 'request-id': 42, 'client-request-id': null, date: 7 } } };
    expect(graphError(res(404, { 'request-id': 'r-head', 'client-request-id': 'c-head' }), odd, 'sent')).toMatchObject({ requestId: 'r-head', clientRequestId: 'c-head', date: undefined });
    expect(graphError(res(404), { error: { code: 'c', message: 'm', innerError: 'x' } }, 'sent')).toMatchObject({ requestId: undefined, clientRequestId: 'sent' });
  });

  it('an HTTP message without status text has no trailing space', () => {
    expect(graphError(res(418), '', 'id').message).toBe('HTTP 418');
  });

  it('carries Retry-After as milliseconds', () => {
    expect(graphError(res(429, { 'retry-after': '7' }), null, 'id').retryAfterMs).toBe(7000);
  });
});

describe('snippet', () => {
  it('trims, and cuts at 200 characters', () => {
    expect(snippet('  x  ')).toBe(': x');
    expect(snippet(`${'a'.repeat(200)}b`)).toBe(`: ${'a'.repeat(200)}`);
    expect(snippet('   ')).toBe('');
    expect(snippet({ a: 1 })).toBe('');
  });
});

describe('settle', () => {
  it.each([new GraphError({ status: 400, message: 'x' }), new RequestValidationError('f', 'x'), new TimeoutError('x'), new AbortError('x'), new NetworkError('x'), new AuthenticationError('x')])(
    'passes our own %s through as it is',
    async (error) => {
      await expect(settle(Promise.resolve({ error }), 'id')).rejects.toBe(error);
      await expect(settle(Promise.reject(error), 'id')).rejects.toBe(error);
    },
  );
  it.each([new TypeError('bad'), 'a string', new DOMException('x', 'AbortError')])('wraps anything else (%s) in a NetworkError with the cause', async (error) => {
    const e = await settle(Promise.reject(error), 'id').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NetworkError);
    expect((e as Error).message).toBe(`the request could not be made: ${error instanceof Error ? error.message : String(error)}`);
    expect((e as Error).cause).toBe(error);
  });
  it('resolves a 2xx with its body text, and turns a non-2xx into a GraphError', async () => {
    await expect(settle(Promise.resolve({ response: res(200), data: 'body' }), 'id')).resolves.toMatchObject({ text: 'body' });
    await expect(settle(Promise.resolve({ response: res(409), error: { error: { code: 'Conflict', message: 'busy' } } }), 'id')).rejects.toMatchObject({ status: 409, code: 'Conflict' });
  });
});
