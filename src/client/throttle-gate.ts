// One throttle gate per client: Graph throttles per app and tenant, so every call of a client shares one budget.
//
// It follows the service, not the caller:
// - A 429/503 whose Retry-After asks for a wait closes the gate for every call until the wait has passed. Answers to
//   requests sent before the gate closed belong to the same episode: they may lengthen the wait, never back off again.
// - Only an episode teaches a pace, and only from evidence of the service's budget: what got through while the
//   client had calls under way (demand), plus the wait the service asked for. Time with no call under way is the
//   caller's own and never counts, so a caller that sends one call now and then is never paced at its idle rate.
// - A Retry-After that means "now" (0, a past date, a negative or unreadable value) closes nothing and teaches nothing.
// - After an episode the pace starts a little under the budget it measured, comes back to it within the window it was
//   measured over (at most a second) and then probes beyond it on a cubic curve (as TCP CUBIC and the AWS SDKs'
//   adaptive retry mode do), so a budget that grew is found again in seconds. It never falls below a floor, and is forgotten once it has grown far past what it learned.
// Waiters for a pace are served in order by one timer; waiters at a closed gate each come back with a little jitter.
import { aborted, onAbort, sleep } from './abort.js';
import type { AbortSignalLike } from './fetch-types.js';

export interface ThrottleState {
  /** Throttling answers seen so far: 429s, and 503s with a Retry-After. */
  readonly events: number;
  /** Times the gate closed: every throttling answer to a request sent before it closed belongs to the same episode. */
  readonly episodes: number;
  /** The pace the gate holds calls to, in requests per second; undefined while it does not pace. */
  readonly pacePerSecond: number | undefined;
  /** What the gate is doing and why, in a sentence. */
  readonly reason: string;
}

/** When an attempt passed the gate: its answer is judged against the episode it was sent in. */
export type Ticket = number;

export interface ThrottleGate extends ThrottleState {
  /** A call starts: the client has demand until the returned function is called. */
  begin(): () => void;
  /** Resolves when this attempt may go: the gate is open and the pace allows it. */
  pass(caller: AbortSignalLike | undefined): Promise<Ticket>;
  /** A throttling answer: `retryAfterMs` above 0 closes the gate (once per episode) and may teach a pace. */
  throttled(retryAfterMs: number, sent: Ticket): void;
  /** Any other answer: it got through. */
  answered(sent: Ticket): void;
}

/** After an episode the pace starts at this share of the budget it measured. */
export const BACKOFF = 0.9;
/**
 * The cubic's steepness, relative to the measured budget per unit³: back to it in one unit, 10 % beyond it after two.
 * The unit is the window the budget was measured over, at most a second: a service that answers in whole seconds is
 * probed within seconds, one whose time runs faster (a fake at a time scale) as fast as it.
 */
const CUBIC = 0.1;
const CUBIC_K = Math.cbrt((1 - BACKOFF) / CUBIC);
/** The pace never falls below this: half a request a second, as the AWS SDKs' adaptive mode. */
export const FLOOR_PER_SECOND = 0.5;
/** Once the pace has grown to this many times the budget it measured without a throttle, it is forgotten. */
const FORGET_AT = 10;

const perSecond = (perMs: number) => `${Number((perMs * 1000).toPrecision(3))}/s`;

export function createThrottleGate(now: () => number = Date.now, random: () => number = Math.random): ThrottleGate {
  let events = 0;
  let episodes = 0;
  let closedAt = -Infinity;
  let closedUntil = -Infinity;
  let why = 'open: no throttle with a wait yet';

  // The pace: requests per ms on the curve from `learnedAt`, around `budget`; a bucket of `capacity` in front of it.
  let budget: number | undefined;
  let learnedAt = 0;
  let unit = 1000;
  let capacity = 1;
  let tokens = 0;
  let refilledAt = 0;

  // The window that the next episode measures: answers to requests sent in it, and the time with calls under way.
  let windowStart = now();
  let windowAnswers = 0;
  let underWay = 0;
  let busyMs = 0;
  let busySince = 0;

  const paceAt = (t: number): number | undefined => {
    if (budget === undefined) return undefined;
    const s = Math.max(0, t - learnedAt) / unit;
    return Math.max(FLOOR_PER_SECOND / 1000, budget * (1 + CUBIC * (s - CUBIC_K) ** 3));
  };

  /** Busy time in the window up to `t`. */
  const busyUntil = (t: number) => busyMs + (underWay > 0 ? Math.max(0, t - Math.max(busySince, windowStart)) : 0);

  function refill(t: number): number | undefined {
    const pace = paceAt(t);
    if (pace === undefined || budget === undefined) return undefined;
    if (pace >= FORGET_AT * budget) {
      why = `open: the pace grew to ${FORGET_AT}× the ${perSecond(budget)} learned, unthrottled`;
      budget = undefined;
      return undefined;
    }
    if (t > refilledAt) {
      tokens = Math.min(capacity, tokens + (t - refilledAt) * pace);
      refilledAt = t;
    }
    return pace;
  }

  // Waiters for the pace, first come first served, and the one timer that serves them.
  const queue: { go: (t: Ticket) => void; fail: (e: Error) => void }[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  function serve(): void {
    timer = undefined;
    while (queue.length > 0) {
      const t = now();
      // Waiting for the pace does not let a call through a gate that closed meanwhile.
      if (t < closedUntil) {
        timer = setTimeout(serve, Math.ceil(closedUntil - t));
        return;
      }
      const pace = refill(t);
      if (pace !== undefined) {
        if (tokens < 1) {
          timer = setTimeout(serve, Math.max(1, Math.ceil((1 - tokens) / pace)));
          return;
        }
        tokens -= 1;
      }
      queue.shift()!.go(t);
    }
  }

  function waitForPace(caller: AbortSignalLike | undefined): Promise<Ticket> {
    return new Promise((resolve, reject) => {
      const entry = {
        go: (t: Ticket) => {
          stop?.();
          resolve(t);
        },
        fail: reject,
      };
      const stop = caller
        ? onAbort(caller, () => {
            stop?.();
            const i = queue.indexOf(entry);
            if (i >= 0) queue.splice(i, 1);
            reject(aborted(caller));
          })
        : undefined;
      queue.push(entry);
      if (timer === undefined) serve();
    });
  }

  return {
    get events() {
      return events;
    },
    get episodes() {
      return episodes;
    },
    get pacePerSecond() {
      const pace = refill(now());
      return pace === undefined ? undefined : pace * 1000;
    },
    get reason() {
      refill(now());
      return why;
    },
    begin() {
      if (underWay++ === 0) busySince = now();
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        if (--underWay === 0) busyMs += Math.max(0, now() - Math.max(busySince, windowStart));
      };
    },
    async pass(caller) {
      for (;;) {
        if (caller?.aborted) throw aborted(caller);
        const t = now();
        if (t >= closedUntil) break;
        // Spread the waiters over a tenth of the wait (at most a second) rather than wake them all at once.
        await sleep(closedUntil - t + random() * Math.min(1000, (closedUntil - t) / 10), caller);
      }
      if (budget === undefined && queue.length === 0) return now();
      return waitForPace(caller);
    },
    throttled(retryAfterMs, sent) {
      events++;
      if (!(retryAfterMs > 0)) return;
      const t = now();
      const reopens = t + retryAfterMs;
      if (sent <= closedAt) {
        // Sent before the gate closed: the same episode. The service may ask for longer; it is not a new backoff.
        closedUntil = Math.max(closedUntil, reopens);
        return;
      }
      episodes++;
      const busy = busyUntil(t);
      const window = busy + retryAfterMs;
      if (windowAnswers > 0) {
        // What got through while calls were under way, plus the wait, is what the service's budget allows in that time.
        const measured = windowAnswers / window;
        const pace = paceAt(t);
        const learned = pace === undefined ? measured : Math.min(pace, measured);
        budget = Math.max(FLOOR_PER_SECOND / 1000, learned);
        learnedAt = reopens;
        unit = Math.min(1000, window);
        // A bucket of our own, about the burst the service let through beyond its rate; it refills while the gate is shut.
        capacity = Math.max(1, Math.floor(windowAnswers - measured * busy));
        tokens = Math.min(capacity, budget * retryAfterMs);
        refilledAt = reopens;
        why = `paced: ${windowAnswers} answered in ${Math.round(busy)} ms under way + ${retryAfterMs} ms Retry-After (episode ${episodes}): budget ${perSecond(budget)}`;
      } else {
        why = `closed ${retryAfterMs} ms (episode ${episodes}): nothing answered before it, no pace learned`;
      }
      closedAt = t;
      closedUntil = Math.max(closedUntil, reopens);
      windowStart = closedUntil;
      windowAnswers = 0;
      busyMs = 0;
    },
    answered(sent) {
      if (sent >= windowStart) windowAnswers++;
    },
  };
}
