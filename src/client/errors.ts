// The errors this client throws. Every one is an Error with a stable `name`, so callers can branch on
// `err.name` or the `is…` guards across bundles and realms. None of them ever holds the bearer token.

/** Fields of a Graph error body (`ODataError`) and of the response that carried it. */
export interface GraphErrorDetails {
  status: number;
  code?: string | undefined;
  message: string;
  requestId?: string | undefined;
  clientRequestId?: string | undefined;
  date?: string | undefined;
  retryAfterMs?: number | undefined;
  body?: unknown;
}

/**
 * Graph answered with a non-2xx status.
 * @example
 * catch (e) { if (e instanceof GraphError && e.status === 404) console.error(e.code, e.message, e.requestId); }
 */
export class GraphError extends Error {
  override name = 'GraphError' as const;
  /** The HTTP status Graph answered with, e.g. 404 or 429 (or 200 for a success body that was not a key). */
  status: number;
  /** Graph's machine-readable code, e.g. `Request_ResourceNotFound`; undefined when the body was not Graph's. */
  code: string | undefined;
  /** Graph's id for the request (`innerError.request-id`, else the `request-id` header): quote it to Microsoft support. */
  requestId: string | undefined;
  /** The client-request-id this call sent on every attempt (Graph echoes it); find the call in your own logs by it. */
  clientRequestId: string | undefined;
  /** `innerError.date` as Graph sent it: often without a timezone, meaning UTC. */
  date: string | undefined;
  /** The wait the server asked for (Retry-After), when it asked for one. */
  retryAfterMs: number | undefined;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;

  /** Builds the error from a response's details; the client does this for you. */
  constructor(d: GraphErrorDetails) {
    super(d.message);
    this.status = d.status;
    this.code = d.code;
    this.requestId = d.requestId;
    this.clientRequestId = d.clientRequestId;
    this.date = d.date;
    this.retryAfterMs = d.retryAfterMs;
    this.body = d.body;
  }
}

/**
 * The input was refused by the client before anything was sent.
 * @example
 * catch (e) { if (e instanceof RequestValidationError) console.error(`${e.field}: ${e.message}`); }
 */
export class RequestValidationError extends Error {
  override name = 'RequestValidationError' as const;
  /** The offending field, e.g. `status` or `keySetId`. */
  field: string;
  /** `message` says what was wrong and what is allowed, e.g. `status must be one of enabled, disabled (got "Enabled")`. */
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/**
 * An attempt took longer than `timeoutMs`, and no retry was left.
 * @example
 * createKeysClient({ token, timeoutMs: 10_000 }); // each attempt gets 10 s
 */
export class TimeoutError extends Error {
  override name = 'TimeoutError' as const;
}

/**
 * The caller's AbortSignal fired; the call stops at once, also during a retry wait.
 * @example
 * await keys.getKey(ids, { signal: AbortSignal.timeout(30_000) });
 */
export class AbortError extends Error {
  override name = 'AbortError' as const;
}

/**
 * The request never got an HTTP answer: DNS, connection refused or reset, TLS. `cause` holds the original.
 * @example
 * catch (e) { if (isNetworkError(e)) console.error('Graph unreachable:', e.cause); }
 */
export class NetworkError extends Error {
  override name = 'NetworkError' as const;
}

/**
 * No token could be had: the token function or credential failed or returned nothing.
 * @example
 * catch (e) { if (isAuthenticationError(e)) console.error('sign in first:', e.message); }
 */
export class AuthenticationError extends Error {
  override name = 'AuthenticationError' as const;
}

const guard =
  <T extends Error>(name: T['name']) =>
  (value: unknown): value is T =>
    value instanceof Error && value.name === name;

/**
 * True for a {@link GraphError}, also one from another copy of this package (checks `name`, not the class).
 * @example
 * if (isGraphError(e) && e.status === 429) console.log(`retry after ${e.retryAfterMs} ms`);
 */
export const isGraphError = guard<GraphError>('GraphError');
/**
 * True for a {@link RequestValidationError}: the input was refused and nothing was sent.
 * @example
 * if (isRequestValidationError(e)) console.error(`fix ${e.field}: ${e.message}`);
 */
export const isRequestValidationError = guard<RequestValidationError>('RequestValidationError');
/**
 * True for a {@link TimeoutError}: the last attempt outlived `timeoutMs`.
 * @example
 * if (isTimeoutError(e)) console.error('Graph did not answer in time');
 */
export const isTimeoutError = guard<TimeoutError>('TimeoutError');
/**
 * True for an {@link AbortError}: your signal stopped the call.
 * @example
 * if (isAbortError(e)) return; // cancelled on purpose
 */
export const isAbortError = guard<AbortError>('AbortError');
/**
 * True for a {@link NetworkError}: no HTTP answer (DNS, refused, reset, TLS, a body cut off); `cause` has the original.
 * @example
 * if (isNetworkError(e)) console.error('Graph unreachable:', e.message);
 */
export const isNetworkError = guard<NetworkError>('NetworkError');
/**
 * True for an {@link AuthenticationError}: the token function or credential failed or returned nothing usable.
 * @example
 * if (isAuthenticationError(e)) console.error('sign in first:', e.message);
 */
export const isAuthenticationError = guard<AuthenticationError>('AuthenticationError');
