// createKeysClient's options, checked and resolved once. A bad option throws a RequestValidationError that names it
// and says what is allowed, before any request can go out.
import { MAX_TIMER_MS } from './abort.js';
import { CLOUDS, cloudBaseUrl, type Cloud } from './clouds.js';
import { RequestValidationError } from './errors.js';
import type { FetchLike } from './fetch-types.js';

export const DEFAULT_MAX_RETRIES = 3;
export const MAX_MAX_RETRIES = 10;

export function refuse(field: string, allowed: string, got: unknown): never {
  throw new RequestValidationError(field, `${field} must be ${allowed} (got ${JSON.stringify(got) ?? String(got)})`);
}

const isInt = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** A timer option: whole milliseconds that Node's timers can honour. */
function timer(field: string, value: unknown, min: number): number | undefined {
  if (value === undefined || isInt(value, min, MAX_TIMER_MS)) return value;
  return refuse(field, `an integer of milliseconds from ${min} to ${MAX_TIMER_MS} (2^31 - 1, about 24.8 days)`, value);
}

/** The base URL without a trailing slash, and its origin: the only one that gets the token. */
export function resolveBaseUrl(value: string): { baseUrl: string; origin: string } {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {}
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return refuse('baseUrl', 'an absolute http(s) URL', value);
  if (url.username || url.password) {
    // Never echo what was given: it holds a password.
    throw new RequestValidationError('baseUrl', `baseUrl must not contain a user name or password (got ${url.protocol}//***@${url.host}${url.pathname})`);
  }
  // The client appends the key's path to baseUrl: a query or fragment would swallow it, and the call go elsewhere.
  if (url.search || value.includes('?')) return refuse('baseUrl', 'a URL without a query (?…)', value);
  if (url.hash || value.includes('#')) return refuse('baseUrl', 'a URL without a fragment (#…)', value);
  return { baseUrl: value.replace(/\/+$/, ''), origin: url.origin };
}

export interface ResolvedOptions {
  cloud: Cloud;
  baseUrl: string;
  origin: string;
  fetch: FetchLike;
  maxRetries: number;
  timeoutMs: number | undefined;
  retryDelayMs: number | undefined;
  maxRetryAfterMs: number | undefined;
}

export function resolveOptions(o: {
  cloud?: unknown;
  baseUrl?: unknown;
  fetch?: unknown;
  maxRetries?: unknown;
  timeoutMs?: unknown;
  retryDelayMs?: unknown;
  maxRetryAfterMs?: unknown;
  onRetry?: unknown;
}): ResolvedOptions {
  const cloud = (o.cloud ?? 'global') as Cloud;
  if (!CLOUDS.includes(cloud)) refuse('cloud', `one of ${CLOUDS.join(', ')}`, cloud);
  const maxRetries = o.maxRetries ?? DEFAULT_MAX_RETRIES;
  if (!isInt(maxRetries, 0, MAX_MAX_RETRIES)) refuse('maxRetries', `an integer from 0 to ${MAX_MAX_RETRIES}`, maxRetries);
  if (o.fetch !== undefined && typeof o.fetch !== 'function') refuse('fetch', 'a fetch function', typeof o.fetch);
  if (o.onRetry !== undefined && typeof o.onRetry !== 'function') refuse('onRetry', 'a function', typeof o.onRetry);
  if (o.baseUrl !== undefined && typeof o.baseUrl !== 'string') refuse('baseUrl', 'an absolute http(s) URL', o.baseUrl);
  return {
    cloud,
    ...resolveBaseUrl((o.baseUrl as string | undefined) ?? cloudBaseUrl(cloud)),
    // Looked up per call, not captured: msw, vi.stubGlobal and other interceptors installed later are honoured.
    fetch: (o.fetch as FetchLike | undefined) ?? ((input, init) => globalThis.fetch(input, init)),
    maxRetries,
    timeoutMs: timer('timeoutMs', o.timeoutMs, 1),
    retryDelayMs: timer('retryDelayMs', o.retryDelayMs, 0),
    maxRetryAfterMs: timer('maxRetryAfterMs', o.maxRetryAfterMs, 0),
  };
}
