// Bounded, abortable waits. Every wait of a call (the token, the exchange, the body, a retry's sleep) goes through
// these, so a call ends within its budget whatever hangs, and the caller's signal stops it at once.
import { AbortError } from './errors.js';
import type { AbortSignalLike } from './fetch-types.js';

/** Node clamps longer timers to 1 ms (and warns), so no option may ask for more. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const aborted = (signal: AbortSignalLike) => new AbortError('the call was aborted', { cause: signal.reason });

/** The waits listening to one caller signal, and the one listener that tells them all. */
const listening = new WeakMap<AbortSignalLike, { waits: Set<() => void>; dispatch: () => void }>();

/**
 * Calls `listener` when `caller` aborts, through one listener on the signal however many calls and waits share it
 * (a job-level cancel shared by a thousand calls would otherwise gather a thousand listeners, and Node warns past
 * ten). The signal's listener is added by the first wait and removed with the last. Returns the unsubscribe.
 */
export function onAbort(caller: AbortSignalLike, listener: () => void): () => void {
  let entry = listening.get(caller);
  if (!entry) {
    const waits = new Set<() => void>();
    const created = { waits, dispatch: () => [...waits].forEach((w) => w()) };
    caller.addEventListener('abort', created.dispatch);
    listening.set(caller, created);
    entry = created;
  }
  const { waits, dispatch } = entry;
  // Each subscription is its own function, so one listener given twice is still two waits.
  const wait = () => listener();
  waits.add(wait);
  return () => {
    waits.delete(wait);
    if (waits.size === 0 && listening.get(caller) === entry) {
      caller.removeEventListener('abort', dispatch);
      listening.delete(caller);
    }
  };
}

/** One attempt's signal: fires when the caller aborts or when `timeoutMs` passes. */
export interface AttemptSignal {
  signal: AbortSignal;
  timedOut(): boolean;
  dispose(): void;
}

export function attemptSignal(caller: AbortSignalLike | undefined, timeoutMs: number | undefined): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  // A listener rather than AbortSignal.any: the caller's signal may come from another realm or a polyfill. It is
  // shared by every wait on that signal and removed with the last, so a signal reused across many calls gathers none.
  const stop = caller ? onAbort(caller, () => controller.abort(caller.reason)) : undefined;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs);
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose() {
      clearTimeout(timer);
      stop?.();
    },
  };
}

/**
 * Settles with `work`, or rejects as soon as `signal` fires: a token source or body that ignores the signal still
 * cannot hold the call. The rejection is the signal's; callers classify it. Only for an attempt's own signal, which
 * lives as long as the attempt: its listeners go with it.
 */
export function race<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason));
    work.then(resolve, reject);
  });
}

/** Waits `ms`, or rejects with AbortError when the caller aborts. */
export function sleep(ms: number, caller: AbortSignalLike | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (caller?.aborted) return reject(aborted(caller));
    const timer = setTimeout(() => {
      stop?.();
      resolve();
    }, ms);
    const stop = caller
      ? onAbort(caller, () => {
          clearTimeout(timer);
          stop?.();
          reject(aborted(caller));
        })
      : undefined;
  });
}
