// The CLI bundle's own Headers, Request and Response (src/cli/fetch-classes.ts) against the platform's: each case
// runs on both and must come out the same, a value or the same kind of error. The built CLI is the only user; the
// in-process CLI tests run with the platform's classes, so this file is what holds the two together.
import { describe, expect, it } from 'vitest';
import * as own from '../src/cli/fetch-classes.js';

type Classes = { Headers: typeof Headers; Request: typeof Request; Response: typeof Response };
const platform: Classes = { Headers, Request, Response };
const ours = own as unknown as Classes;

/** A case's outcome, comparable across the two: its value, or the kind of error it threw. */
async function outcome(run: (c: Classes) => unknown, c: Classes): Promise<unknown> {
  try {
    return { value: await run(c) };
  } catch (e) {
    return { threw: (e as Error).constructor.name };
  }
}

const entries = (h: Headers) => [...h];
const each = (h: Headers) => {
  const seen: [string, string, boolean][] = [];
  h.forEach((value, key, parent) => seen.push([key, value, parent === h]));
  return seen;
};

const cases: { name: string; run: (c: Classes) => unknown }[] = [
  // Headers
  { name: 'names are case-insensitive and come back lower case, sorted', run: (c) => entries(new c.Headers({ 'X-B': '2', 'x-a': '1', Accept: 'json' })) },
  { name: 'append joins values of one name with ", "', run: (c) => {
    const h = new c.Headers([['X-Multi', 'a'], ['x-multi', 'b']]);
    return [h.get('X-MULTI'), entries(h)];
  } },
  { name: 'set replaces every value; delete removes; has tells', run: (c) => {
    const h = new c.Headers({ a: '1' });
    h.append('a', '2');
    h.set('A', '3');
    h.append('b', '4');
    h.delete('B');
    return [h.get('a'), h.has('a'), h.has('b'), h.get('b')];
  } },
  { name: 'values are trimmed of HTTP whitespace at the ends only', run: (c) => new c.Headers({ a: ' \t x  y \r\n' }).get('a') },
  { name: 'a value is coerced to text', run: (c) => new c.Headers({ n: 7 as unknown as string }).get('n') },
  { name: 'set-cookie is iterated once per value, and joined by get', run: (c) => {
    const h = new c.Headers([['set-cookie', 'a=1'], ['Set-Cookie', 'b=2'], ['x', 'y']]);
    return [entries(h), h.get('set-cookie'), h.getSetCookie()];
  } },
  { name: 'forEach gives value, name and the headers themselves, in order', run: (c) => each(new c.Headers({ b: '2', a: '1' })) },
  { name: 'keys and values iterate in the same order', run: (c) => {
    const h = new c.Headers({ b: '2', a: '1' });
    return [[...h.keys()], [...h.values()]];
  } },
  { name: 'headers copied from headers', run: (c) => entries(new c.Headers(new c.Headers({ a: '1', b: '2' }))) },
  { name: 'no init, undefined or an empty record: no headers', run: (c) => [entries(new c.Headers()), entries(new c.Headers(undefined)), entries(new c.Headers({}))] },
  { name: 'an invalid name is a TypeError', run: (c) => new c.Headers({ 'a b': '1' }) },
  { name: 'an empty name is a TypeError', run: (c) => new c.Headers().append('', 'x') },
  { name: 'a name with a colon is a TypeError on get as well', run: (c) => new c.Headers().get('a:b') },
  { name: 'a newline inside a value is a TypeError', run: (c) => new c.Headers({ a: 'x\ny' }) },
  { name: 'a NUL inside a value is a TypeError', run: (c) => new c.Headers().set('a', 'x\0y') },
  { name: 'a pair of three is a TypeError', run: (c) => new c.Headers([['a', 'b', 'c']] as unknown as [string, string][]) },
  { name: 'null as init is a TypeError', run: (c) => new c.Headers(null as unknown as Record<string, string>) },
  { name: 'no set-cookie: getSetCookie is empty', run: (c) => new c.Headers({ a: '1' }).getSetCookie() },
  { name: 'a string as init is a TypeError', run: (c) => new c.Headers('a: b' as unknown as Record<string, string>) },
  // Request
  { name: 'a request keeps the URL (normalized), method and headers', run: (c) => {
    const r = new c.Request('http://Example.TEST:80/beta/a/../b%2Fc?x=1#frag', { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    return [r.url, r.method, entries(r.headers)];
  } },
  { name: 'the standard methods are upper-cased; others are kept as given', run: (c) => ['get', 'Post', 'delete', 'options', 'put', 'head', 'patch', 'Custom'].map((m) => new c.Request('http://x.test/', { method: m }).method) },
  { name: 'GET by default, redirect follow by default', run: (c) => {
    const r = new c.Request('http://x.test/');
    return [r.method, r.redirect];
  } },
  { name: 'redirect as given', run: (c) => new c.Request('http://x.test/', { redirect: 'manual' }).redirect },
  { name: 'a URL object is taken as its text', run: (c) => new c.Request(new URL('http://x.test/a b')).url },
  { name: 'a request from a request keeps its URL, method and headers unless told otherwise', run: (c) => {
    const first = new c.Request('http://x.test/a', { method: 'PUT', headers: { a: '1' }, redirect: 'manual' });
    const copy = new c.Request(first);
    const changed = new c.Request(first, { method: 'DELETE', headers: { b: '2' } });
    return [copy.url, copy.method, entries(copy.headers), copy.redirect, changed.method, entries(changed.headers)];
  } },
  { name: 'a relative URL is a TypeError', run: (c) => new c.Request('/beta/x') },
  { name: 'a URL with credentials is a TypeError', run: (c) => new c.Request('http://user:pw@x.test/') },
  { name: 'a URL with only a user name is a TypeError', run: (c) => new c.Request('http://user@x.test/') },
  { name: 'an invalid method is a TypeError', run: (c) => new c.Request('http://x.test/', { method: 'GE T' }) },
  { name: 'CONNECT is a TypeError', run: (c) => new c.Request('http://x.test/', { method: 'connect' }) },
  { name: 'TRACE is a TypeError', run: (c) => new c.Request('http://x.test/', { method: 'TRACE' }) },
  { name: 'TRACK is a TypeError', run: (c) => new c.Request('http://x.test/', { method: 'track' }) },
  { name: 'a GET with a body is a TypeError', run: (c) => new c.Request('http://x.test/', { method: 'get', body: 'x' }) },
  { name: 'a HEAD with a body is a TypeError', run: (c) => new c.Request('http://x.test/', { method: 'HEAD', body: 'x' }) },
  { name: 'a GET with a null body is not', run: (c) => new c.Request('http://x.test/', { body: null }).method },
  { name: 'a request header with a newline is a TypeError', run: (c) => new c.Request('http://x.test/', { headers: { a: 'x\r\ny' } }) },
  // Response
  { name: 'a response keeps status, status text and headers; ok for 2xx', run: (c) => {
    const r = new c.Response('{"a":1}', { status: 201, statusText: 'Created', headers: { 'Request-Id': 'r-1', 'content-type': 'application/json' } });
    return [r.status, r.statusText, r.ok, entries(r.headers)];
  } },
  { name: 'ok is false outside 200–299', run: (c) => [199 + 1, 299, 300, 404, 500, 599].map((status) => new c.Response(null, { status }).ok) },
  { name: 'a text body with no content type is text/plain', run: (c) => new c.Response('x').headers.get('content-type') },
  { name: 'no body: no content type', run: (c) => new c.Response(null).headers.get('content-type') },
  { name: 'defaults: 200, empty status text', run: (c) => {
    const r = new c.Response();
    return [r.status, r.statusText, r.ok];
  } },
  { name: 'text() reads the body, then the body is used up', run: async (c) => {
    const r = new c.Response('hello', { status: 200 });
    const first = [r.bodyUsed, await r.text(), r.bodyUsed];
    return [first, await r.text().then(() => 'again', (e: Error) => e.constructor.name)];
  } },
  { name: 'json() parses the body', run: async (c) => new c.Response('{"value":[1,2]}').json() },
  { name: 'json() of a body that is not JSON is a SyntaxError', run: async (c) => new c.Response('nope').json() },
  { name: 'json() after text() is a TypeError', run: async (c) => {
    const r = new c.Response('{}');
    await r.text();
    return r.json();
  } },
  { name: 'a response without a body reads as "" as often as asked', run: async (c) => {
    const r = new c.Response(null, { status: 204 });
    return [await r.text(), await r.text(), r.bodyUsed];
  } },
  { name: 'an empty text body is a body', run: async (c) => {
    const r = new c.Response('', { status: 200 });
    return [await r.text(), r.bodyUsed, r.headers.get('content-type')];
  } },
  { name: 'status 199 is a RangeError', run: (c) => new c.Response(null, { status: 199 }) },
  { name: 'status 600 is a RangeError', run: (c) => new c.Response(null, { status: 600 }) },
  { name: 'status 0 is a RangeError', run: (c) => new c.Response(null, { status: 0 }) },
  { name: 'statuses 200 and 599 are allowed', run: (c) => [new c.Response(null, { status: 200 }).status, new c.Response('x', { status: 599 }).status] },
  { name: 'a body with 204 is a TypeError', run: (c) => new c.Response('x', { status: 204 }) },
  { name: 'a body with 205 is a TypeError', run: (c) => new c.Response('', { status: 205 }) },
  { name: 'a body with 304 is a TypeError', run: (c) => new c.Response('x', { status: 304 }) },
  { name: 'no body with 204, 205 and 304 is fine', run: (c) => [204, 205, 304].map((status) => new c.Response(null, { status }).status) },
  { name: 'a status text with a newline is a TypeError', run: (c) => new c.Response(null, { status: 200, statusText: 'OK\r\nX: y' }) },
  { name: 'a status text with a tab and Latin-1 is allowed', run: (c) => new c.Response(null, { status: 200, statusText: 'Ok\tr\u00e9ussi' }).statusText },
  { name: 'a status text beyond Latin-1 is a TypeError', run: (c) => new c.Response(null, { status: 200, statusText: 'd\u00e9j\u0100' }) },
  { name: 'response headers with an invalid name are a TypeError', run: (c) => new c.Response(null, { headers: { 'bad name': 'x' } }) },
];

describe('the CLI’s fetch classes behave as the platform’s', () => {
  it.each(cases)('$name', async ({ run }) => {
    const expected = await outcome(run, platform);
    expect(await outcome(run, ours)).toEqual(expected);
  });

  it.each([
    { name: 'an invalid header name', run: () => new own.Headers({ 'a b': '1' }), says: 'Headers.append: "a b" is an invalid header name.' },
    { name: 'an invalid name to set', run: () => new own.Headers().set('a:', '1'), says: 'Headers.set: "a:" is an invalid header name.' },
    { name: 'an invalid value to set', run: () => new own.Headers().set('a', 'x\0'), says: 'Headers.set: "x\0" is an invalid header value.' },
    { name: 'an invalid header value', run: () => new own.Headers({ a: 'x\ny' }), says: 'Headers.append: "x\ny" is an invalid header value.' },
    { name: 'an invalid name to get', run: () => new own.Headers().get(''), says: 'Headers.get: "" is an invalid header name.' },
    { name: 'an invalid name to has', run: () => new own.Headers().has('é'), says: 'Headers.has: "é" is an invalid header name.' },
    { name: 'an invalid name to delete', run: () => new own.Headers().delete('a b'), says: 'Headers.delete: "a b" is an invalid header name.' },
    { name: 'a number as init', run: () => new own.Headers(5 as unknown as Record<string, string>), says: 'Headers constructor: expected a record or a sequence of pairs (got 5).' },
    { name: 'null as init', run: () => new own.Headers(null as unknown as Record<string, string>), says: 'Headers constructor: expected a record or a sequence of pairs (got null).' },
    { name: 'a pair of one', run: () => new own.Headers([['a']] as unknown as [string, string][]), says: 'Headers constructor: expected name/value pair to be length 2.' },
    { name: 'a relative URL', run: () => new own.Request('/x'), says: 'Failed to parse URL from /x' },
    { name: 'credentials in the URL', run: () => new own.Request('http://u:p@x.test/'), says: 'Request cannot be constructed from a URL that includes credentials.' },
    { name: 'an invalid method', run: () => new own.Request('http://x.test/', { method: 'a b' }), says: "'a b' is not a valid HTTP method." },
    { name: 'a forbidden method', run: () => new own.Request('http://x.test/', { method: 'trace' }), says: "'trace' HTTP method is unsupported." },
    { name: 'a GET with a body', run: () => new own.Request('http://x.test/', { body: 'x' }), says: 'Request with GET/HEAD method cannot have body.' },
    { name: 'a status out of range', run: () => new own.Response(null, { status: 600 }), says: 'init["status"] must be in the range of 200 to 599, inclusive.' },
    { name: 'an invalid status text', run: () => new own.Response(null, { statusText: '\n' }), says: 'Invalid statusText' },
    { name: 'a body with 204', run: () => new own.Response('x', { status: 204 }), says: 'Response constructor: Invalid response status code 204' },
  ])('our error for $name says what was wrong', ({ run, says }) => {
    expect(run).toThrow(says);
  });

  it('a URL with a password is refused without repeating it', () => {
    expect(() => new own.Request('http://admin:hunter2@x.test/')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
  });

  it('a failed URL parse keeps the parser’s error as its cause; a body read twice says so', async () => {
    const e = (() => {
      try {
        return new own.Request('nope');
      } catch (x) {
        return x as Error;
      }
    })();
    expect(e).toMatchObject({ name: 'TypeError', cause: { code: 'ERR_INVALID_URL' } });
    const r = new own.Response('x');
    await r.text();
    await expect(r.text()).rejects.toThrow('Body is unusable: Body has already been read');
  });

  it('the cases see a difference when there is one (a Headers that does not lower-case names)', async () => {
    class Careless extends own.Headers {
      override get(name: string) {
        return name === name.toLowerCase() ? super.get(name) : null;
      }
    }
    const run = (c: Classes) => new c.Headers({ 'X-A': '1' }).get('X-A');
    expect(await outcome(run, { ...ours, Headers: Careless as unknown as typeof Headers })).not.toEqual(await outcome(run, platform));
  });
});
