// Turns the three accepted token forms into one async getter, and checks every token before it reaches a header:
// Headers would otherwise throw an error that quotes the token's value.
import { AuthenticationError, RequestValidationError } from './errors.js';

/** Anything with Azure Identity's `getToken` shape, e.g. `new DefaultAzureCredential()`. */
export interface TokenCredentialLike {
  getToken(scopes: string | string[]): Promise<{ token: string } | null>;
}

export type TokenSource = string | (() => string | Promise<string>) | TokenCredentialLike;

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

/** Returns a getter that yields a checked token for `scope`, asking the function or credential on each call. */
export function tokenGetter(source: TokenSource, scope: string): () => Promise<string> {
  if (typeof source === 'string') {
    const token = checked(source, badOption);
    return () => Promise.resolve(token);
  }
  const get =
    typeof source === 'function' ? source
    : source && typeof source.getToken === 'function' ? async () => (await source.getToken(scope))?.token
    : undefined;
  if (!get) throw badOption('token must be a string, a function returning one, or a credential with getToken(scopes)');
  return async () => {
    let token: unknown;
    try {
      token = await get();
    } catch (cause) {
      if (cause instanceof AuthenticationError) throw cause;
      throw new AuthenticationError(`could not get a token for ${scope}`, { cause });
    }
    return checked(token, badToken);
  };
}
