// What every command shares: the io it runs with, the global flags, and a client built from them — against Graph,
// through a proxy when the environment names one, or against the in-process fake of tfkey/testing with --mock.
import { isAbsolute, resolve } from 'node:path';
import { CommanderError, InvalidArgumentError, Option } from 'commander';
import { createKeysClient, type Cloud, type FetchLike, type KeysClient, type KeysClientOptions, type TokenCredentialLike } from '../index.js';
import type { FakeGraph } from '../testing/index.js';
import { azureCredential } from './azure-identity.js';
import { loadTestKit } from './external.js';
import { dryRunFetch, proxyFetch, verboseFetch } from './fetch.js';
import type { CliIo } from './io.js';
import { redact } from './output.js';

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

/**
 * `--days <n>`: how far ahead the guard (and `check`) looks for a gap, a stretch with no usable key. One option for
 * every command that judges keys, so its rule and its words are the same everywhere.
 */
export const daysOption = (what = 'how far ahead the guard refuses a change that opens a gap (a stretch with no usable key)', byDefault = 'default 30') =>
  new Option('--days <n>', `${what}, in days (${byDefault})`).argParser((v: string) => {
    if (!/^\d+$/.test(v) || Number(v) > 3650) throw new InvalidArgumentError(`--days must be a whole number of days from 0 to 3650 (got "${v}")`);
    return Number(v);
  });

/** One run of the command: its io, and what its commands say to the user and to the process. */
export interface Cli {
  io: CliIo;
  env: Readonly<Record<string, string | undefined>>;
  /** A line on stdout (results) or stderr (diagnostics, progress). */
  out(line: string): void;
  err(line: string): void;
  now(): number;
  /** A file name the user gave, as a path: relative to the io's folder. */
  path(file: string): string;
  /** The fake `--mock` and `mock` run against, loaded (with its validators) only when asked for. */
  mockGraph(): Promise<FakeGraph>;
  /** Set to 1 by a command that completes but must still exit non-zero (apply with a failed item). */
  exit: { code: number };
}

const newFake = (): Promise<FakeGraph> => loadTestKit().then((t) => t.createFakeGraph());

/** One fake for the whole process, for `main`: commands run with --mock in one process see each other's changes. */
let processFake: Promise<FakeGraph> | undefined;
export const processMockGraph = (): Promise<FakeGraph> => (processFake ??= newFake());

export function cliOf(io: CliIo): Cli {
  let fake: Promise<FakeGraph> | undefined;
  return {
    io,
    env: io.env ?? {},
    out: (line) => void io.stdout.write(`${line}\n`),
    err: (line) => void io.stderr.write(`${line}\n`),
    now: io.now ?? Date.now,
    path: (file) => (isAbsolute(file) || io.cwd === undefined ? file : resolve(io.cwd, file)),
    mockGraph: () => (fake ??= io.mockGraph ? Promise.resolve(io.mockGraph()) : newFake()),
    exit: { code: 0 },
  };
}

/** The client the flags ask for. Nothing is loaded or contacted until a request is about to go out. */
export async function clientFrom(cli: Cli, flags: Flags): Promise<KeysClient> {
  if (flags.mock && flags.baseUrl) throw new CommanderError(2, 'tfkey.usage', 'choose one of --mock and --base-url');
  const mock = flags.mock ? await cli.mockGraph() : undefined;
  const proxy = mock ? undefined : await proxyFetch(cli.env);
  if (proxy && flags.verbose) {
    const value = cli.env[proxy.from]!;
    const noProxy = cli.env.NO_PROXY ?? cli.env.no_proxy;
    cli.err(`proxy: ${redact(value)} (from ${proxy.from}${noProxy ? `; NO_PROXY ${noProxy}` : ''})`);
  }
  const network = cli.io.fetch;
  let fetch: FetchLike = (mock?.fetch as FetchLike | undefined) ?? proxy?.fetch ?? network ?? ((url, init) => globalThis.fetch(url, init));
  if (flags.verbose) fetch = verboseFetch(fetch, cli.err);
  // Azure identity is loaded only when a request is about to go out, so bad input is reported first; then one
  // credential serves the run, as Azure's SDKs keep one: its token cache and the source it found (a managed
  // identity, `az`) serve every request of an apply, not only the first.
  let credential: Promise<TokenCredentialLike> | undefined;
  const options: KeysClientOptions = {
    cloud: flags.cloud,
    token: flags.token ?? cli.env.GRAPH_TOKEN ?? (flags.dryRun ? 'dry-run' : mock ? 'mock-token' : { getToken: async (scopes, o) => (await (credential ??= azureCredential(cli.io.azureIdentity))).getToken(scopes, o) }),
    // An option left out is undefined here, which the client reads as its default.
    baseUrl: mock?.baseUrl ?? flags.baseUrl,
    maxRetries: flags.maxRetries,
    timeoutMs: flags.timeout,
    fetch: flags.dryRun ? dryRunFetch() : fetch,
    ...(flags.verbose ? { onRetry: (e) => cli.err(`retry ${e.attempt} in ${(e.delayMs / 1000).toFixed(1)} s after ${e.status ?? e.error?.name}`) } : {}),
  };
  // The options are checked as given; a dry run then never retries its refused send.
  const client = createKeysClient(options);
  return flags.dryRun ? createKeysClient({ ...options, maxRetries: 0 }) : client;
}
