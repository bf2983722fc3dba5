// Turns the three accepted token forms into one async getter, and checks every token before it reaches a header:
// Headers would otherwise throw an error that quotes the token's value.
import { AuthenticationError, RequestValidationError } from './errors.js';
import type { AbortSignalType } from './fetch-types.js';

/** What a token function or credential is handed: the attempt's signal, which fires on timeout or abort. */
export interface GetTokenOptions {
  abortSignal: AbortSignalType;
}

/**
 * Anything with Azure Identity's `getToken` shape, e.g. `new DefaultAzureCredential()`. It is given the attempt's
 * `abortSignal`, so a credential that stalls (a managed-identity probe, `az`) is stopped by `timeoutMs` or an abort.
 * @example
 * const credential: TokenCredentialLike = { getToken: async (scope, { abortSignal }) => ({ token: await myCache.get(scope, abortSignal) }) };
 */
export interface TokenCredentialLike {
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<{ token: string } | null>;
}

/**
 * A token, a function returning one (asked before every attempt), or a credential.
 * @example
 * createKeysClient({ token: () => cache.get() });
 */
export type TokenSource = string | ((options: GetTokenOptions) => string | Promise<string>) | TokenCredentialLike;

// RFC 6750 b64token characters, but lenient: any visible ASCII. Spaces, control characters and non-ASCII are what
// break a header (and what a pasted "Bearer eyJ…" or a trailing newline brings in).
const TOKEN_RE = /^[\x21-\x7e]+$/;

/** The token, if it can go into a header; otherwise the error `refuse` makes of a message that never shows it. */
function checked(token: unknown, refuse: (message: string) => Error): string {
  if (typeof token === 'string' && TOKEN_RE.test(token)) return token;
  const what =
    typeof token !== 'string' ? `got ${token === null ? 'null' : typeof token}`
    : token === '' ? 'got an empty string'
    : 'it contains a space, control or non-ASCII character; its value is not shown';
  throw refuse(`token must be a non-empty string of visible ASCII characters, without the "Bearer " prefix (${what})`);
}

const badOption = (message: string) => new RequestValidationError('token', message);
const badToken = (message: string) => new AuthenticationError(message);

/**
 * Returns a getter that yields a checked token for `scope`, asking the function or credential on each call with the
 * attempt's signal (the caller races it too, for sources that ignore the signal).
 */
export function tokenGetter(source: TokenSource, scope: string): (signal: AbortSignalType) => Promise<string> {
  if (typeof source === 'string') {
    const token = checked(source, badOption);
    return () => Promise.resolve(token);
  }
  const get: ((o: GetTokenOptions) => unknown) | undefined =
    typeof source === 'function' ? source
    : source && typeof source.getToken === 'function' ? async (o) => (await source.getToken(scope, o))?.token
    : undefined;
  if (!get) throw badOption('token must be a string, a function returning one, or a credential with getToken(scopes)');
  return async (signal) => {
    let token: unknown;
    try {
      token = await get({ abortSignal: signal });
    } catch (cause) {
      // A source stopped by the attempt's timeout or the caller's abort did not fail: the transport says which.
      if (cause instanceof AuthenticationError || signal.aborted) throw cause;
      throw new AuthenticationError(`could not get a token for ${scope}`, { cause });
    }
    return checked(token, badToken);
  };
}
