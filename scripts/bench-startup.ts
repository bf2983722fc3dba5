// `npm run bench:startup`: how long the tfkey command takes to start, as a whole process — `tfkey --dry-run
// set-status …` (parse, check, build the request, print it: no network) against `node -e 0` — from the built bin.
// Paired runs, alternating which goes first, so that drift in the machine's load hits both alike; the result is the
// median of the per-pair differences. A script, not a test: this machine is shared and noisy.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPackage } from './build.js';
import { median } from './lib/stats.js';
import { root } from './lib/spec.js';

export const STARTUP_BUDGET_MS = 60;
const COMMAND = ['--dry-run', 'set-status', 'B2C_1A_TokenSigningKeyContainer', 'aTREvwojOB9ph3fr2r6eTf_5eD5fmQsfsapVMwYI3o', 'disabled'];

export interface Startup {
  runs: number;
  bareMs: number;
  tfkeyMs: number;
  /** Median of the per-pair differences, ms. */
  overMs: number;
}

function timed(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, GRAPH_TOKEN: 'bench-token' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

export async function benchStartup(runs = 41): Promise<Startup> {
  if (!existsSync(join(root, 'dist/cli.js'))) await buildPackage();
  const bin = join(root, 'bin/tfkey.js');
  const bare: number[] = [];
  const tfkey: number[] = [];
  for (let i = 0; i < 3; i++) timed(['-e', '0']), timed([bin, ...COMMAND]); // warm the file cache
  for (let i = 0; i < runs; i++) {
    if (i % 2) bare.push(timed(['-e', '0'])), tfkey.push(timed([bin, ...COMMAND]));
    else tfkey.push(timed([bin, ...COMMAND])), bare.push(timed(['-e', '0']));
  }
  return { runs, bareMs: median(bare), tfkeyMs: median(tfkey), overMs: median(tfkey.map((t, i) => t - bare[i]!)) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '41' } } });
  const s = await benchStartup(Number(values.runs));
  console.log(`tfkey --dry-run set-status, whole process: ${s.tfkeyMs.toFixed(0)} ms vs node -e 0 ${s.bareMs.toFixed(0)} ms: +${s.overMs.toFixed(0)} ms (median of ${s.runs} paired differences; budget +${STARTUP_BUDGET_MS} ms)`);
}
