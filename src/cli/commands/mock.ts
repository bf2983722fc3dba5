// tfkey mock [--port N] [--fault …] [--seed N] [--key-sets file]: the test kit's fake over HTTP until Ctrl-C, for
// tools that cannot take an injected fetch (curl, PowerShell, another language's SDK).
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { FakeKey, FaultOptions } from '../../testing/index.js';
import type { Cli, Flags } from '../context.js';
import { loadTestKit } from '../external.js';

const FORMS = 'rate-limit=<requests>/<ms>, rate-limit=graph, time-scale=<n>, errors=<rate>[:<status>,…], latency=<ms> or latency=<min>-<max>';

/** Parses one --fault value into the fake's fault options, adding to what earlier ones set. */
export function parseFault(value: string, previous: FaultOptions = {}): FaultOptions {
  const bad = () => new InvalidArgumentError(`--fault must be one of ${FORMS} (got "${value}")`);
  const [kind, spec = ''] = value.split('=', 2) as [string, string?];
  let m: RegExpExecArray | null;
  if (kind === 'rate-limit' && (m = /^(\d+)\/(\d+)$/.exec(spec)) && Number(m[1]) >= 1 && Number(m[2]) >= 1) {
    return { ...previous, rateLimit: { requests: Number(m[1]), perMs: Number(m[2]) } };
  }
  if (kind === 'rate-limit' && spec === 'graph') return { ...previous, rateLimit: 'graph' };
  if (kind === 'time-scale' && /^\d+(\.\d+)?$/.test(spec) && Number(spec) > 0) return { ...previous, timeScale: Number(spec) };
  if (kind === 'errors' && (m = /^(0(?:\.\d+)?|1(?:\.0+)?)(?::(\d{3}(?:,\d{3})*))?$/.exec(spec))) {
    return { ...previous, errors: { rate: Number(m[1]), ...(m[2] ? { statuses: m[2].split(',').map(Number) } : {}) } };
  }
  if (kind === 'latency' && (m = /^(\d+)(?:-(\d+))?$/.exec(spec)) && (m[2] === undefined || Number(m[2]) >= Number(m[1]))) {
    return { ...previous, latencyMs: m[2] === undefined ? Number(m[1]) : [Number(m[1]), Number(m[2])] };
  }
  throw bad();
}

/** The faults in effect, in the words of --fault, for the startup line: what is injected is never a guess. */
export function describeFaults(f: FaultOptions): string {
  const parts = [
    f.rateLimit === 'graph'
      ? "rate-limit graph (Graph's key set limits: 200 per minute per app, 300 per minute per tenant)"
      : f.rateLimit && [f.rateLimit].flat().map((l) => `rate-limit ${l.requests} per ${l.perMs} ms${l.scope === 'app' ? ' per app' : ''}`).join(', '),
    f.timeScale !== undefined && f.timeScale !== 1 && `time ${f.timeScale}x faster`,
    f.errors && `errors at rate ${f.errors.rate} (${f.errors.statuses?.join(', ') ?? '429, 500, 502, 503, 504'})`,
    f.latencyMs !== undefined && `latency ${Array.isArray(f.latencyMs) ? f.latencyMs.join('-') : f.latencyMs} ms`,
  ];
  return parts.filter(Boolean).join(', ') || 'none';
}

const port = (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) > 65535) throw new InvalidArgumentError(`--port must be a port number from 0 to 65535 (got "${v}")`);
  return Number(v);
};

function keySetsFrom(path: string): Record<string, FakeKey[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InvalidArgumentError(`--key-sets must be a readable JSON file (${(e as Error).message})`);
  }
  const ok = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && Object.values(parsed).every((keys) => Array.isArray(keys) && keys.every((k) => typeof k?.kid === 'string'));
  if (!ok) throw new InvalidArgumentError('--key-sets must hold {"<keySetId>": [{"kid": "…", "status": "enabled", …}, …]}');
  return parsed as Record<string, FakeKey[]>;
}

export function mockCommand(cli: Cli): Command {
  const { out, err } = cli;
  return new Command('mock')
    .description('serve the stateful, contract-checking fake Graph over HTTP until Ctrl-C')
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)', port)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(new Option('--fault <fault>', `inject faults, repeatable: ${FORMS}`).argParser(parseFault))
    .option('--seed <n>', 'seed of the random faults, to replay a run', (v) => {
      if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`--seed must be a whole number (got "${v}")`);
      return Number(v);
    })
    .option('--key-sets <file>', 'JSON file of the key sets to serve (default: the documentation\'s example)')
    .action(async function (this: Command) {
      const flags = this.optsWithGlobals<Flags & { port?: number; host: string; fault?: FaultOptions; seed?: number; keySets?: string }>();
      const keySets = flags.keySets ? keySetsFrom(cli.path(flags.keySets)) : undefined;
      const { createFakeGraph } = await loadTestKit();
      const graph = createFakeGraph({
        ...(keySets ? { keySets } : {}),
        faults: { ...flags.fault, ...(flags.seed !== undefined ? { seed: flags.seed } : {}) },
      });
      // Listening for Ctrl-C and SIGTERM before the URL is printed: whoever reads the URL may stop us at once.
      const stopped = cli.io.stopRequested?.() ?? new Promise<void>(() => {});
      const url = await graph.listen({ port: flags.port, host: flags.host });
      const faults = flags.fault ?? {};
      if (flags.json) out(JSON.stringify({ url, seed: graph.seed, faults }));
      // The fake wants a bearer token, as Graph does, but takes any: say so, or the first call fails for lack of one.
      else out(`Fake Graph (tfkey/testing) listening on ${url}\nfaults: ${describeFaults(faults)}; seed ${graph.seed}; Ctrl-C to stop\nany bearer token is accepted, e.g. GRAPH_TOKEN=test tfkey --base-url ${url} list`);
      await stopped;
      await graph.close();
      const { requests, violations } = graph;
      const statuses: Record<string, number> = {};
      for (const r of requests) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (flags.json) out(JSON.stringify({ requests: requests.length, statuses, violations }));
      else {
        out(`stopped: ${requests.length} request(s) (${Object.entries(statuses).map(([s, n]) => `${n}× ${s}`).join(', ') || 'none'}), ${violations.length} contract violation(s)`);
        for (const v of violations) err(`  ${v.method} ${v.path} → ${v.status}: ${v.message}`);
      }
    });
}
