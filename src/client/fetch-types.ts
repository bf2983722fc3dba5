// The shapes of fetch, its Response and AbortSignal that the client relies on, written out so that the package's
// declarations compile without the DOM library or @types/node (a consumer with `types: []` and `lib: ["es2022"]`).
// Where the consumer has the real globals, the conditional types below pick them, so nothing is lost in an editor.

/** The part of an AbortSignal the client reads: a DOM, Node or polyfilled signal fits. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** The global AbortSignal type where the consumer's environment declares one, else {@link AbortSignalLike}. */
export type AbortSignalType = typeof globalThis extends { AbortSignal: { prototype: infer S } } ? S : AbortSignalLike;

/** What the client passes to `fetch` for each HTTP exchange. */
export interface FetchInitLike {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignalType;
  redirect: 'manual';
}

/** The part of a fetch Response the client reads: the global one and undici's both fit. */
export interface ResponseLike {
  readonly status: number;
  readonly statusText: string;
  readonly headers: {
    get(name: string): string | null;
    forEach(callback: (value: string, key: string) => void): void;
  };
  text(): Promise<string>;
  readonly body?: { cancel(reason?: unknown): Promise<void> } | null;
}

/**
 * A fetch function: the global `fetch`, undici's `fetch` (e.g. with a proxy dispatcher), or a test double.
 * @example
 * import { fetch as undiciFetch, EnvHttpProxyAgent } from 'undici';
 * const agent = new EnvHttpProxyAgent();
 * createKeysClient({ token, fetch: (url, init) => undiciFetch(url, { ...init, dispatcher: agent }) });
 */
export type FetchLike = (input: string, init: FetchInitLike) => Promise<ResponseLike>;
