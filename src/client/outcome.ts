// What a generated SDK call ended in, turned into this client's outcome: the response of a 2xx, or an Error.
import { AbortError, GraphError, TimeoutError } from './errors.js';
import { parseRetryAfter } from './retry-policy.js';

/** The status text and a bit of the body, for errors whose body is not Graph's JSON. */
export const snippet = (body: unknown) => (typeof body === 'string' && body.trim() ? `: ${body.trim().slice(0, 200)}` : '');

function graphError(res: Response, body: unknown, sentId: string): GraphError {
  const main = (body as { error?: Record<string, any> } | null)?.error;
  const isGraph = main !== null && typeof main === 'object' && typeof main.message === 'string';
  const inner = isGraph && main.innerError && typeof main.innerError === 'object' ? main.innerError : {};
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
  return new GraphError({
    status: res.status,
    code: isGraph && typeof main.code === 'string' ? main.code : undefined,
    message: isGraph ? main.message : `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${snippet(body)}`,
    requestId: inner['request-id'] ?? res.headers.get('request-id') ?? undefined,
    clientRequestId: inner['client-request-id'] ?? res.headers.get('client-request-id') ?? sentId,
    date: inner.date ?? undefined,
    retryAfterMs,
    body,
  });
}

/** Maps what escaped the generated client (a thrown error, or an error it returned) to this client's errors. */
function thrown(e: unknown, signal: AbortSignal | undefined): Error {
  if (e instanceof Error && ['AbortError', 'TimeoutError'].includes(e.name) && !(e instanceof AbortError || e instanceof TimeoutError)) {
    // A DOMException from reading a body after the attempt's timeout or the caller's abort fired.
    return signal?.aborted ? new AbortError('the call was aborted', { cause: signal.reason }) : new TimeoutError('the response did not arrive in time', { cause: e });
  }
  return e instanceof Error ? e : new Error(String(e));
}

export type Result = { data?: unknown; error?: unknown; response?: Response };

/** Awaits a generated SDK call made with parseAs "text": its 2xx response and body text, or the matching Error. */
export async function settle(call: Promise<Result>, sentId: string, signal: AbortSignal | undefined): Promise<{ res: Response; text: string }> {
  let result: Result;
  try {
    result = await call;
  } catch (e) {
    throw thrown(e, signal);
  }
  if (!result.response) throw thrown(result.error, signal);
  if (!result.response.ok) throw graphError(result.response, result.error, sentId);
  return { res: result.response, text: typeof result.data === 'string' ? result.data : '' };
}

