#!/usr/bin/env node
// tfkey: enable, disable and read Azure AD B2C trustFramework keys from a terminal or a pipeline.
// Exit codes: 0 success; 1 the service refused or could not be reached; 2 bad usage, bad input or no credentials.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { CLOUDS, createKeysClient, isAuthenticationError, isGraphError, isRequestValidationError, type Cloud, type FetchLike, type KeysClientOptions } from '../index.js';
import { azureCredential } from './azure-identity.js';
import { DryRun, dryRunFetch, err, MOCK_BASE_URL, mockFetch, proxyFetch, redact, verboseFetch } from './fetch.js';

interface Flags {
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

const out = (s: string): void => void process.stdout.write(`${s}\n`);

const integer = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${name} must be a whole number (got "${v}")`);
  return Number(v);
};

async function withClient<T>(flags: Flags, run: (client: ReturnType<typeof createKeysClient>) => Promise<T>): Promise<T> {
  if (flags.mock && flags.baseUrl) throw new CommanderError(2, 'tfkey.usage', 'choose one of --mock and --base-url');
  let fetch: FetchLike = (await proxyFetch(process.env, Boolean(flags.verbose))) ?? ((url, init) => globalThis.fetch(url, init));
  const mock = flags.mock ? mockFetch(fetch, Boolean(flags.verbose)) : undefined;
  if (mock) fetch = mock.fetch;
  if (flags.verbose) fetch = verboseFetch(fetch);
  try {
    const options: KeysClientOptions = {
      cloud: flags.cloud,
      // Azure identity is loaded only when a request is about to go out, so bad input is reported first.
      token: flags.token ?? process.env.GRAPH_TOKEN ?? (flags.dryRun ? 'dry-run' : flags.mock ? 'mock-token' : { getToken: async (scopes, o) => (await azureCredential()).getToken(scopes, o) }),
      ...(mock ? { baseUrl: MOCK_BASE_URL } : flags.baseUrl ? { baseUrl: flags.baseUrl } : {}),
      ...(flags.maxRetries !== undefined ? { maxRetries: flags.maxRetries } : {}),
      ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout } : {}),
      fetch: flags.dryRun ? dryRunFetch() : fetch,
      ...(flags.verbose ? { onRetry: (e) => err(`retry ${e.attempt} in ${(e.delayMs / 1000).toFixed(1)} s after ${e.status ?? e.error?.name}`) } : {}),
    };
    // A dry run never retries its refused send; the options are still checked as given.
    if (flags.dryRun) createKeysClient({ ...options, maxRetries: flags.maxRetries });
    return await run(createKeysClient(flags.dryRun ? { ...options, maxRetries: 0 } : options));
  } finally {
    await mock?.stop();
  }
}

function printDryRun(flags: Flags, r: DryRun['request']): void {
  if (flags.json) return out(JSON.stringify({ dryRun: true, ...r }));
  out(`${r.method} ${r.url}`);
  for (const [k, v] of Object.entries(r.headers)) out(`${k}: ${v}`);
  if (r.body !== undefined) out(`\n${JSON.stringify(r.body)}`);
  out('\n(dry run: nothing was sent)');
}

/** Prints the outcome of a failed command and returns its exit code. */
function report(e: unknown, flags: Flags): number {
  const dry = e instanceof Error && e.cause instanceof DryRun ? e.cause : undefined;
  if (dry) {
    printDryRun(flags, dry.request);
    return 0;
  }
  const usage = e instanceof CommanderError;
  const code = usage || isRequestValidationError(e) || isAuthenticationError(e) ? 2 : 1;
  const error = e instanceof Error ? e : new Error(String(e));
  const message = redact(usage ? error.message.replace(/^error: /, '') : error.message);
  if (flags.json) {
    const fields = usage ? { name: 'UsageError', code: (e as CommanderError).code } : { ...error, name: error.name, body: undefined };
    out(JSON.stringify({ error: { ...fields, message } }));
  } else if (usage) {
    err(`tfkey: ${message}`);
  } else if (isGraphError(e)) {
    err(`Graph refused the request: ${e.status}${e.code ? ` ${e.code}` : ''}: ${message}`);
    const retryAfter = e.retryAfterMs === undefined ? undefined : `${Math.ceil(e.retryAfterMs / 1000)} s (longer than the client waits; try again later)`;
    for (const [k, v] of [['request-id', e.requestId], ['client-request-id', e.clientRequestId], ['date', e.date], ['retry-after', retryAfter]]) if (v) err(`  ${k}: ${v}`);
  } else {
    // Our errors name their root cause (ENOTFOUND, ECONNREFUSED, …) in the message itself.
    err(`tfkey: ${error.name}: ${message}`);
  }
  return code;
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command('tfkey')
    .description('Enable, disable and read Azure AD B2C trustFramework keys (Microsoft Graph beta, keys_v2).')
    .addOption(new Option('--cloud <cloud>', 'national cloud').choices(CLOUDS).default('global'))
    .option('--base-url <url>', 'Graph endpoint, e.g. https://graph.microsoft.com/beta (default: the cloud\'s)')
    .option('--token <token>', 'bearer token (default: $GRAPH_TOKEN, then Azure identity); prefer $GRAPH_TOKEN, arguments show in ps')
    .option('--mock', 'run against the embedded Prism mock of the spec (no credentials needed)')
    .option('--dry-run', 'print the exact request, token redacted, and send nothing')
    .option('--json', 'print machine-readable JSON')
    .option('--max-retries <n>', 'retries of 429, 503, 504 and dropped connections (0-10, default 3)', integer('--max-retries'))
    .option('--timeout <ms>', 'timeout of each attempt, in milliseconds', integer('--timeout'))
    .option('--verbose', 'show each attempt and retry wait on stderr')
    .version(pkg.version, '-V, --version', 'print the version')
    .addHelpText('after', '\nExit codes: 0 success; 1 the service refused or could not be reached; 2 bad usage, bad input or no credentials.\nThe token is never printed.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: () => {} });

  program
    .command('set-status')
    .description('enable or disable a key')
    .argument('<keySetId>', 'key set id, e.g. B2C_1A_TokenSigningKeyContainer')
    .argument('<keyId>', 'the key\'s kid')
    // unknownFutureValue is Graph's evolvable-enum sentinel: nobody sets it, so the CLI does not offer it.
    .addArgument(new Command().createArgument('<status>', 'enabled or disabled').choices(['enabled', 'disabled']))
    .action(async function (this: Command, keySetId: string, keyId: string, status: 'enabled' | 'disabled') {
      const flags = this.optsWithGlobals<Flags>();
      await withClient(flags, (c) => c.updateKeyStatus({ keySetId, keyId, status }));
      if (flags.json) out(JSON.stringify({ keySetId, keyId, status }));
      else out(`Key ${keyId} in ${keySetId} is now ${status}.`);
    });

  program
    .command('get')
    .description('read a key')
    .argument('<keySetId>', 'key set id')
    .argument('<keyId>', 'the key\'s kid')
    .action(async function (this: Command, keySetId: string, keyId: string) {
      const flags = this.optsWithGlobals<Flags>();
      const key = await withClient(flags, (c) => c.getKey({ keySetId, keyId }));
      if (flags.json) return out(JSON.stringify(key));
      const date = (s: number | null | undefined) => (typeof s === 'number' ? new Date(s * 1000).toISOString() : '-');
      for (const [k, v] of [['kid', key.kid], ['status', key.status], ['use', key.use], ['kty', key.kty], ['not before', date(key.nbf)], ['expires', date(key.exp)], ['x5t', key.x5t]]) {
        out(`${String(k).padEnd(11)}${v ?? '-'}`);
      }
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError && ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(e.code)) return 0;
    // A usage error can come before commander has read --json: look at the arguments too.
    return report(e, { ...program.opts<Flags>(), json: program.opts<Flags>().json || argv.includes('--json') });
  }
}

// Run when executed (the bin, often through a symlink in node_modules/.bin), not when imported.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
