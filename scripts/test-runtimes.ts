// `npm run test:runtimes`: the tests that judge what users run (scripts/runtimes/vitest.runtimes.ts) under every
// supported Node line besides the machine's: each version, pinned exactly, is installed from the npm registry's
// `node` package into node_modules/.cache/tfkey-runtimes/ (outside the tracked files; kept between runs), and the
// tests run under its binary. One line per version (version, passed, failed, time); exit 1 if any failed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib/spec.js';

/** The newest release of each supported line the registry serves (npm view node versions), pinned. */
export const RUNTIMES = ['22.23.3', '24.21.0', '26.10.0'];
const cache = join(root, 'node_modules/.cache/tfkey-runtimes');

/** The node binary of `version`, installed into the cache when it is not there yet. */
function nodeOf(version: string): string {
  const dir = join(cache, `node-${version}`);
  const bin = join(dir, 'node_modules/.bin/node');
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `runtime-${version}`, private: true }));
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `node@${version}`], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0 || !existsSync(bin)) throw new Error(`could not install node@${version}: ${r.stderr}`);
  }
  const v = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (v !== `v${version}`) throw new Error(`node@${version} installed, but it says ${v}`);
  return bin;
}

interface Outcome {
  version: string;
  passed: number;
  failed: number;
  seconds: number;
  output: string;
}

function testsUnder(version: string): Promise<Outcome> {
  const started = performance.now();
  let node: string;
  try {
    node = nodeOf(version);
  } catch (e) {
    return Promise.resolve({ version, passed: 0, failed: 1, seconds: 0, output: (e as Error).message });
  }
  const vitest = join(root, 'node_modules/vitest/vitest.mjs');
  return new Promise((resolve) => {
    // The tests' own children (the CLI's bin, the installed package) run under this node too: it leads PATH.
    const env = { ...process.env, PATH: `${join(node, '..')}:${process.env.PATH}`, NO_COLOR: '1' };
    const child = spawn(node, [vitest, 'run', '--config', 'scripts/runtimes/vitest.runtimes.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('close', (code) => {
      const m = [...output.matchAll(/^(\d+) passed, (\d+) failed/gm)].at(-1);
      const passed = Number(m?.[1] ?? 0);
      // A run with no closing line, or one that exits non-zero with no failure counted, counts as one failure.
      const failed = m ? Math.max(Number(m[2]), code === 0 ? 0 : 1) : 1;
      resolve({ version, passed, failed, seconds: (performance.now() - started) / 1000, output });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv.slice(2);
  const versions = only.length ? RUNTIMES.filter((v) => only.some((o) => v.startsWith(o))) : RUNTIMES;
  const outcomes: Outcome[] = [];
  // One version at a time: each run already uses both cores.
  for (const v of versions) outcomes.push(await testsUnder(v));
  console.log(`\nruntime  ${'passed'.padStart(7)}  ${'failed'.padStart(7)}  time`);
  for (const o of outcomes) console.log(`node ${o.version.padEnd(8)}  ${String(o.passed).padStart(7)}  ${String(o.failed).padStart(7)}  ${o.seconds.toFixed(1)} s`);
  for (const o of outcomes.filter((x) => x.failed)) console.log(`\nnode ${o.version} failed:\n${o.output.slice(-6000)}`);
  const total = outcomes.reduce((a, o) => ({ passed: a.passed + o.passed, failed: a.failed + o.failed }), { passed: 0, failed: 0 });
  console.log(`\n${total.passed} passed, ${total.failed} failed`);
  process.exit(total.failed ? 1 : 0);
}
