// The checks of every `npm test`: generated/ drift, spec lint, the divergence ledger, the package packed from a clean
// copy (whose build becomes dist/ for the tests and whose tarball the package test installs), and, on that build,
// the public API reports. In npm test they are tests of the run (test/checks.test.ts), beside the other files;
// `npm run checks` runs them on their own, in two lanes, one per core — the spec's checks in a child process, the
// pack and the API reports here — each check a function call, not a process of its own. Output is printed per
// check, in order, with its time; any failure fails.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, specPath } from './lib/spec.js';

interface Result {
  name: string;
  ok: boolean;
  output: string;
  seconds: number;
}

// Each check loads its tools when it runs: a lane pays only for its own (the generators and Spectral take seconds).
// `run` names a vitest run, whose files share one pack (see packForRun); without it, the pack is made afresh.
export const CHECKS: Record<string, (run?: string) => Promise<{ ok: boolean; output: string }>> = {
  'check:generated': async () => {
    const { checkGenerated } = await import('./check-generated.js');
    const diff = await checkGenerated(join(root, 'generated'));
    return diff ? { ok: false, output: `generated/ is out of date with spec/ — run \`npm run generate\` and commit both together:\n${diff}` } : { ok: true, output: '' };
  },
  'lint:spec': async () => {
    const { formatFindings, lintSpec } = await import('./lib/lint.js');
    const errors = (await lintSpec(readFileSync(specPath, 'utf8'), 'spec/trustframework-keys-v2.yaml')).filter((f) => f.severity === 'error');
    return { ok: errors.length === 0, output: errors.length ? `${formatFindings('spec/trustframework-keys-v2.yaml', errors)}\n${errors.length} lint error(s)` : '' };
  },
  'spec:conformance': async () => (await import('./spec-conformance.js')).checkConformance(),
  // `npm pack` of a clean copy of the working tree, whose prepack builds: the build checked here is the package's,
  // installed as dist/ for the tests, and its tarball is the one the package test installs.
  pack: async (run) => {
    const { packForRun } = await import('./lib/pack.js');
    try {
      await packForRun(run);
    } catch (e) {
      // npm's and tsc's own report of what failed.
      return { ok: false, output: `${(e as { output?: string }).output ?? ''}${e instanceof Error ? e.message : String(e)}` };
    }
    return { ok: true, output: '' };
  },
  'api:check': async (run) => {
    // On the pack's build: made by the pack check of this run, or waited for while it is made.
    if (run) await (await import('./lib/pack.js')).packForRun(run);
    return (await import('./api-report.js')).checkApiReports();
  },
};

/** The lanes; a check that fails stops the rest of its lane only where they depend on it (the API reports need the build). */
export const LANES = [['check:generated', 'lint:spec', 'spec:conformance'], ['pack', 'api:check']];

async function runLane(names: string[]): Promise<Result[]> {
  const results: Result[] = [];
  for (const name of names) {
    const started = performance.now();
    let r: { ok: boolean; output: string };
    if (name === 'api:check' && results.some((x) => x.name === 'pack' && !x.ok)) r = { ok: false, output: 'not run: the build failed' };
    else {
      try {
        r = await CHECKS[name]!();
      } catch (e) {
        r = { ok: false, output: e instanceof Error ? (e.stack ?? e.message) : String(e) };
      }
    }
    results.push({ name, ...r, seconds: (performance.now() - started) / 1000 });
  }
  return results;
}

function laneInChild(lane: number): Promise<Result[]> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts/checks.ts'), '--lane', String(lane)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out) as Result[]);
      } catch {
        resolve(LANES[lane]!.map((name) => ({ name, ok: false, output: `the lane's process exited ${code}: ${err || out}`, seconds: 0 })));
      }
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lane = process.argv.indexOf('--lane');
  if (lane > 0) {
    process.stdout.write(JSON.stringify(await runLane(LANES[Number(process.argv[lane + 1])]!)));
  } else {
    const started = performance.now();
    const [spec, build] = await Promise.all([laneInChild(0), runLane(LANES[1]!)]);
    const results = [...spec, ...build];
    for (const r of results) {
      process.stdout.write(`${r.ok ? '✓' : '✗'} ${r.name} (${r.seconds.toFixed(1)} s)\n`);
      if (!r.ok) process.stdout.write(`${r.output.trim()}\n\n`);
    }
    process.stdout.write(`checks: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    process.exit(results.every((r) => r.ok) ? 0 : 1);
  }
}
