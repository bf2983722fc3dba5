// A clock for tests: it starts at a fixed date and ticks forward with real time (or stands still), and the test
// moves it on by hand — a day, a month — to watch a key take over or run out.
import { RequestValidationError } from '../index.js';
import { msOf } from './fixtures.js';

/** A point in time for the clock: a Date, an ISO string, or milliseconds since the epoch (as `Date.now`). */
export type ClockTime = Date | string | number;

/** How far to move a {@link Clock}: milliseconds, or a span in days, hours, minutes, seconds. */
export type ClockStep = number | { days?: number; hours?: number; minutes?: number; seconds?: number; ms?: number };

export interface Clock {
  /** Milliseconds since the epoch, as `Date.now` gives them: pass it as `createFakeGraph({ now: clock.now })`. */
  readonly now: () => number;
  /** Moves the clock forward (or back, with a negative step). */
  advance(by: ClockStep): void;
  /** Sets the clock to a date; it goes on ticking from there, if it ticks. */
  set(at: ClockTime): void;
}

const MS = { days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000, ms: 1 } as const;

function stepMs(by: ClockStep): number {
  if (typeof by === 'number') {
    if (!Number.isFinite(by)) throw new RequestValidationError('by', `by must be a finite number of milliseconds (got ${by})`);
    return by;
  }
  let ms = 0;
  for (const [unit, n] of Object.entries(by ?? {})) {
    if (!(unit in MS) || typeof n !== 'number' || !Number.isFinite(n)) throw new RequestValidationError(`by.${unit}`, `by must be milliseconds or { days, hours, minutes, seconds, ms } of finite numbers (got ${unit}: ${JSON.stringify(n)})`);
    ms += n * MS[unit as keyof typeof MS];
  }
  return ms;
}

/**
 * A clock that starts at `start` (a Date, an ISO string, or ms since the epoch) and ticks with real time, unless
 * `ticking: false` pins it. Key dates stay stable, and the test moves time on with `advance`.
 * @example
 * const clock = createClock('2026-06-01T00:00:00Z');
 * const graph = createFakeGraph({ now: clock.now, keySets });
 * clock.advance({ days: 30 }); // the key that expires in between is no longer active
 */
export function createClock(start: ClockTime, options: { ticking?: boolean } = {}): Clock {
  const ticking = options.ticking ?? true;
  const toMs = (at: ClockTime, field: string) => {
    if (typeof at !== 'number') return msOf(at, field, ' or milliseconds since the epoch');
    if (!Number.isFinite(at)) throw new RequestValidationError(field, `${field} must be a Date, an ISO 8601 date or milliseconds since the epoch (got ${at})`);
    return at;
  };
  let base = toMs(start, 'start');
  let since = performance.now();
  return {
    now: () => Math.floor(base + (ticking ? performance.now() - since : 0)),
    advance(by) {
      base += stepMs(by);
    },
    set(at) {
      base = toMs(at, 'at');
      since = performance.now();
    },
  };
}
