// What a generated SDK call ended in, turned into this client's outcome: the response of a 2xx, or an Error.
import { AbortError, AuthenticationError, GraphError, NetworkError, RequestValidationError, TimeoutError } from './errors.js';
import { parseRetryAfter } from './retry-policy.js';

/** The status text and a bit of the body, for errors whose body is not Graph's JSON. */
export const snippet = (body: unknown) => (typeof body === 'string' && body.trim() ? `: ${body.trim().slice(0, 200)}` : '');

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Code and message of an error body: Graph's `{ error: { code, message } }`, or OAuth's `{ error, error_description }`. */
function codeAndMessage(body: unknown): { code: string | undefined; message: string } | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const { error, error_description } = body as { error?: unknown; error_description?: unknown };
  if (error !== null && typeof error === 'object' && str((error as { message?: unknown }).message) !== undefined) {
    const main = error as { code?: unknown; message: string };
    return { code: str(main.code), message: main.message };
  }
  // What a token endpoint or an API gateway in front of Graph sends (RFC 6750 §3.1).
  if (str(error) !== undefined) return { code: error as string, message: str(error_description) ?? (error as string) };
  return undefined;
}

/** A GraphError for a non-2xx response and its body (parsed JSON, or text when it was not JSON). */
export function graphError(res: Response, body: unknown, sentId: string): GraphError {
  const found = codeAndMessage(body);
  const main = (body as { error?: { innerError?: unknown } } | null)?.error;
  const inner = (main !== null && typeof main === 'object' && main.innerError !== null && typeof main.innerError === 'object' ? main.innerError : {}) as Record<string, unknown>;
  return new GraphError({
    status: res.status,
    code: found?.code,
    message: found?.message ?? `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${snippet(body)}`,
    requestId: str(inner['request-id']) ?? res.headers.get('request-id') ?? undefined,
    clientRequestId: str(inner['client-request-id']) ?? res.headers.get('client-request-id') ?? sentId,
    date: str(inner.date),
    retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
    body,
  });
}

// By class, not by name: a platform DOMException is also named AbortError or TimeoutError.
const OWN = [GraphError, RequestValidationError, TimeoutError, AbortError, NetworkError, AuthenticationError];

/** What escaped the generated client: the transport's own errors pass; anything else is a request that could not be made. */
function thrown(e: unknown): Error {
  if (OWN.some((own) => e instanceof own)) return e as Error;
  return new NetworkError(`the request could not be made: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

export type Result = { data?: unknown; error?: unknown; response?: Response };

/** Awaits a generated SDK call made with parseAs "text": its 2xx response and body text, or the matching Error. */
export async function settle(call: Promise<Result>, sentId: string): Promise<{ res: Response; text: string }> {
  const result = await call.catch((error: unknown): Result => ({ error }));
  if (!result.response) throw thrown(result.error);
  if (!result.response.ok) throw graphError(result.response, result.error, sentId);
  // parseAs "text": the generated client hands every 2xx body over as a string ('' for none).
  return { res: result.response, text: result.data as string };
}
