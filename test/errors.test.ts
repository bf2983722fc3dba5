import { expect, it } from 'vitest';
import * as api from '../src/index.js';

const classes = [
  ['GraphError', () => new api.GraphError({ status: 500, message: 'm' }), api.isGraphError],
  ['RequestValidationError', () => new api.RequestValidationError('status', 'm'), api.isRequestValidationError],
  ['TimeoutError', () => new api.TimeoutError('m'), api.isTimeoutError],
  ['AbortError', () => new api.AbortError('m'), api.isAbortError],
  ['NetworkError', () => new api.NetworkError('m'), api.isNetworkError],
  ['AuthenticationError', () => new api.AuthenticationError('m'), api.isAuthenticationError],
] as const;

it.each(classes.map(([name, make, guard]) => ({ name, make, guard })))('$name is an Error with a stable name and guard', ({ name, make, guard }) => {
  const e = make();
  expect(e).toBeInstanceOf(Error);
  expect(e.name).toBe(name);
  expect(String(e)).toBe(`${name}: m`);
  expect(guard(e)).toBe(true);
  expect(guard(new Error('m'))).toBe(false);
  expect(guard({ name, message: 'm' })).toBe(false); // a plain object is never an error of ours
});

it('a GraphError serialises its fields for logs', () => {
  const e = new api.GraphError({ status: 404, code: 'NotFound', message: 'gone', requestId: 'r', clientRequestId: 'c', date: 'd' });
  expect(JSON.parse(JSON.stringify(e))).toMatchObject({ name: 'GraphError', status: 404, code: 'NotFound', requestId: 'r', clientRequestId: 'c', date: 'd' });
});
