// The bounded waits as pure pieces: an attempt's signal, the race against it, and the retry sleep.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { aborted, attemptSignal, race, sleep } from '../src/client/abort.js';
import { AbortError } from '../src/index.js';

const never = new Promise<never>(() => {});

describe('attemptSignal', () => {
  it('fires on timeout and says so', async () => {
    const a = attemptSignal(undefined, 5);
    await new Promise((r) => a.signal.addEventListener('abort', r));
    expect(a.timedOut()).toBe(true);
    a.dispose();
  });
  it('fires with the caller’s reason when the caller aborts, and is not a timeout', () => {
    const ac = new AbortController();
    const a = attemptSignal(ac.signal, 10_000);
    ac.abort('stop');
    expect(a.signal.aborted).toBe(true);
    expect(a.signal.reason).toBe('stop');
    expect(a.timedOut()).toBe(false);
    a.dispose();
  });
  it('dispose() stops the timer and leaves no listener on the caller’s signal', async () => {
    const ac = new AbortController();
    const a = attemptSignal(ac.signal, 5);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    a.dispose();
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 20));
    expect(a.timedOut()).toBe(false);
    expect(a.signal.aborted).toBe(false);
  });
});

describe('race', () => {
  it('rejects with the signal’s reason when it fires, though the work never settles', async () => {
    const ac = new AbortController();
    const p = race(never, ac.signal);
    ac.abort('gone');
    await expect(p).rejects.toBe('gone');
  });
  it('rejects at once for a signal that has already fired', async () => {
    await expect(race(never, AbortSignal.abort('early'))).rejects.toBe('early');
  });
  it('settles with the work otherwise', async () => {
    await expect(race(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
    await expect(race(Promise.reject(new Error('no')), new AbortController().signal)).rejects.toThrow('no');
  });
});

describe('sleep', () => {
  it('waits the delay', async () => {
    const t0 = performance.now();
    await sleep(30, undefined);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
  });
  it('rejects at once with AbortError for an aborted caller, and when the caller aborts', async () => {
    await expect(sleep(60_000, AbortSignal.abort())).rejects.toBeInstanceOf(AbortError);
    const ac = new AbortController();
    const p = sleep(60_000, ac.signal);
    ac.abort();
    await expect(p).rejects.toBeInstanceOf(AbortError);
  });
  it('leaves no listener behind after a full wait', async () => {
    const ac = new AbortController();
    await sleep(1, ac.signal);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });
});

it('aborted() is an AbortError that says so and carries the reason as its cause', () => {
  const e = aborted(AbortSignal.abort('why'));
  expect(e).toBeInstanceOf(AbortError);
  expect(e.message).toBe('the call was aborted');
  expect(e.cause).toBe('why');
});
