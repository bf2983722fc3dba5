// The public face of the package: every export is listed here by name.

/** Create a client; see {@link KeysClientOptions}. */
export { createKeysClient } from './client/client.js';
export type { KeysClient, KeysClientOptions, CallOptions, ListOptions, KeyRef } from './client/types.js';
export type { ThrottleState } from './client/throttle-gate.js';

/**
 * Error classes and guards.
 * @example
 * try { await keys.updateKeyStatus(input); } catch (e) { if (isGraphError(e) && e.status === 404) console.error(e.requestId); }
 */
export {
  GraphError,
  RequestValidationError,
  TimeoutError,
  AbortError,
  NetworkError,
  AuthenticationError,
  isGraphError,
  isRequestValidationError,
  isTimeoutError,
  isAbortError,
  isNetworkError,
  isAuthenticationError,
} from './client/errors.js';
export type { GraphErrorDetails } from './client/errors.js';

/**
 * The national clouds and their endpoints.
 * @example
 * createKeysClient({ token, cloud: 'usgov' }); // https://graph.microsoft.us/beta
 */
export { CLOUDS, cloudBaseUrl, cloudScope } from './client/clouds.js';
export type { Cloud } from './client/clouds.js';

export type { TokenSource, TokenCredentialLike, GetTokenOptions } from './client/auth.js';
export type { RetryEvent } from './client/retry-policy.js';
export type { FetchLike, FetchInitLike, ResponseLike, AbortSignalLike, AbortSignalType } from './client/fetch-types.js';

/**
 * Types generated from the spec.
 * @example
 * const status: TrustFrameworkKeyStatus = 'disabled';
 */
export type { TrustFrameworkKeyStatus, TrustFrameworkKeyStatusUpdate, TrustFrameworkKeyV2, TrustFrameworkKey, TrustFrameworkKeySet, ODataError } from '../generated/hey-api/types.gen.js';

// Held back on purpose: the retry-policy functions and the transport are implementation details that may change
// without a major version; the generated SDK is reachable through the client only.
