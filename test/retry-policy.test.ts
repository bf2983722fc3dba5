import { describe, expect, it } from 'vitest';
import { backoffDelay, decideRetry, GRAPH_RETRY_TIMING, parseRetryAfter } from '../src/client/retry-policy.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    { name: 'delta-seconds', value: '2', ms: 2000 },
    { name: 'zero', value: '0', ms: 0 },
    { name: 'padded seconds', value: ' 5 ', ms: 5000 },
    { name: 'an HTTP-date 30 s ahead', value: 'Thu, 01 Jan 2026 00:00:30 GMT', ms: 30_000 },
    { name: 'an HTTP-date in the past', value: 'Wed, 31 Dec 2025 23:59:00 GMT', ms: 0 },
    { name: 'garbage', value: 'soon', ms: undefined },
    { name: 'a negative number', value: '-3', ms: undefined },
    { name: 'absent', value: null, ms: undefined },
    { name: 'fractional seconds, as Graph’s throttling docs show them', value: '2.128', ms: 2128 },
    { name: 'digits followed by junk', value: '12abc', ms: undefined },
    { name: 'a date with something before it', value: 'in Thu, 01 Jan 2026 00:00:30 GMT', ms: undefined },
  ])('$name', ({ value, ms }) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });
});

describe('backoffDelay follows Graph’s formula at Graph’s scale', () => {
  // kiota: attempt 1 → delay + rand; attempt n ≥ 2 → round(0.5·(2ⁿ − 1)) + delay + rand (seconds, delay 3)
  it.each([
    { attempt: 1, seconds: 3 },
    { attempt: 2, seconds: 5 }, // round(1.5) + 3
    { attempt: 3, seconds: 7 }, // round(3.5) + 3
    { attempt: 4, seconds: 11 }, // round(7.5) + 3
    { attempt: 6, seconds: 35 }, // round(31.5) + 3
  ])('attempt $attempt: $seconds s plus up to 1 s of jitter', ({ attempt, seconds }) => {
    expect(backoffDelay(attempt, GRAPH_RETRY_TIMING, () => 0)).toBe(seconds * 1000);
    expect(backoffDelay(attempt, GRAPH_RETRY_TIMING, () => 0.999)).toBe(seconds * 1000 + 999);
  });
  it('is capped at maxDelayMs', () => {
    expect(backoffDelay(10, GRAPH_RETRY_TIMING, () => 0)).toBe(180_000);
  });
  it('scales with the base delay', () => {
    expect(backoffDelay(2, { baseDelayMs: 3, maxDelayMs: 1000 }, () => 0)).toBe(5);
  });
});

describe('decideRetry', () => {
  const t = GRAPH_RETRY_TIMING;
  it.each([429, 503, 504])('retries %i', (status) => {
    expect(decideRetry(1, 3, status, null, t, () => 0, NOW)).toEqual({ retry: true, delayMs: 3000 });
  });
  it.each([400, 401, 403, 404, 409, 500, 502])('does not retry %i', (status) => {
    expect(decideRetry(1, 3, status, '1', t, () => 0, NOW)).toEqual({ retry: false, reason: 'not-retryable' });
  });
  it('retries a transport failure (no status): setting a status is idempotent', () => {
    expect(decideRetry(1, 3, undefined, null, t, () => 0, NOW).retry).toBe(true);
  });
  it('stops after maxRetries', () => {
    expect(decideRetry(4, 3, 503, null, t, () => 0, NOW)).toEqual({ retry: false, reason: 'exhausted' });
  });
  it('honours Retry-After over the backoff', () => {
    expect(decideRetry(1, 3, 429, '7', t, () => 0, NOW)).toEqual({ retry: true, delayMs: 7000 });
    expect(decideRetry(1, 3, 429, 'Thu, 01 Jan 2026 00:00:09 GMT', t, () => 0, NOW)).toEqual({ retry: true, delayMs: 9000 });
  });
  it.each([
    { name: 'zero', value: '0' },
    { name: 'a past date', value: 'Wed, 31 Dec 2025 23:59:00 GMT' },
    { name: 'a negative number', value: '-1' },
    { name: 'garbage', value: 'soon' },
  ])('a Retry-After that means "now" ($name): the first retry goes at once, later ones back off', ({ value }) => {
    for (const status of [429, 503]) {
      expect(decideRetry(1, 3, status, value, t, () => 0, NOW)).toEqual({ retry: true, delayMs: 0 });
      expect(decideRetry(2, 3, status, value, t, () => 0, NOW)).toEqual({ retry: true, delayMs: 5000 });
    }
  });
  it('fails fast on a Retry-After beyond the cap instead of sleeping', () => {
    expect(decideRetry(1, 3, 429, '181', t, () => 0, NOW)).toEqual({ retry: false, reason: 'retry-after-too-long' });
    expect(decideRetry(1, 3, 429, '180', t, () => 0, NOW)).toEqual({ retry: true, delayMs: 180_000 });
  });
});
