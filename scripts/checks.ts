// The checks `npm test` runs before vitest, side by side: generated/ drift, spec lint, the divergence ledger and
// the build that the CLI and package tests use; then, on the build, the public API reports. Output is printed per
// check, in order; any failure fails.
import { spawn } from 'node:child_process';
import { root } from './lib/spec.js';

const CHECKS = ['check:generated', 'lint:spec', 'spec:conformance', 'build'];

function run(script: string): Promise<{ script: string; code: number; output: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '-s', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ script, code: code ?? 1, output, seconds: (performance.now() - started) / 1000 }));
  });
}

const results = await Promise.all(CHECKS.map(run));
// The API reports are read from the declarations the build wrote.
if (results.find((r) => r.script === 'build')?.code === 0) results.push(await run('api:check'));
for (const r of results) {
  process.stdout.write(`${r.code === 0 ? '✓' : '✗'} ${r.script} (${r.seconds.toFixed(1)} s)\n`);
  if (r.code !== 0) process.stdout.write(`${r.output.trim()}\n\n`);
}
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
