// The fetch that the generated client calls. It owns what a Graph call needs around one HTTP exchange: the bearer
// token (only for the configured origin), one client-request-id per call, retries with Retry-Attempt, per-attempt
// timeouts, the caller's AbortSignal, and redirects (followed by hand, so the token never leaves the origin).
import { AbortError, NetworkError, TimeoutError } from './errors.js';
import { decideRetry, type RetryTiming } from './retry-policy.js';

/** What `onRetry` is told before each wait. */
export interface RetryEvent {
  /** The retry about to be made: 1 for the first retry. */
  attempt: number;
  delayMs: number;
  /** The status that caused it, or undefined after a transport failure or timeout. */
  status: number | undefined;
  error: Error | undefined;
  clientRequestId: string;
}

export interface TransportOptions {
  fetch: typeof fetch;
  token: () => Promise<string>;
  /** The only origin that receives the token. */
  origin: string;
  maxRetries: number;
  timeoutMs: number | undefined;
  timing: RetryTiming;
  onRetry: ((event: RetryEvent) => void) | undefined;
}

const REDIRECT = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5; // Graph's SDK default

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError('the call was aborted', { cause: signal.reason }));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

// Reads and discards a body we will not use, so the connection can be reused.
const discard = (res: Response) => res.arrayBuffer().catch(() => undefined);

/**
 * The generated client calls fetch with one Request. `body`, when the caller already has it as text, saves reading
 * the Request's body stream back (the largest single cost of a call on loopback).
 */
export type Transport = (request: Request, body?: string) => Promise<Response>;

export function createTransport(o: TransportOptions): Transport {
  async function exchange(url: string, method: string, callHeaders: Headers, body: string | undefined, signal: AbortSignal): Promise<Response> {
    let headers = callHeaders;
    for (let hops = 0; ; hops++) {
      // The first hop is built from baseUrl, so it is its origin; only a redirect can lead elsewhere.
      if (hops === 0 || new URL(url).origin === o.origin) headers.set('authorization', `Bearer ${await o.token()}`);
      else headers.delete('authorization');
      const res = await o.fetch(url, { method, headers, body, signal, redirect: 'manual' });
      const location = res.headers.get('location');
      if (!REDIRECT.has(res.status) || !location || hops === MAX_REDIRECTS) return res;
      await discard(res);
      // Redirect hops may drop the token or the content type: on a copy, so the next attempt starts from the call's.
      if (hops === 0) headers = new Headers(callHeaders);
      url = new URL(location, url).href;
      if (res.status === 303) {
        method = 'GET';
        body = undefined;
        headers.delete('content-type');
      }
    }
  }

  return async (request, knownBody) => {
    const caller = request.signal;
    // The Request is ours alone (the generated client built it for this call and never reads it again), so its
    // headers are used as they are, not copied.
    const headers = request.headers;
    const clientRequestId = headers.get('client-request-id') ?? crypto.randomUUID();
    headers.set('client-request-id', clientRequestId);
    const body = knownBody ?? (request.body ? await request.text() : undefined);

    for (let attempt = 1; ; attempt++) {
      if (caller.aborted) throw new AbortError('the call was aborted', { cause: caller.reason });
      const timeout = o.timeoutMs === undefined ? undefined : AbortSignal.timeout(o.timeoutMs);
      let res: Response | undefined;
      let failure: Error | undefined;
      try {
        res = await exchange(request.url, request.method, headers, body, timeout ? AbortSignal.any([caller, timeout]) : caller);
      } catch (cause) {
        if (caller.aborted) throw new AbortError('the call was aborted', { cause: caller.reason });
        if (cause instanceof Error && (cause.name === 'AuthenticationError' || cause.name === 'RequestValidationError')) throw cause;
        failure = timeout?.aborted
          ? new TimeoutError(`no response within ${o.timeoutMs} ms`)
          : new NetworkError(`could not reach ${new URL(request.url).host}: ${(cause as Error)?.message ?? cause}`, { cause });
      }
      if (res?.ok) return res;
      const decision = decideRetry(attempt, o.maxRetries, res?.status, res?.headers.get('retry-after'), o.timing);
      if (!decision.retry) {
        if (res) return res;
        throw failure;
      }
      if (res) await discard(res);
      o.onRetry?.({ attempt, delayMs: decision.delayMs, status: res?.status, error: failure, clientRequestId });
      await sleep(decision.delayMs, caller);
      headers.set('retry-attempt', String(attempt));
    }
  };
}
