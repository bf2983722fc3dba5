// Headers, Request and Response for the CLI's bundle, in place of the platform's. Node builds its own from undici on
// first use, which costs about 50 ms: as much as the rest of `tfkey --dry-run set-status` together. The generated
// client and the transport use little of them: headers kept in order, a request's URL, method and headers, and a
// response whose body is text already in memory. These classes do that much, by the Fetch standard's rules, and
// throw the platform's error types where it throws. scripts/build.ts gives them to the generated client and the
// transport in dist/cli.cjs only. The library and the test kit keep the platform's classes.
// test/cli-fetch-classes.test.ts checks each behaviour against the platform's.

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// HTTP whitespace is trimmed from a value's ends. NUL, CR and LF are not allowed anywhere in it.
const EDGE_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const FORBIDDEN_IN_VALUE = /[\0\r\n]/;

type HeadersInit = Headers | Iterable<readonly [string, string]> | Record<string, string>;

function headerName(name: string, where: string): string {
  const text = String(name);
  if (!TOKEN.test(text)) throw new TypeError(`Headers.${where}: "${text}" is an invalid header name.`);
  return text.toLowerCase();
}

function headerValue(value: string, where: string): string {
  const text = String(value).replace(EDGE_WHITESPACE, '');
  if (FORBIDDEN_IN_VALUE.test(text)) throw new TypeError(`Headers.${where}: "${text}" is an invalid header value.`);
  return text;
}

export class Headers {
  readonly #values = new Map<string, string[]>();

  constructor(init?: HeadersInit) {
    if (init === undefined) return;
    if (typeof init !== 'object' || init === null) throw new TypeError(`Headers constructor: expected a record or a sequence of pairs (got ${String(init)}).`);
    if (Symbol.iterator in init) {
      for (const pair of init as Iterable<readonly [string, string]>) {
        if (pair.length !== 2) throw new TypeError('Headers constructor: expected name/value pair to be length 2.');
        this.append(pair[0], pair[1]);
      }
    } else {
      for (const [name, value] of Object.entries(init)) this.append(name, value);
    }
  }

  append(name: string, value: string): void {
    const key = headerName(name, 'append');
    const text = headerValue(value, 'append');
    const list = this.#values.get(key);
    if (list) list.push(text);
    else this.#values.set(key, [text]);
  }

  set(name: string, value: string): void {
    this.#values.set(headerName(name, 'set'), [headerValue(value, 'set')]);
  }

  delete(name: string): void {
    this.#values.delete(headerName(name, 'delete'));
  }

  get(name: string): string | null {
    return this.#values.get(headerName(name, 'get'))?.join(', ') ?? null;
  }

  has(name: string): boolean {
    return this.#values.has(headerName(name, 'has'));
  }

  getSetCookie(): string[] {
    return [...(this.#values.get('set-cookie') ?? [])];
  }

  /** Sorted by name, and set-cookie once per value, as the standard iterates. */
  *entries(): IterableIterator<[string, string]> {
    for (const key of [...this.#values.keys()].sort()) {
      const list = this.#values.get(key)!;
      if (key === 'set-cookie') for (const value of list) yield [key, value];
      else yield [key, list.join(', ')];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}

const NORMALIZED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

interface RequestInit {
  method?: string;
  headers?: HeadersInit;
  body?: string | null;
  redirect?: 'follow' | 'manual' | 'error';
}

export class Request {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly redirect: 'follow' | 'manual' | 'error';

  constructor(input: string | URL | Request, init: RequestInit = {}) {
    const from = input instanceof Request ? input : undefined;
    let url: URL;
    try {
      url = new URL(from ? from.url : String(input));
    } catch (cause) {
      throw new TypeError(`Failed to parse URL from ${String(input)}`, { cause });
    }
    // Unlike the platform's message, this one does not repeat the URL: it holds a password.
    if (url.username || url.password) throw new TypeError('Request cannot be constructed from a URL that includes credentials.');
    this.url = url.href;
    const method = init.method ?? from?.method ?? 'GET';
    if (!TOKEN.test(method)) throw new TypeError(`'${method}' is not a valid HTTP method.`);
    const upper = method.toUpperCase();
    if (FORBIDDEN_METHODS.has(upper)) throw new TypeError(`'${method}' HTTP method is unsupported.`);
    this.method = NORMALIZED_METHODS.has(upper) ? upper : method;
    if (init.body != null && (this.method === 'GET' || this.method === 'HEAD')) throw new TypeError('Request with GET/HEAD method cannot have body.');
    this.headers = new Headers(init.headers ?? from?.headers);
    this.redirect = init.redirect ?? from?.redirect ?? 'follow';
  }
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
// A reason phrase: tab, space and visible characters (Latin-1 included), as HTTP allows.
const REASON_PHRASE = /^[\t\x20-\x7e\x80-\xff]*$/;

interface ResponseInit {
  status?: number;
  statusText?: string;
  headers?: HeadersInit;
}

export class Response {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly #text: string | null;
  #used = false;

  constructor(body: string | null = null, init: ResponseInit = {}) {
    const status = init.status ?? 200;
    if (!(Number.isInteger(status) && status >= 200 && status <= 599)) {
      throw new RangeError(`init["status"] must be in the range of 200 to 599, inclusive.`);
    }
    const statusText = init.statusText ?? '';
    if (!REASON_PHRASE.test(statusText)) throw new TypeError('Invalid statusText');
    if (body !== null && NULL_BODY_STATUSES.has(status)) throw new TypeError(`Response constructor: Invalid response status code ${status}`);
    this.status = status;
    this.statusText = statusText;
    this.headers = new Headers(init.headers);
    this.#text = body === null ? null : String(body);
    if (this.#text !== null && !this.headers.has('content-type')) this.headers.set('content-type', 'text/plain;charset=UTF-8');
  }

  /** 2xx: no status below 200 gets past the constructor. */
  get ok(): boolean {
    return this.status <= 299;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  async text(): Promise<string> {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    // Reading a response without a body does not use it up, as the standard has it.
    if (this.#text === null) return '';
    this.#used = true;
    return this.#text;
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}
