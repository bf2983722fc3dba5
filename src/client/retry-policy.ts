// Retry policy as pure functions, following Microsoft Graph's own SDKs (kiota RetryHandler, msgraph-sdk-javascript
// RetryHandler): 429, 503 and 504 are retried; Retry-After is honoured; otherwise exponential backoff with jitter.

/** Statuses Graph's SDKs retry: throttled, unavailable, gateway timeout. */
export const RETRYABLE_STATUS = new Set([429, 503, 504]);

export interface RetryTiming {
  /** The base delay of the backoff (Graph: 3 s). */
  baseDelayMs: number;
  /** The longest wait the client will sleep through (Graph: 180 s). */
  maxDelayMs: number;
}

export const GRAPH_RETRY_TIMING: RetryTiming = { baseDelayMs: 3000, maxDelayMs: 180_000 };

/**
 * Parses a Retry-After value (delta-seconds or an HTTP-date) into milliseconds from `now`.
 * Returns undefined when absent or unparseable; a date in the past means 0.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  // delta-seconds (RFC 9110), and the fractional seconds Graph's throttling documentation shows ("2.128").
  if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v) * 1000);
  // Only an HTTP-date is a date: Date.parse would also read "-3" or "2026" as years.
  const at = /^[A-Za-z]{3}, /.test(v) ? Date.parse(v) : NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The backoff before retry `attempt` (1-based) when the server gave no Retry-After. Graph's formula, in seconds
 * with its 3 s base: attempt 1 → 3 + rand; attempt n ≥ 2 → round(0.5·(2ⁿ − 1)) + 3 + rand. Any other base scales
 * the whole curve (tests use a few milliseconds). Capped at maxDelayMs.
 */
export function backoffDelay(attempt: number, timing: RetryTiming, random = Math.random): number {
  const unit = timing.baseDelayMs / 3; // Graph's formula is in seconds with a 3 s base; keep its shape at any base
  const exp = attempt >= 2 ? Math.round(0.5 * (2 ** attempt - 1)) * 1000 : 0;
  const ms = ((exp + 3000) / 3000) * timing.baseDelayMs + random() * unit;
  return Math.min(Math.round(ms), timing.maxDelayMs);
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: 'not-retryable' | 'exhausted' | 'retry-after-too-long' };

/**
 * Decides whether retry `attempt` (1-based) may follow a response with `status` and `retryAfter` header.
 * A Retry-After longer than maxDelayMs fails fast: sleeping minutes inside a call is worse than telling the caller.
 * One that means "now" is retried at once the first time, then with the backoff.
 */
export function decideRetry(
  attempt: number,
  maxRetries: number,
  status: number | undefined,
  retryAfter: string | null | undefined,
  timing: RetryTiming,
  random = Math.random,
  now = Date.now(),
): RetryDecision {
  if (status !== undefined && !RETRYABLE_STATUS.has(status)) return { retry: false, reason: 'not-retryable' };
  if (attempt > maxRetries) return { retry: false, reason: 'exhausted' };
  const after = parseRetryAfter(retryAfter, now);
  if (after !== undefined && after > 0) {
    return after > timing.maxDelayMs ? { retry: false, reason: 'retry-after-too-long' } : { retry: true, delayMs: after };
  }
  // A Retry-After that means "now" (0, a past date, a negative or unreadable value) is taken at its word once: the
  // first retry goes at once. A server that keeps saying it gets the backoff, as if it had said nothing.
  if (retryAfter != null && attempt === 1) return { retry: true, delayMs: 0 };
  return { retry: true, delayMs: backoffDelay(attempt, timing, random) };
}

/** What `onRetry` is told before each wait. */
export interface RetryEvent {
  /** The retry about to be made: 1 for the first retry. */
  attempt: number;
  /** How long the client waits before it. */
  delayMs: number;
  /** The status that caused it, or undefined after a transport failure or timeout. */
  status: number | undefined;
  /** The failure that caused it (a TimeoutError or NetworkError), or undefined after a status. */
  error: Error | undefined;
  /** The client-request-id every attempt of this call carries. */
  clientRequestId: string;
}
