// createKeysClient: the hand-written face over the generated SDK. It checks input with the spec's validators,
// calls the generated functions through the transport, and turns every outcome into a value or an Error.
import { createClient, createConfig } from '../../generated/hey-api/client/index.js';
import { getTrustFrameworkKeyV2, updateTrustFrameworkKeyV2 } from '../../generated/hey-api/sdk.gen.js';
import type { TrustFrameworkKeyStatusUpdate, TrustFrameworkKeyV2 } from '../../generated/hey-api/types.gen.js';
import { getTrustFrameworkKeyV2Path, updateTrustFrameworkKeyV2Body, updateTrustFrameworkKeyV2Path } from '../../generated/validators.js';
import type { AbortSignalLike, AbortSignalType, FetchLike } from './fetch-types.js';
import { tokenGetter, type TokenSource } from './auth.js';
import { cloudScope, type Cloud } from './clouds.js';
import { GraphError, RequestValidationError } from './errors.js';
import { resolveOptions } from './options.js';
import { settle, snippet, type Result } from './outcome.js';
import { GRAPH_RETRY_TIMING } from './retry-policy.js';
import type { RetryEvent } from './retry-policy.js';
import { createTransport } from './transport.js';
import { check, checkPathIds } from './validate.js';

/** Options of {@link createKeysClient}. Only `token` is required. */
export interface KeysClientOptions {
  /** A token, a function returning one, or an Azure Identity credential (asked for the cloud's `.default` scope). */
  token: TokenSource;
  /**
   * Default: the cloud's beta endpoint, https://graph.microsoft.com/beta for the global cloud. An absolute http(s)
   * URL without user name, password, query or fragment.
   */
  baseUrl?: string;
  /** Picks the default baseUrl and the token scope. Default `global`. */
  cloud?: Cloud;
  /**
   * The fetch to send with. Default: the global fetch, looked up at every call (so msw or a stubbed global installed
   * after the client was created is used). Pass undici's fetch with a proxy agent to go through a proxy.
   */
  fetch?: FetchLike;
  /** Retries of 429, 503, 504 and transport failures. Default 3, at most 10 (as in Graph's SDKs). */
  maxRetries?: number;
  /** Per attempt (token, connection, headers and body), in milliseconds, at most 2^31 - 1. Default: no timeout. */
  timeoutMs?: number;
  /** Base of the exponential backoff, ms, at most 2^31 - 1. Default 3000 (Graph's). */
  retryDelayMs?: number;
  /** The longest Retry-After the client sleeps through, ms; a longer one fails fast. Default 180000 (Graph's cap). */
  maxRetryAfterMs?: number;
  /** Called before each retry wait, e.g. to log it. If it throws, the error is ignored and the call goes on. */
  onRetry?: (event: RetryEvent) => void;
}

/** Options of one call. */
export interface CallOptions {
  /** Aborts the call at once, also during a token request, a body read or a retry wait: it rejects with AbortError. */
  signal?: AbortSignalType;
}

/** The ids of one key. */
export interface KeyRef {
  /** The key set's id, e.g. `B2C_1A_TokenSigningKeyContainer`. */
  keySetId: string;
  /** The key's `kid`. */
  keyId: string;
}

/** The client that {@link createKeysClient} returns. */
export interface KeysClient {
  /**
   * Enables or disables a key (PATCH …/keys_v2/{kid}); resolves when Graph answered 2xx (the documented 204).
   * Retried on 429, 503, 504 and dropped connections: setting a status is idempotent.
   * @throws {RequestValidationError} before sending, for a bad id or a status other than `enabled` or `disabled`.
   * @throws {GraphError} when Graph refused (4xx, 5xx after retries); {@link TimeoutError}, {@link AbortError},
   *   {@link NetworkError}, {@link AuthenticationError} as their names say.
   * @example
   * await keys.updateKeyStatus({ keySetId: 'B2C_1A_TokenSigningKeyContainer', keyId: kid, status: 'disabled' });
   */
  updateKeyStatus(input: KeyRef & { status: TrustFrameworkKeyStatusUpdate }, options?: CallOptions): Promise<void>;
  /**
   * Reads a key (GET …/keys_v2/{kid}), e.g. to confirm its status after an update.
   * @throws {RequestValidationError} before sending, for a bad id.
   * @throws {GraphError} when Graph refused (e.g. 404 for an unknown key set or kid) or sent no JSON object.
   * @example
   * const { status, exp } = await keys.getKey({ keySetId: 'B2C_1A_TokenSigningKeyContainer', keyId: kid });
   */
  getKey(input: KeyRef, options?: CallOptions): Promise<TrustFrameworkKeyV2>;
}

function asObject(input: unknown, fields: string): Record<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new RequestValidationError('input', `input must be an object with ${fields}`);
  }
  return input as Record<string, unknown>;
}

function callSignal(call: CallOptions | undefined): AbortSignalLike | undefined {
  const signal = (call === undefined ? undefined : asObject(call, 'an optional signal').signal) as AbortSignalLike | undefined;
  if (signal === undefined || (typeof signal === 'object' && signal !== null && typeof signal.aborted === 'boolean' && typeof signal.addEventListener === 'function')) return signal;
  throw new RequestValidationError('signal', 'signal must be an AbortSignal');
}

/**
 * Creates a client for one Graph tenant's trustFramework keys.
 * @example
 * const keys = createKeysClient({ token: process.env.GRAPH_TOKEN! });
 * await keys.updateKeyStatus({ keySetId: 'B2C_1A_TokenSigningKeyContainer', keyId: kid, status: 'disabled' });
 */
export function createKeysClient(options: KeysClientOptions): KeysClient {
  const o = asObject(options, 'token and optional baseUrl, cloud, fetch, maxRetries, timeoutMs') as unknown as KeysClientOptions;
  const r = resolveOptions(o);
  const transport = createTransport({
    fetch: r.fetch,
    token: tokenGetter(o.token, cloudScope(r.cloud)),
    origin: r.origin,
    maxRetries: r.maxRetries,
    timeoutMs: r.timeoutMs,
    timing: {
      baseDelayMs: r.retryDelayMs ?? GRAPH_RETRY_TIMING.baseDelayMs,
      maxDelayMs: r.maxRetryAfterMs ?? GRAPH_RETRY_TIMING.maxDelayMs,
    },
    onRetry: o.onRetry,
  });
  const client = createClient(createConfig({ baseUrl: r.baseUrl }));

  const ids = (input: unknown, fields: string, pathValidator: typeof updateTrustFrameworkKeyV2Path) => {
    const { keySetId, keyId, ...rest } = asObject(input, fields);
    checkPathIds(pathValidator, { keySetId, kid: keyId }, { kid: 'keyId' });
    return { path: { keySetId: keySetId as string, kid: keyId as string }, rest };
  };

  return {
    async updateKeyStatus(input, call) {
      const { path, rest } = ids(input, 'keySetId, keyId and status', updateTrustFrameworkKeyV2Path);
      // Everything but the ids is the body, and must be exactly what the spec allows: only `status`.
      check(updateTrustFrameworkKeyV2Body, rest);
      const signal = callSignal(call);
      const id = crypto.randomUUID();
      const body = { status: rest.status as TrustFrameworkKeyStatusUpdate };
      const text = JSON.stringify(body);
      await settle(
        updateTrustFrameworkKeyV2({
          client,
          path,
          body,
          headers: { 'client-request-id': id },
          // The transport is handed the body it would otherwise read back from the Request hey-api built. A 2xx
          // body is not read at all: 204 is the documented answer, and whatever an unexpected `200 {…}` carries
          // (or fails to deliver) cannot fail a status change that happened.
          fetch: ((request: Request) => transport({ request, body: text, signal, readSuccessBody: false })) as typeof fetch,
          parseAs: 'text',
        }) as Promise<Result>,
        id,
      );
    },

    async getKey(input, call) {
      const { path, rest } = ids(input, 'keySetId and keyId', getTrustFrameworkKeyV2Path);
      const extra = Object.keys(rest)[0];
      if (extra !== undefined) throw new RequestValidationError(extra, `${extra} is not allowed: only keySetId, keyId may be given`);
      const signal = callSignal(call);
      const id = crypto.randomUUID();
      const { res, text } = await settle(
        getTrustFrameworkKeyV2({
          client,
          path,
          headers: { 'client-request-id': id },
          fetch: ((request: Request) => transport({ request, body: undefined, signal, readSuccessBody: true })) as typeof fetch,
          parseAs: 'text',
        }) as Promise<Result>,
        id,
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
