// The fake's faults, modelled on Microsoft Dev Proxy and Graph's documented throttling: one token bucket for the
// whole fake (Graph throttles per app per tenant), random errors, latency, all drawn from one seeded generator so
// that a failing test replays exactly.
import { RequestValidationError } from '../index.js';

/**
 * Rate limit: `requests` per `perMs`, as one token bucket that starts full (its burst is `requests`). `scope` says
 * whose budget it is: `'tenant'` (default) is one bucket for every caller of the fake; `'app'` is a bucket per app,
 * told apart by the bearer token (its `appid` or `azp` claim when it is a JWT).
 */
export interface RateLimitFault {
  requests: number;
  perMs: number;
  scope?: 'app' | 'tenant';
}

/**
 * Graph's documented limits for key sets ("identity providers" service limits, which list trustFrameworkKeySet):
 * 200 requests a minute per app per tenant, and 300 a minute per tenant for all apps, any request type.
 * `faults: { rateLimit: 'graph' }` is these two; `timeScale` runs them faster for a test.
 * @example
 * const graph = createFakeGraph({ faults: { rateLimit: 'graph', timeScale: 60 } }); // Graph's minute in a second
 */
export const GRAPH_RATE_LIMITS: readonly RateLimitFault[] = Object.freeze([
  Object.freeze({ requests: 200, perMs: 60_000, scope: 'app' as const }),
  Object.freeze({ requests: 300, perMs: 60_000, scope: 'tenant' as const }),
]);

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
  /** One bucket, several (a request must get through all of them), or `'graph'` for {@link GRAPH_RATE_LIMITS}. */
  rateLimit?: RateLimitFault | readonly RateLimitFault[] | 'graph';
  /**
   * Runs the rate limits this many times faster than their own numbers: at 60, Graph's minute lasts a second and a
   * Retry-After of one second is sent as `0.017`. Default 1.
   */
  timeScale?: number;
  /**
   * The clock of the fault model (ms since the epoch). Default: real time, whatever the fake's `now` is, so that
   * pinning the keys' clock never stops a bucket from refilling.
   */
  now?: () => number;
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

/** The app a request comes from, as Graph tells apps apart: the token's `appid` (v1) or `azp` (v2) claim. */
export function appOf(authorization: string | null): string {
  const token = authorization?.replace(/^Bearer\s+/i, '') ?? '';
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
    const app = claims.appid ?? claims.azp;
    if (typeof app === 'string') return app;
  } catch {}
  return token;
}

export const rateLimitsOf = (f: FaultOptions): readonly RateLimitFault[] =>
  f.rateLimit === undefined ? [] : f.rateLimit === 'graph' ? GRAPH_RATE_LIMITS : Array.isArray(f.rateLimit) ? f.rateLimit : [f.rateLimit as RateLimitFault];

/** Retry-After as Graph sends it: whole seconds, or a fraction of one when the fault model runs faster. */
const retryAfterText = (seconds: number) => String(Number(seconds.toFixed(3)));

/**
 * Graph's throttling as the fake plays it: token buckets, and Retry-After computed from the one that is empty, in
 * whole seconds of the model's time. A request that comes before the Retry-After last given has passed is throttled
 * again with the wait that remains, which is not extended (as Dev Proxy's RetryAfterPlugin does). A request takes a
 * token from every bucket it is counted in, or from none.
 */
export function createThrottle(
  limits: readonly RateLimitFault[],
  now: () => number,
  timeScale = 1,
): (app: string) => { retryAfter: string; limit: RateLimitFault } | undefined {
  interface Bucket {
    tokens: number;
    at: number;
    blockedUntil: number;
  }
  const buckets = limits.map((limit) => ({ limit, rate: (limit.requests / limit.perMs) * timeScale, of: new Map<string, Bucket>() }));
  return (app) => {
    const t = now();
    const mine = buckets.map((b) => {
      const key = b.limit.scope === 'app' ? app : '';
      let bucket = b.of.get(key);
      if (!bucket) b.of.set(key, (bucket = { tokens: b.limit.requests, at: t, blockedUntil: 0 }));
      bucket.tokens = Math.min(b.limit.requests, bucket.tokens + (t - bucket.at) * b.rate);
      bucket.at = t;
      return { ...b, bucket };
    });
    for (const { limit, rate, bucket } of mine) {
      if (t < bucket.blockedUntil) return { retryAfter: retryAfterText(Math.ceil(((bucket.blockedUntil - t) * timeScale) / 1000) / timeScale), limit };
      if (bucket.tokens >= 1) continue;
      const modelSeconds = Math.max(1, Math.ceil(((1 - bucket.tokens) / rate) * timeScale / 1000));
      bucket.blockedUntil = t + (modelSeconds * 1000) / timeScale;
      return { retryAfter: retryAfterText(modelSeconds / timeScale), limit };
    }
    for (const { bucket } of mine) bucket.tokens -= 1;
    return undefined;
  };
}

/** Checks fault options once, so a typo fails the test that wrote it rather than silently injecting nothing. */
export function checkFaults(f: FaultOptions | undefined): void {
  if (f === undefined) return;
  const bad = (field: string, allowed: string) => {
    throw new RequestValidationError(`faults.${field}`, `faults.${field} must be ${allowed}`);
  };
  if (f.rateLimit !== undefined && f.rateLimit !== 'graph') {
    const limits = Array.isArray(f.rateLimit) ? f.rateLimit : [f.rateLimit];
    if (!(limits.length > 0 && limits.every((l: RateLimitFault) => l?.requests >= 1 && l.perMs > 0 && (l.scope === undefined || l.scope === 'app' || l.scope === 'tenant')))) {
      bad('rateLimit', "'graph', or { requests >= 1, perMs > 0, scope?: 'app' | 'tenant' } (or a list of them)");
    }
  }
  if (f.timeScale !== undefined && !(f.timeScale > 0 && Number.isFinite(f.timeScale))) bad('timeScale', 'a number above 0 (60: a minute lasts a second)');
  if (f.now !== undefined && typeof f.now !== 'function') bad('now', 'a function returning ms since the epoch');
  if (f.errors && !(f.errors.rate >= 0 && f.errors.rate <= 1)) bad('errors.rate', 'a number from 0 to 1');
  if (f.errors?.statuses && !(f.errors.statuses.length > 0 && f.errors.statuses.every((s) => Number.isInteger(s) && s >= 400 && s <= 599))) bad('errors.statuses', 'HTTP error statuses (400-599)');
  const l = f.latencyMs;
  if (l !== undefined && !(typeof l === 'number' ? l >= 0 : Array.isArray(l) && l.length === 2 && l[0] >= 0 && l[1] >= l[0])) bad('latencyMs', 'milliseconds >= 0, or [min, max]');
}
