// createKeysClient: the hand-written face over the generated SDK. It checks input with the spec's validators,
// calls the generated functions through the transport, and turns every outcome into a value or an Error.
import { createClient, createConfig } from '../../generated/hey-api/client/index.js';
import { getTrustFrameworkKeyV2, updateTrustFrameworkKeyV2 } from '../../generated/hey-api/sdk.gen.js';
import type { TrustFrameworkKeyStatus, TrustFrameworkKeyV2 } from '../../generated/hey-api/types.gen.js';
import { getTrustFrameworkKeyV2Path, updateTrustFrameworkKeyV2Body, updateTrustFrameworkKeyV2Path } from '../../generated/validators.js';
import { tokenGetter, type TokenSource } from './auth.js';
import { CLOUDS, cloudBaseUrl, cloudScope, type Cloud } from './clouds.js';
import { GraphError, RequestValidationError } from './errors.js';
import { settle, snippet, type Result } from './outcome.js';
import { GRAPH_RETRY_TIMING } from './retry-policy.js';
import { createTransport, type RetryEvent } from './transport.js';
import { check } from './validate.js';

export interface KeysClientOptions {
  /** A token, a function returning one, or an Azure Identity credential (asked for the cloud's `.default` scope). */
  token: TokenSource;
  /** Default: the cloud's beta endpoint, https://graph.microsoft.com/beta for the global cloud. */
  baseUrl?: string;
  /** Picks the default baseUrl and the token scope. Default `global`. */
  cloud?: Cloud;
  /** The fetch to send with. Default: the global fetch. */
  fetch?: typeof fetch;
  /** Retries of 429, 503, 504 and transport failures. Default 3, at most 10 (as in Graph's SDKs). */
  maxRetries?: number;
  /** Per attempt, in milliseconds. Default: no timeout. */
  timeoutMs?: number;
  /** Base of the exponential backoff, ms. Default 3000 (Graph's). */
  retryDelayMs?: number;
  /** The longest Retry-After the client sleeps through, ms; a longer one fails fast. Default 180000 (Graph's cap). */
  maxRetryAfterMs?: number;
  /** Called before each retry wait, e.g. to log it. */
  onRetry?: (event: RetryEvent) => void;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface KeysClient {
  updateKeyStatus(input: { keySetId: string; keyId: string; status: TrustFrameworkKeyStatus }, options?: CallOptions): Promise<void>;
  getKey(input: { keySetId: string; keyId: string }, options?: CallOptions): Promise<TrustFrameworkKeyV2>;
}

const DEFAULT_MAX_RETRIES = 3;
const MAX_MAX_RETRIES = 10;

function option(ok: boolean, field: string, allowed: string, got: unknown): void {
  if (!ok) throw new RequestValidationError(field, `${field} must be ${allowed} (got ${JSON.stringify(got) ?? String(got)})`);
}

const isInt = (v: unknown, min: number, max = Infinity): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

function originOf(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.origin;
  } catch {}
  return option(false, 'baseUrl', 'an absolute http(s) URL', baseUrl) as never;
}

function asObject(input: unknown, fields: string): Record<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new RequestValidationError('input', `input must be an object with ${fields}`);
  }
  return input as Record<string, unknown>;
}

/**
 * Creates a client for one Graph tenant's trustFramework keys.
 * @example
 * const keys = createKeysClient({ token: process.env.GRAPH_TOKEN! });
 * await keys.updateKeyStatus({ keySetId: 'B2C_1A_TokenSigningKeyContainer', keyId: kid, status: 'disabled' });
 */
export function createKeysClient(options: KeysClientOptions): KeysClient {
  const o = asObject(options, 'token and optional baseUrl, cloud, fetch, maxRetries, timeoutMs') as unknown as KeysClientOptions;
  const cloud = o.cloud ?? 'global';
  option(CLOUDS.includes(cloud), 'cloud', `one of ${CLOUDS.join(', ')}`, cloud);
  const maxRetries = o.maxRetries ?? DEFAULT_MAX_RETRIES;
  option(isInt(maxRetries, 0, MAX_MAX_RETRIES), 'maxRetries', `an integer from 0 to ${MAX_MAX_RETRIES}`, maxRetries);
  option(o.timeoutMs === undefined || isInt(o.timeoutMs, 1), 'timeoutMs', 'a positive integer of milliseconds', o.timeoutMs);
  option(o.retryDelayMs === undefined || isInt(o.retryDelayMs, 0), 'retryDelayMs', 'a non-negative integer of milliseconds', o.retryDelayMs);
  option(o.maxRetryAfterMs === undefined || isInt(o.maxRetryAfterMs, 0), 'maxRetryAfterMs', 'a non-negative integer of milliseconds', o.maxRetryAfterMs);
  option(o.fetch === undefined || typeof o.fetch === 'function', 'fetch', 'a fetch function', typeof o.fetch);
  const baseUrl = (o.baseUrl ?? cloudBaseUrl(cloud)).replace(/\/+$/, '');
  const transport = createTransport({
    fetch: o.fetch ?? globalThis.fetch,
    token: tokenGetter(o.token, cloudScope(cloud)),
    origin: originOf(baseUrl),
    maxRetries,
    timeoutMs: o.timeoutMs,
    timing: {
      baseDelayMs: o.retryDelayMs ?? GRAPH_RETRY_TIMING.baseDelayMs,
      maxDelayMs: o.maxRetryAfterMs ?? GRAPH_RETRY_TIMING.maxDelayMs,
    },
    onRetry: o.onRetry,
  });
  // The generated client passes a single Request to `fetch`; the transport is typed for exactly that.
  const client = createClient(createConfig({ baseUrl, fetch: transport as typeof fetch }));

  const ids = (input: unknown, fields: string, pathValidator: typeof updateTrustFrameworkKeyV2Path) => {
    const { keySetId, keyId, ...rest } = asObject(input, fields);
    check(pathValidator, { keySetId, kid: keyId }, { kid: 'keyId' });
    return { path: { keySetId: keySetId as string, kid: keyId as string }, rest };
  };

  return {
    async updateKeyStatus(input, call) {
      const { path, rest } = ids(input, 'keySetId, keyId and status', updateTrustFrameworkKeyV2Path);
      // Everything but the ids is the body, and must be exactly what the spec allows: only `status`.
      check(updateTrustFrameworkKeyV2Body, rest);
      const id = crypto.randomUUID();
      const body = { status: rest.status as TrustFrameworkKeyStatus };
      const text = JSON.stringify(body);
      await settle(
        updateTrustFrameworkKeyV2({
          client,
          path,
          body,
          headers: { 'client-request-id': id },
          // The transport is handed the body it would otherwise read back from the Request hey-api built.
          fetch: ((request: Request) => transport(request, text)) as typeof fetch,
          // 204 is the documented answer; read any other 2xx body as text and ignore it, so an unexpected
          // `200 {…}` (or non-JSON) cannot fail a status change that happened.
          parseAs: 'text',
          signal: call?.signal,
        }) as Promise<Result>,
        id,
        call?.signal,
      );
    },

    async getKey(input, call) {
      const { path, rest } = ids(input, 'keySetId and keyId', getTrustFrameworkKeyV2Path);
      const extra = Object.keys(rest)[0];
      if (extra !== undefined) throw new RequestValidationError(extra, `${extra} is not allowed: only keySetId, keyId may be given`);
      const id = crypto.randomUUID();
      const { res, text } = await settle(
        getTrustFrameworkKeyV2({ client, path, headers: { 'client-request-id': id }, parseAs: 'text', signal: call?.signal }) as Promise<Result>,
        id,
        call?.signal,
      );
      let key: unknown;
      try {
        key = JSON.parse(text);
      } catch {}
      if (key === null || typeof key !== 'object' || Array.isArray(key)) {
        throw new GraphError({
          status: res.status,
          code: 'InvalidResponse',
          message: `expected a trustFrameworkKey_v2 JSON object in the ${res.status} response${snippet(text)}`,
          requestId: res.headers.get('request-id') ?? undefined,
          clientRequestId: id,
          body: text,
        });
      }
      return key as TrustFrameworkKeyV2;
    },
  };
}
