// The key jobs under Graph-like throttling: 100 status changes across 100 key sets against a local server with a
// token bucket (25 requests/s, burst 25, whole-second Retry-After from the bucket, 20 ms latency) — the test kit's
// fake, served by `tfkey mock` in a process of its own. Four ways: `tfkey apply` at its default settings,
// applyKeyStatusChanges at its defaults, a naive Promise.all of updateKeyStatus, and a sequential loop.
// Wall time is compared with the theoretical minimum: the successful requests the run needed beyond the burst,
// divided by the rate.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createKeysClient } from '../src/index.js';
import { applyKeyStatusChanges, planKeyStatusChanges, type KeyStatusPlan } from '../src/jobs/index.js';
import { root } from './lib/spec.js';

const SETS = 100;
const RATE = 25; // per second, and the burst
const LATENCY_MS = 20;
const cli = join(root, 'bin/tfkey.cjs');

export interface ApplyBenchRow {
  way: string;
  wallSeconds: number;
  minimumSeconds: number;
  ratio: number;
  requests: number;
  throttled: number;
  throttledShare: number;
  failures: number;
}

async function mockServer(keySetsFile: string): Promise<{ url: string; stop(): Promise<Record<string, number>> }> {
  const child = spawn(process.execPath, [cli, '--json', 'mock', '--key-sets', keySetsFile, '--fault', `rate-limit=${RATE}/1000`, '--fault', `latency=${LATENCY_MS}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const it = lines[Symbol.asyncIterator]();
  const url = (JSON.parse((await it.next()).value as string) as { url: string }).url;
  return {
    url,
    async stop() {
      child.kill('SIGINT');
      const summary = JSON.parse((await it.next()).value as string) as { statuses: Record<string, number> };
      return summary.statuses;
    },
  };
}

function runCli(args: string[]): Promise<number> {
  return new Promise((resolve) => spawn(process.execPath, [cli, ...args], { stdio: 'ignore', env: { ...process.env, GRAPH_TOKEN: 'bench' } }).once('exit', (code) => resolve(code ?? 1)));
}

export async function benchApply(): Promise<ApplyBenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tfkey-bench-apply-'));
  try {
    const keySets = Object.fromEntries(Array.from({ length: SETS }, (_, i) => [`B2C_1A_Bench${i}`, [{ kid: 'rotate-me', status: 'enabled' }, { kid: `keep-${i}`, status: 'enabled' }]]));
    const keySetsFile = join(dir, 'key-sets.json');
    writeFileSync(keySetsFile, JSON.stringify(keySets));
    const targets = Object.keys(keySets).map((keySetId) => ({ keySetId, kid: 'rotate-me', status: 'disabled' as const }));
    // The plan is made once, against a server of its own, and not measured.
    const planner = await mockServer(keySetsFile);
    const plan: KeyStatusPlan = await planKeyStatusChanges(createKeysClient({ token: 'bench', baseUrl: planner.url }), targets);
    await planner.stop();
    const planFile = join(dir, 'plan.json');
    writeFileSync(planFile, JSON.stringify(plan));

    const ways: [string, (url: string) => Promise<number>][] = [
      ['tfkey apply (defaults)', (url) => runCli(['--base-url', url, 'apply', planFile]).then((code) => (code === 0 ? 0 : 1))],
      ['applyKeyStatusChanges (defaults)', async (url) => (await applyKeyStatusChanges(createKeysClient({ token: 'bench', baseUrl: url }), plan)).counts.failed],
      ['Promise.all(updateKeyStatus)', async (url) => {
        const client = createKeysClient({ token: 'bench', baseUrl: url });
        const settled = await Promise.allSettled(targets.map((t) => client.updateKeyStatus({ keySetId: t.keySetId, keyId: t.kid, status: t.status })));
        return settled.filter((s) => s.status === 'rejected').length;
      }],
      ['sequential loop', async (url) => {
        const client = createKeysClient({ token: 'bench', baseUrl: url });
        let failures = 0;
        for (const t of targets) await client.updateKeyStatus({ keySetId: t.keySetId, keyId: t.kid, status: t.status }).catch(() => failures++);
        return failures;
      }],
    ];
    const rows: ApplyBenchRow[] = [];
    for (const [way, run] of ways) {
      const server = await mockServer(keySetsFile);
      const t0 = performance.now();
      const failures = await run(server.url);
      const wallSeconds = (performance.now() - t0) / 1000;
      const statuses = await server.stop();
      const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
      const throttled = statuses['429'] ?? 0;
      const minimumSeconds = Math.max(0, requests - throttled - RATE) / RATE;
      rows.push({ way, wallSeconds, minimumSeconds, ratio: wallSeconds / minimumSeconds, requests, throttled, throttledShare: throttled / requests, failures });
      rmSync(`${planFile}.journal`, { force: true });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function applyTable(rows: ApplyBenchRow[]): string {
  const head = ['way', 'wall', 'minimum', 'ratio (≤ 1.2x)', 'requests', 'throttled (≤ 10 %)', 'failures (0)'];
  const cells = rows.map((r) => [r.way, `${r.wallSeconds.toFixed(1)} s`, `${r.minimumSeconds.toFixed(1)} s`, `${r.ratio.toFixed(2)}x`, String(r.requests), `${r.throttled} (${(100 * r.throttledShare).toFixed(1)} %)`, String(r.failures)]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  return [head, ...cells].map((c) => c.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await benchApply();
  console.log(`tfkey apply bench — ${SETS} changes across ${SETS} key sets; bucket ${RATE}/s, burst ${RATE}, ${LATENCY_MS} ms latency\n${applyTable(rows)}`);
}
