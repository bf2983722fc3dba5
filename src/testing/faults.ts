// The fake's faults, modelled on Microsoft Dev Proxy and Graph's documented throttling: one token bucket for the
// whole fake (Graph throttles per app per tenant), random errors, latency, all drawn from one seeded generator so
// that a failing test replays exactly.
import { RequestValidationError } from '../index.js';

/** Rate limit: `requests` per `perMs`, as one token bucket that starts full (its burst is `requests`). */
export interface RateLimitFault {
  requests: number;
  perMs: number;
}

/** Random errors, as Dev Proxy's GraphRandomErrorPlugin: each request fails with probability `rate`. */
export interface RandomErrorFault {
  /** 0 to 1. */
  rate: number;
  /** Default: 429, 500, 502, 503, 504 (what Dev Proxy picks for a PATCH). */
  statuses?: number[];
  /** Seeds this generator; default: the fake's seed. */
  seed?: number;
  /** Retry-After sent on a random 429 or 503, in whole seconds. Default 1 (Dev Proxy: 5). */
  retryAfterSeconds?: number;
}

export interface FaultOptions {
  rateLimit?: RateLimitFault;
  errors?: RandomErrorFault;
  /** Added before each answer: a fixed number of ms, or [min, max] drawn per request. */
  latencyMs?: number | [number, number];
  /** Seeds every random draw (errors, latency). Default: a random seed, shown as `graph.seed`. */
  seed?: number;
}

/** mulberry32: a small, fast, well-distributed 32-bit generator; the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Graph's throttling as the fake plays it: a token bucket, and Retry-After in whole seconds computed from it. A
 * request that comes before the Retry-After last given has passed is throttled again with the wait that remains,
 * which is not extended (as Dev Proxy's RetryAfterPlugin does).
 */
export function createThrottle(limit: RateLimitFault, now: () => number): () => { retryAfterSeconds: number } | undefined {
  const ratePerMs = limit.requests / limit.perMs;
  let tokens = limit.requests;
  let at = now();
  let blockedUntil = 0;
  return () => {
    const t = now();
    if (t < blockedUntil) return { retryAfterSeconds: Math.ceil((blockedUntil - t) / 1000) };
    tokens = Math.min(limit.requests, tokens + (t - at) * ratePerMs);
    at = t;
    if (tokens >= 1) {
      tokens -= 1;
      return undefined;
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - tokens) / ratePerMs / 1000));
    blockedUntil = t + retryAfterSeconds * 1000;
    return { retryAfterSeconds };
  };
}

/** Checks fault options once, so a typo fails the test that wrote it rather than silently injecting nothing. */
export function checkFaults(f: FaultOptions | undefined): void {
  if (f === undefined) return;
  const bad = (field: string, allowed: string) => {
    throw new RequestValidationError(`faults.${field}`, `faults.${field} must be ${allowed}`);
  };
  if (f.rateLimit && !(f.rateLimit.requests >= 1 && f.rateLimit.perMs > 0)) bad('rateLimit', '{ requests >= 1, perMs > 0 }');
  if (f.errors && !(f.errors.rate >= 0 && f.errors.rate <= 1)) bad('errors.rate', 'a number from 0 to 1');
  if (f.errors?.statuses && !(f.errors.statuses.length > 0 && f.errors.statuses.every((s) => Number.isInteger(s) && s >= 400 && s <= 599))) bad('errors.statuses', 'HTTP error statuses (400-599)');
  const l = f.latencyMs;
  if (l !== undefined && !(typeof l === 'number' ? l >= 0 : Array.isArray(l) && l.length === 2 && l[0] >= 0 && l[1] >= l[0])) bad('latencyMs', 'milliseconds >= 0, or [min, max]');
}
