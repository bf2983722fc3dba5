// `npm run bench:startup`: how long the tfkey command takes to start, as a whole process — `tfkey --dry-run
// set-status …` (parse, check, read the key set for the guard from a server on 127.0.0.1, print the verdict and the
// request) against `node -e 0` — from the built bin, as a user's commands run after their first: from the compile
// cache the first one wrote (bin/compile-cache.cjs; kept in a folder of the benchmark's own). The same command with
// the cache off is measured too: a user's very first command, or TFKEY_COMPILE_CACHE=off.
// Paired runs, alternating which goes first, so that drift in the machine's load hits both alike; the result is the
// median of the per-pair differences. A script, not a test: this machine is shared and noisy.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
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
  /** `--dry-run set-status` with the compile cache off. */
  uncachedMs: number;
  uncachedOverMs: number;
}

function timed(args: string[], cache: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, GRAPH_TOKEN: 'bench-token', TFKEY_COMPILE_CACHE: cache }, stdio: ['ignore', 'ignore', 'pipe'] });
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
  const cache = mkdtempSync(join(tmpdir(), 'tfkey-bench-cache-'));
  const bare: number[] = [];
  const tfkey: number[] = [];
  const gets: number[] = [];
  const uncached: number[] = [];
  const round = [() => timed(['-e', '0'], cache), () => timed(args, cache), () => timed(get, cache), () => timed(args, 'off')];
  const into = [bare, tfkey, gets, uncached];
  try {
    for (let i = 0; i < 3; i++) for (const run of round) await run(); // warm the file cache, and write the compile cache
    for (let i = 0; i < runs; i++) {
      // Alternating the order, so that drift in the machine's load hits every kind alike.
      const order = i % 2 ? [0, 1, 2, 3] : [3, 2, 1, 0];
      for (const k of order) into[k]!.push(await round[k]!());
    }
  } finally {
    server.close();
    rmSync(cache, { recursive: true, force: true });
  }
  const over = (xs: number[]) => median(xs.map((t, i) => t - bare[i]!));
  return { runs, bareMs: median(bare), tfkeyMs: median(tfkey), overMs: over(tfkey), getMs: median(gets), getOverMs: over(gets), uncachedMs: median(uncached), uncachedOverMs: over(uncached) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '41' } } });
  const s = await benchStartup(Number(values.runs));
  console.log(`tfkey --dry-run set-status (reads the key set from 127.0.0.1), whole process: ${s.tfkeyMs.toFixed(0)} ms vs node -e 0 ${s.bareMs.toFixed(0)} ms: +${s.overMs.toFixed(0)} ms (median of ${s.runs} paired differences; budget +${STARTUP_BUDGET_MS} ms)`);
  console.log(`tfkey --dry-run get (sends nothing), whole process: ${s.getMs.toFixed(0)} ms: +${s.getOverMs.toFixed(0)} ms`);
  console.log(`tfkey --dry-run set-status with the compile cache off (a first command), whole process: ${s.uncachedMs.toFixed(0)} ms: +${s.uncachedOverMs.toFixed(0)} ms`);
}
