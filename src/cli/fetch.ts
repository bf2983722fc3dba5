// The fetch the CLI sends with, composed from what the flags and environment ask for: a proxy from HTTPS_PROXY,
// HTTP_PROXY and NO_PROXY (as curl and most CLIs honour them), the embedded mock, a dry run, a verbose trace.
import type { FetchLike } from '../index.js';
import { startPrism, type PrismServer } from '../prism.js';

export const err = (s: string): void => void process.stderr.write(`${s}\n`);

/** A URL with its user name and password hidden, for anything printed. */
export const redact = (text: string): string => text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1***@');

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/** undici's fetch through EnvHttpProxyAgent when a proxy variable is set; undefined otherwise (undici is not even loaded). */
export async function proxyFetch(env: NodeJS.ProcessEnv, verbose: boolean): Promise<FetchLike | undefined> {
  const configured = PROXY_VARS.find((v) => env[v]);
  if (!configured) return undefined;
  const { EnvHttpProxyAgent, fetch } = await import('undici');
  // The agent reads HTTP(S)_PROXY and NO_PROXY in upper and lower case itself, as curl does.
  const dispatcher = new EnvHttpProxyAgent();
  if (verbose) err(`proxy: ${redact(env[configured]!)} (from ${configured}${env.NO_PROXY ?? env.no_proxy ? `; NO_PROXY ${env.NO_PROXY ?? env.no_proxy}` : ''})`);
  return (url, init) => fetch(url, { ...init, dispatcher });
}

/** Thrown by the dry-run fetch after recording the request, so that nothing is sent. */
export class DryRun extends Error {
  constructor(readonly request: { method: string; url: string; headers: Record<string, string>; body: unknown }) {
    super('dry run');
  }
}

export const dryRunFetch = (): FetchLike => async (url, init) => {
  const headers = { ...init.headers };
  if (headers.authorization) headers.authorization = 'Bearer <redacted>';
  throw new DryRun({ method: init.method, url, headers, body: init.body === undefined ? undefined : JSON.parse(init.body) });
};

export function verboseFetch(next: FetchLike): FetchLike {
  let attempt = 0;
  return async (url, init) => {
    const started = performance.now();
    err(`→ ${init.method} ${url} (attempt ${++attempt})`);
    const res = await next(url, init);
    err(`← ${res.status} ${res.statusText} in ${(performance.now() - started).toFixed(0)} ms`);
    return res;
  };
}

/** The origin the client is pointed at under --mock; the mock fetch maps it to the mock, started on first use. */
export const MOCK_BASE_URL = 'http://mock.tfkey.invalid/beta';

/** A fetch that starts the embedded mock only when a request is about to go out, so bad input never starts it. */
export function mockFetch(next: FetchLike, verbose: boolean): { fetch: FetchLike; stop(): Promise<void> } {
  let prism: Promise<PrismServer> | undefined;
  return {
    fetch: async (url, init) => {
      prism ??= startPrism().then((p) => (verbose && err(`mock: Prism listening on ${p.url}`), p));
      // Prism serves the spec's paths at its root, without the server's /beta.
      return next((await prism).url + url.slice(MOCK_BASE_URL.length), init);
    },
    stop: async () => void (await (await prism)?.stop()),
  };
}
