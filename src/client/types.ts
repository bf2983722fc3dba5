// The public shapes of the client: its options, the options of a call, and the client itself. Written apart from
// the implementation (client.ts) so that the public surface reads in one place.
import type { TrustFrameworkKey, TrustFrameworkKeySet, TrustFrameworkKeyStatusUpdate, TrustFrameworkKeyV2 } from '../../generated/hey-api/types.gen.js';
import type { TokenSource } from './auth.js';
import type { Cloud } from './clouds.js';
import type { AbortSignalType, FetchLike } from './fetch-types.js';
import type { RetryEvent } from './retry-policy.js';
import type { ThrottleState } from './throttle-gate.js';

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

/** Options of a listing. */
export interface ListOptions extends CallOptions {
  /** Items per page ($top), 1 to 999. Default: Graph's. */
  pageSize?: number;
}

/** The client that {@link createKeysClient} returns. */
export interface KeysClient {
  /**
   * The tenant's key sets, page after page (following `@odata.nextLink`, only to baseUrl's origin and path).
   * @throws {GraphError} when a page is refused, or a nextLink points elsewhere (code `InvalidNextLink`, not followed).
   * @example
   * for await (const set of keys.listKeySets()) console.log(set.id);
   */
  listKeySets(options?: ListOptions): AsyncIterable<TrustFrameworkKeySet>;
  /**
   * The keys of one key set, page after page, each with its status, nbf and exp.
   * @throws {RequestValidationError} for a bad key set id; {@link GraphError} as for listKeySets (404 for an unknown key set).
   * @example
   * for await (const key of keys.listKeys({ keySetId: 'B2C_1A_TokenSigningKeyContainer' })) console.log(key.kid, key.status);
   */
  listKeys(input: { keySetId: string }, options?: ListOptions): AsyncIterable<TrustFrameworkKeyV2>;
  /**
   * The key B2C uses now for a key set (Graph's getActiveKey), in the v1 form without `status`.
   * @throws {RequestValidationError} for a bad key set id; {@link GraphError} (404 for an unknown key set).
   * @example
   * const { kid } = await keys.getActiveKey({ keySetId: 'B2C_1A_TokenSigningKeyContainer' });
   */
  getActiveKey(input: { keySetId: string }, options?: CallOptions): Promise<TrustFrameworkKey>;
  /** Throttling seen by this client's calls: how often, and the pace it learned from it. */
  readonly throttling: ThrottleState;
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
