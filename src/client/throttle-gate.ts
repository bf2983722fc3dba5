// One throttle gate per client: Graph throttles per app and tenant, so every call of a client shares one budget.
// A 429 or 503 with Retry-After closes the gate for every call until the wait has passed (each waiter with a little
// jitter, so they do not return in lockstep), and teaches it a pace: how many requests got through in the window
// that ended in the throttle. From then on calls are paced at that rate, from a small bucket of its own, and the rate
// creeps up while nothing is throttled, so it follows a budget that grows back.
import { sleep } from './abort.js';
import type { AbortSignalLike } from './fetch-types.js';

export interface ThrottleState {
  /** 429/503 answers with Retry-After seen so far. */
  readonly events: number;
  /** The pace learned from them, in requests per second; undefined before the first. */
  readonly pacePerSecond: number | undefined;
}

export interface ThrottleGate extends ThrottleState {
  /** Resolves when this request may go: the gate is open and the pace allows it. */
  pass(caller: AbortSignalLike | undefined): Promise<void>;
  /** A throttling answer: close the gate for `retryAfterMs` and learn from the window it ends. */
  throttled(retryAfterMs: number): void;
  /** Any other answer: it got through. */
  answered(): void;
}

/**
 * Growth of the pace per second without a throttle: slow enough that a learned rate is not overshot at once (a
 * textbook additive increase per success would outrun a tight bucket within a second), fast enough to win back
 * what a coarse whole-second Retry-After made it underestimate.
 */
const GROWTH_PER_SECOND = 0.1;
/** After a throttle, the pace is this share of what got through. */
const BACKOFF = 0.9;

export function createThrottleGate(now: () => number = Date.now, random: () => number = Math.random): ThrottleGate {
  let events = 0;
  let closedUntil = 0;
  let pace: number | undefined; // requests per ms
  let capacity = 1;
  let tokens = 0;
  let refilledAt = 0;
  let windowStart = now();
  let windowAnswers = 0;

  function refill(t: number): void {
    const dt = t - refilledAt;
    if (pace === undefined || dt <= 0) return;
    pace *= 1 + (GROWTH_PER_SECOND * dt) / 1000;
    tokens = Math.min(capacity, tokens + dt * pace);
    refilledAt = t;
  }

  return {
    get events() {
      return events;
    },
    get pacePerSecond() {
      return pace === undefined ? undefined : pace * 1000;
    },
    async pass(caller) {
      for (;;) {
        const t = now();
        if (t < closedUntil) {
          // Spread the waiters over a tenth of the wait (at most a second) rather than wake them all at once.
          await sleep(closedUntil - t + random() * Math.min(1000, (closedUntil - t) / 10), caller);
          continue;
        }
        if (pace === undefined) return;
        refill(t);
        if (tokens >= 1) {
          tokens -= 1;
          return;
        }
        await sleep(Math.ceil((1 - tokens) / pace), caller);
      }
    },
    throttled(retryAfterMs) {
      const t = now();
      events++;
      const reopens = t + retryAfterMs;
      const window = reopens - windowStart;
      // What got through from the window's start until the throttle lifts is what the budget allows in that time.
      if (window > 0 && windowAnswers > 0) {
        const measured = windowAnswers / window;
        pace = pace === undefined ? measured * BACKOFF : Math.min(pace * BACKOFF, measured);
        // A bucket of our own, about the size of the burst the server let through beyond its rate.
        capacity = Math.max(1, Math.floor(windowAnswers - measured * (t - windowStart)));
        // The server's budget refills while the gate is closed: start from what it will have regained.
        tokens = Math.min(capacity, measured * retryAfterMs);
        refilledAt = reopens;
      }
      closedUntil = Math.max(closedUntil, reopens);
      windowStart = reopens;
      windowAnswers = 0;
    },
    answered() {
      windowAnswers++;
    },
  };
}
