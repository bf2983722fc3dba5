// Typed builders for what Graph sends back: error bodies and the correlation headers. The fake answers with them,
// and a consumer writing its own fixtures uses them instead of copying JSON.
import type { ODataError } from '../../generated/hey-api/types.gen.js';

/** Fields of a Graph error; only `code` and `message` are needed. */
export interface GraphErrorInit {
  code: string;
  message: string;
  /** Graph's request id; default: a new UUID. */
  requestId?: string;
  /** The client-request-id the request carried; default: the request id. */
  clientRequestId?: string;
  /** When; default: now. Graph writes it without a timezone (UTC). */
  date?: Date;
}

/** Graph's `innerError.date`: ISO 8601 without a timezone or milliseconds, as Graph writes it. */
export const graphDate = (d: Date): string => d.toISOString().slice(0, 19);

/**
 * A Graph error body (`ODataError`), as every Graph failure carries it.
 * @example
 * graphErrorBody({ code: 'Request_ResourceNotFound', message: 'no such key' });
 * // { error: { code, message, innerError: { date, 'request-id', 'client-request-id' } } }
 */
export function graphErrorBody(init: GraphErrorInit): ODataError {
  const requestId = init.requestId ?? crypto.randomUUID();
  return {
    error: {
      code: init.code,
      message: init.message,
      innerError: { date: graphDate(init.date ?? new Date()), 'request-id': requestId, 'client-request-id': init.clientRequestId ?? requestId },
    },
  };
}

/** Graph's response headers; each is optional. */
export interface GraphHeadersInit {
  requestId?: string;
  clientRequestId?: string;
  /** Seconds, as Graph sends it on 429 and 503. */
  retryAfterSeconds?: number;
  date?: Date;
}

/**
 * The headers Graph puts on every response: `request-id`, `client-request-id` (echoed), `Date`, and `Retry-After`
 * when given.
 * @example
 * new Response(null, { status: 204, headers: graphHeaders({ clientRequestId: sent }) });
 */
export function graphHeaders(init: GraphHeadersInit = {}): Record<string, string> {
  const requestId = init.requestId ?? crypto.randomUUID();
  return {
    'request-id': requestId,
    'client-request-id': init.clientRequestId ?? requestId,
    date: (init.date ?? new Date()).toUTCString(),
    ...(init.retryAfterSeconds === undefined ? {} : { 'retry-after': String(init.retryAfterSeconds) }),
  };
}

/** Graph's error code for a status, where Graph has one that clients branch on. */
export const GRAPH_ERROR_CODES: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'InvalidAuthenticationToken',
  403: 'AccessDenied',
  404: 'Request_ResourceNotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  415: 'UnsupportedMediaType',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/**
 * A whole Graph error response: the status, Graph's JSON error body and its headers.
 * @example
 * server.use(http.patch(url, () => graphErrorResponse(429, { message: 'Too many requests', retryAfterSeconds: 2 })));
 */
export function graphErrorResponse(status: number, init: Partial<GraphErrorInit> & Pick<GraphHeadersInit, 'retryAfterSeconds'> = {}): Response {
  const requestId = init.requestId ?? crypto.randomUUID();
  const date = init.date ?? new Date();
  const clientRequestId = init.clientRequestId ?? requestId;
  const body = graphErrorBody({ code: init.code ?? GRAPH_ERROR_CODES[status] ?? 'UnknownError', message: init.message ?? `HTTP ${status}`, requestId, clientRequestId, date });
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...graphHeaders({ requestId, clientRequestId, date, retryAfterSeconds: init.retryAfterSeconds }) },
  });
}
