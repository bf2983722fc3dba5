// The fetch the CLI sends with, composed from what the flags and environment ask for: a proxy from HTTPS_PROXY,
// HTTP_PROXY and NO_PROXY (as curl and most CLIs honour them), a dry run, a verbose trace.
import type { FetchLike } from '../index.js';
import { loadUndici } from './external.js';

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/**
 * undici's fetch through EnvHttpProxyAgent when a proxy variable is set in `env`; undefined otherwise (undici is not
 * even loaded). The agent is given the variables of `env` only, never the process's, so what a run is handed is
 * what it uses.
 */
export async function proxyFetch(env: Readonly<Record<string, string | undefined>>): Promise<{ fetch: FetchLike; from: string } | undefined> {
  const configured = PROXY_VARS.find((v) => env[v]);
  if (!configured) return undefined;
  const { EnvHttpProxyAgent, fetch } = await loadUndici();
  // Lower case first, as undici reads them from the process; '' means "none", so the process's are never consulted.
  const httpProxy = env.http_proxy ?? env.HTTP_PROXY ?? '';
  const httpsProxy = env.https_proxy ?? env.HTTPS_PROXY ?? '';
  const dispatcher = new EnvHttpProxyAgent({ httpProxy, httpsProxy: httpsProxy || httpProxy, noProxy: env.no_proxy ?? env.NO_PROXY ?? '' });
  return { fetch: (url, init) => fetch(url, { ...init, dispatcher }), from: configured };
}

/** Thrown by the dry-run fetch after recording the request, so that nothing is sent. */
export class DryRun extends Error {
  constructor(readonly request: { method: string; url: string; headers: Record<string, string>; body: unknown }) {
    // Stryker disable next-line StringLiteral: this signal is caught and printed as its request, never by its message.
    super('dry run');
  }
}

export const dryRunFetch = (): FetchLike => async (url, init) => {
  const headers = { ...init.headers };
  // Stryker disable next-line ConditionalExpression: the client sends authorization on every request; the check only
  // keeps a request without one from being printed with one.
  if (headers.authorization) headers.authorization = 'Bearer <redacted>';
  throw new DryRun({ method: init.method, url, headers, body: init.body === undefined ? undefined : JSON.parse(init.body) });
};

export function verboseFetch(next: FetchLike, log: (line: string) => void): FetchLike {
  return async (url, init) => {
    const started = performance.now();
    // Numbered per call: a retry carries Retry-Attempt (the attempts before it), a first attempt none.
    const attempt = Number(init.headers['retry-attempt'] ?? 0) + 1;
    log(`→ ${init.method} ${url} (attempt ${attempt})`);
    const res = await next(url, init);
    log(`← ${res.status} ${res.statusText} in ${(performance.now() - started).toFixed(0)} ms`);
    return res;
  };
}
