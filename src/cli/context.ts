// What every command shares: the global flags and a client built from them — against Graph, through a proxy when
// the environment names one, or against the in-process fake of tfkey/testing with --mock.
import { CommanderError } from 'commander';
import { createKeysClient, type Cloud, type FetchLike, type KeysClient, type KeysClientOptions } from '../index.js';
import { createFakeGraph, type FakeGraph } from '../testing/index.js';
import { azureCredential } from './azure-identity.js';
import { dryRunFetch, proxyFetch, verboseFetch } from './fetch.js';
import { err, redact } from './output.js';

export interface Flags {
  cloud: Cloud;
  baseUrl?: string;
  token?: string;
  mock?: boolean;
  dryRun?: boolean;
  json?: boolean;
  maxRetries?: number;
  timeout?: number;
  verbose?: boolean;
}

// One fake per process: commands run with --mock in the same process see each other's changes.
let fake: FakeGraph | undefined;
export const mockGraph = (): FakeGraph => (fake ??= createFakeGraph());

/** The client the flags ask for. Nothing is loaded or contacted until a request is about to go out. */
export async function clientFrom(flags: Flags): Promise<KeysClient> {
  if (flags.mock && flags.baseUrl) throw new CommanderError(2, 'tfkey.usage', 'choose one of --mock and --base-url');
  const mock = flags.mock ? mockGraph() : undefined;
  const proxy = mock ? undefined : await proxyFetch(process.env);
  if (proxy && flags.verbose) {
    const value = process.env[proxy.from]!;
    const noProxy = process.env.NO_PROXY ?? process.env.no_proxy;
    err(`proxy: ${redact(value)} (from ${proxy.from}${noProxy ? `; NO_PROXY ${noProxy}` : ''})`);
  }
  let fetch: FetchLike = (mock?.fetch as FetchLike | undefined) ?? proxy?.fetch ?? ((url, init) => globalThis.fetch(url, init));
  if (flags.verbose) fetch = verboseFetch(fetch, err);
  const options: KeysClientOptions = {
    cloud: flags.cloud,
    // Azure identity is loaded only when a request is about to go out, so bad input is reported first.
    token: flags.token ?? process.env.GRAPH_TOKEN ?? (flags.dryRun ? 'dry-run' : mock ? 'mock-token' : { getToken: async (scopes, o) => (await azureCredential()).getToken(scopes, o) }),
    // An option left out is undefined here, which the client reads as its default.
    baseUrl: mock?.baseUrl ?? flags.baseUrl,
    maxRetries: flags.maxRetries,
    timeoutMs: flags.timeout,
    fetch: flags.dryRun ? dryRunFetch() : fetch,
    ...(flags.verbose ? { onRetry: (e) => err(`retry ${e.attempt} in ${(e.delayMs / 1000).toFixed(1)} s after ${e.status ?? e.error?.name}`) } : {}),
  };
  // The options are checked as given; a dry run then never retries its refused send.
  const client = createKeysClient(options);
  return flags.dryRun ? createKeysClient({ ...options, maxRetries: 0 }) : client;
}
