// The fetch that the generated client calls. It owns what a Graph call needs around one HTTP exchange: the bearer
// token (only for the configured origin), one client-request-id per call, retries with Retry-Attempt, per-attempt
// timeouts, the caller's AbortSignal, and redirects (followed by hand, so the token never leaves the origin).
// An attempt is the whole exchange: token, connection, headers and the body it needs. Whatever of it hangs or
// breaks is a timed-out or dropped attempt, retried like any other, and never escapes as a raw platform error.
import { aborted, attemptSignal, race, sleep } from './abort.js';
import { NetworkError, TimeoutError } from './errors.js';
import type { AbortSignalLike, FetchLike, ResponseLike } from './fetch-types.js';
import { decideRetry, parseRetryAfter, type RetryEvent, type RetryTiming } from './retry-policy.js';
import type { ThrottleGate } from './throttle-gate.js';

export interface TransportOptions {
  fetch: FetchLike;
  /** Resolves to a checked token; the attempt's signal stops it. */
  token: (signal: AbortSignal) => Promise<string>;
  /** The only origin that receives the token. */
  origin: string;
  maxRetries: number;
  timeoutMs: number | undefined;
  timing: RetryTiming;
  onRetry: ((event: RetryEvent) => void) | undefined;
  /** Shared by every call of the client. */
  gate: ThrottleGate;
}

/** One call, as the generated client built it, plus what only this layer knows. */
export interface Call {
  request: Request;
  /** The body as text: the caller has it, so the Request's stream is never read back (the largest cost on loopback). */
  body: string | undefined;
  signal: AbortSignalLike | undefined;
  /** Whether a 2xx body is used: an update's is not, so it is neither waited for nor able to fail the call. */
  readSuccessBody: boolean;
}

export type Transport = (call: Call) => Promise<Response>;

const REDIRECT = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5; // Graph's SDK default

const isSuccess = (status: number) => status >= 200 && status < 300;

// A body we will not read is cancelled, not drained: draining a body that stalls would hold the call.
// Stryker disable next-line ArrowFunction: the catch only swallows a failed cancel; `() => undefined` is the same function.
const drop = (res: ResponseLike) => void res.body?.cancel().catch(() => undefined);

/** The deepest message of an error chain, e.g. "getaddrinfo ENOTFOUND graph.internal" under "fetch failed". */
export function rootCause(e: unknown): string {
  let cause = e;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  return cause instanceof Error ? cause.message : String(cause);
}

// The token source's refusal ends the call: retrying cannot make a credential that failed succeed.
const isAuthFailure = (e: unknown) => e instanceof Error && e.name === 'AuthenticationError';

export function createTransport(o: TransportOptions): Transport {
  /** One attempt: redirects followed by hand, then the body read that the outcome needs. */
  async function attempt(call: Call, headers: Record<string, string>, signal: AbortSignal, stage: { now: string }) {
    let { url, method } = call.request;
    let body = call.body;
    let sent = headers;
    for (let hops = 0; ; hops++) {
      stage.now = 'token';
      // The token goes only to baseUrl's origin; a redirect elsewhere is followed without it.
      if (new URL(url).origin === o.origin) sent.authorization = `Bearer ${await race(o.token(signal), signal)}`;
      else delete sent.authorization;
      stage.now = 'response';
      const res = await race(o.fetch(url, { method, headers: sent, body, signal, redirect: 'manual' }), signal);
      const location = res.headers.get('location');
      if (REDIRECT.has(res.status) && location && hops < MAX_REDIRECTS) {
        drop(res);
        url = new URL(location, url).href;
        // Redirect hops may drop the token or the content type: on a copy, so the next attempt starts from the call's.
        sent = { ...sent };
        if (res.status === 303) {
          method = 'GET';
          body = undefined;
          delete sent['content-type'];
        }
        continue;
      }
      if (isSuccess(res.status) && !call.readSuccessBody) {
        drop(res);
        return { res, text: '' };
      }
      stage.now = `body of the ${res.status} response`;
      return { res, text: await race(res.text(), signal) };
    }
  }

  return async (call) => {
    const headers: Record<string, string> = {};
    call.request.headers.forEach((value, key) => (headers[key] = value));
    const clientRequestId = (headers['client-request-id'] ??= crypto.randomUUID());
    const host = new URL(call.request.url).host;

    const end = o.gate.begin();
    try {
      return await attempts(call, headers, clientRequestId, host);
    } finally {
      end();
    }
  };

  async function attempts(call: Call, headers: Record<string, string>, clientRequestId: string, host: string): Promise<Response> {
    const caller = call.signal;
    for (let n = 1; ; n++) {
      if (caller?.aborted) throw aborted(caller);
      const sent = await o.gate.pass(caller);
      const a = attemptSignal(caller, o.timeoutMs);
      // Stryker disable next-line all: attempt() names its stage before its first await, so this value is never read.
      const stage = { now: '' };
      let got: { res: ResponseLike; text: string } | undefined;
      let failure: Error | undefined;
      try {
        got = await attempt(call, { ...headers }, a.signal, stage);
      } catch (cause) {
        if (caller?.aborted) throw aborted(caller);
        if (isAuthFailure(cause)) throw cause;
        const inBody = stage.now.startsWith('body');
        failure = a.timedOut()
          ? new TimeoutError(`no ${inBody ? `complete ${stage.now}` : stage.now} within ${o.timeoutMs} ms`, { cause })
          : inBody
            ? new NetworkError(`the ${stage.now} was cut off: ${rootCause(cause)}`, { cause })
            : new NetworkError(`could not reach ${host}: ${rootCause(cause)}`, { cause });
      } finally {
        a.dispose();
      }
      const status = got?.res.status;
      const retryAfter = got?.res.headers.get('retry-after');
      if (status === 429 || (status === 503 && retryAfter != null)) o.gate.throttled(parseRetryAfter(retryAfter) ?? 0, sent);
      else if (got) o.gate.answered(sent);
      // A 2xx is not retryable, so it ends here too.
      const decision = decideRetry(n, o.maxRetries, status, retryAfter, o.timing);
      if (!decision.retry) {
        if (got) return toResponse(got.res, got.text);
        throw failure;
      }
      try {
        o.onRetry?.({ attempt: n, delayMs: decision.delayMs, status, error: failure, clientRequestId });
      } catch {
        // A logging hook that throws must not abandon a call that can still succeed.
      }
      await sleep(decision.delayMs, caller);
      headers['retry-attempt'] = String(n);
    }
  }
}

/** The response as the generated client expects it: a global Response, its body already in memory. */
function toResponse(res: ResponseLike, text: string): Response {
  const headers = new Headers();
  res.headers.forEach((value, key) => headers.append(key, value));
  try {
    return new Response(text || null, { status: res.status, statusText: res.statusText, headers });
  } catch (cause) {
    // Only a status outside 200–599 gets here, which no HTTP server sends.
    throw new NetworkError(`the server answered with an invalid HTTP status ${res.status}`, { cause });
  }
}
