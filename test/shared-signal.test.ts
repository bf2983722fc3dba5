// Many calls sharing one AbortSignal (a job-level cancel, as apply uses) add one listener to it, not one per
// attempt: with more than ten in flight Node warned "MaxListenersExceededWarning: Possible EventTarget memory leak".
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onAbort, sleep } from '../src/client/abort.js';
import { createKeysClient, isAbortError } from '../src/index.js';
import { KEY_SET, send, startServer, type TestServer } from './helpers/server.js';

let graph: TestServer;
const held: (() => void)[] = [];
beforeAll(async () => {
  // Answers a PATCH when the test lets it go: the calls are in flight together.
  graph = await startServer((req, res) => new Promise<void>((resolve) => held.push(() => (send(res, 204), resolve()))));
});
afterAll(() => graph.close());
const inFlight = async (n: number) => {
  while (held.length < n) await new Promise((r) => setTimeout(r, 5));
};

describe('fifty calls on one signal', () => {
  it('hold one listener on it while in flight, none after, and no warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const job = new AbortController();
      const keys = createKeysClient({ token: 't', baseUrl: graph.url, retryDelayMs: 1 });
      const calls = Array.from({ length: 50 }, (_, i) => keys.updateKeyStatus({ keySetId: KEY_SET, keyId: `k${i}`, status: 'disabled' }, { signal: job.signal }));
      await inFlight(50);
      expect(getEventListeners(job.signal, 'abort')).toHaveLength(1);
      held.splice(0).forEach((release) => release());
      await Promise.all(calls);
      expect(getEventListeners(job.signal, 'abort')).toHaveLength(0);
      await new Promise((r) => setImmediate(r));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('all end with AbortError when the signal fires mid-flight', async () => {
    const job = new AbortController();
    const keys = createKeysClient({ token: 't', baseUrl: graph.url, retryDelayMs: 1 });
    const calls = Array.from({ length: 50 }, (_, i) => keys.updateKeyStatus({ keySetId: KEY_SET, keyId: `a${i}`, status: 'enabled' }, { signal: job.signal }).catch((e: unknown) => e));
    await inFlight(50);
    job.abort(new Error('operator cancelled'));
    const outcomes = await Promise.all(calls);
    expect(outcomes.every(isAbortError)).toBe(true);
    held.splice(0).forEach((release) => release());
  });
});

describe('onAbort', () => {
  it('adds the signal’s one listener with the first wait and removes it with the last; each wait is told once', () => {
    const c = new AbortController();
    const told: string[] = [];
    const same = () => told.push('same');
    const stops = [onAbort(c.signal, same), onAbort(c.signal, same), onAbort(c.signal, () => told.push('other'))];
    expect(getEventListeners(c.signal, 'abort')).toHaveLength(1);
    stops[2]!();
    c.abort();
    expect(told).toEqual(['same', 'same']);
    stops[0]!();
    stops[1]!();
    expect(getEventListeners(c.signal, 'abort')).toHaveLength(0);
  });

  it('an unsubscribe called twice does not take away a later wait’s listener', () => {
    const c = new AbortController();
    const first = onAbort(c.signal, () => {});
    first();
    let told = 0;
    onAbort(c.signal, () => told++);
    first();
    expect(getEventListeners(c.signal, 'abort')).toHaveLength(1);
    c.abort();
    expect(told).toBe(1);
  });

  it('a sleep on a shared signal lets go of it when it ends, and rejects when it fires', async () => {
    const c = new AbortController();
    await sleep(1, c.signal);
    expect(getEventListeners(c.signal, 'abort')).toHaveLength(0);
    const waiting = sleep(60_000, c.signal).catch((e: unknown) => e);
    expect(getEventListeners(c.signal, 'abort')).toHaveLength(1);
    c.abort();
    expect(isAbortError(await waiting)).toBe(true);
    expect(getEventListeners(c.signal, 'abort')).toHaveLength(0);
  });
});
