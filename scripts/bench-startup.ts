// `npm run bench:startup`: how long the tfkey command takes to start, as a whole process — `tfkey --dry-run
// set-status …` (parse, check, read the key set for the guard from a server on 127.0.0.1, print the verdict and the
// request) against `node -e 0` — from the built bin.
// Paired runs, alternating which goes first, so that drift in the machine's load hits both alike; the result is the
// median of the per-pair differences. A script, not a test: this machine is shared and noisy.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPackage } from './build.js';
import { median } from './lib/stats.js';
import { root } from './lib/spec.js';

export const STARTUP_BUDGET_MS = 60;
const KID = 'aTREvwojOB9ph3fr2r6eTf_5eD5fmQsfsapVMwYI3o';
const command = (url: string) => ['--base-url', url, '--dry-run', 'set-status', 'B2C_1A_TokenSigningKeyContainer', KID, 'disabled'];

export interface Startup {
  runs: number;
  bareMs: number;
  tfkeyMs: number;
  /** Median of the per-pair differences, ms. */
  overMs: number;
  /** The same for `tfkey --dry-run get …`, which sends nothing at all: start-up alone. */
  getMs: number;
  getOverMs: number;
}

function timed(args: string[]): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, GRAPH_TOKEN: 'bench-token' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) =>
    child.once('close', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`)))),
  );
}

export async function benchStartup(runs = 41): Promise<Startup> {
  if (!existsSync(join(root, 'dist/cli.cjs'))) await buildPackage();
  // The key set the guard reads: two usable keys, so the change is allowed.
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: [{ kid: KID, status: 'enabled' }, { kid: 'next', status: 'enabled' }] })));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const args = [join(root, 'bin/tfkey.cjs'), ...command(`http://127.0.0.1:${(server.address() as AddressInfo).port}/beta`)];
  const get = [join(root, 'bin/tfkey.cjs'), '--dry-run', 'get', 'B2C_1A_TokenSigningKeyContainer', KID];
  const bare: number[] = [];
  const tfkey: number[] = [];
  const gets: number[] = [];
  try {
    for (let i = 0; i < 3; i++) await timed(['-e', '0']), await timed(args), await timed(get); // warm the file cache
    for (let i = 0; i < runs; i++) {
      if (i % 2) bare.push(await timed(['-e', '0'])), tfkey.push(await timed(args)), gets.push(await timed(get));
      else gets.push(await timed(get)), tfkey.push(await timed(args)), bare.push(await timed(['-e', '0']));
    }
  } finally {
    server.close();
  }
  const over = (xs: number[]) => median(xs.map((t, i) => t - bare[i]!));
  return { runs, bareMs: median(bare), tfkeyMs: median(tfkey), overMs: over(tfkey), getMs: median(gets), getOverMs: over(gets) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '41' } } });
  const s = await benchStartup(Number(values.runs));
  console.log(`tfkey --dry-run set-status (reads the key set from 127.0.0.1), whole process: ${s.tfkeyMs.toFixed(0)} ms vs node -e 0 ${s.bareMs.toFixed(0)} ms: +${s.overMs.toFixed(0)} ms (median of ${s.runs} paired differences; budget +${STARTUP_BUDGET_MS} ms)`);
  console.log(`tfkey --dry-run get (sends nothing), whole process: ${s.getMs.toFixed(0)} ms: +${s.getOverMs.toFixed(0)} ms`);
}
