// The client's throttle gate as real callers meet it (`npm run bench:throttle`, and rows of `npm run bench`):
// - one call at a time against a service that throttles each first attempt with a Retry-After that means "now";
// - 1,000 concurrent calls with one in ten throttled once (Retry-After: 0), against the same 1,000 unthrottled;
// - Graph's documented key set budget (the fake's 'graph' preset, run 60 times faster: a minute lasts a second),
//   a sequential loop and a Promise.all of 60 updates, fresh and after the app has used its minute's budget;
// - 300 updates at once at default settings against 25 requests/s (burst 25), with 20 ms latency and without.
// Wall times are compared with the bucket's minimum: the requests beyond what the bucket holds, divided by its rate.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createKeysClient, type KeysClient } from '../src/index.js';
import { createFakeGraph, type FaultOptions } from '../src/testing/index.js';
import { median } from './lib/stats.js';

const KEY_SET = 'B2C_1A_Bench';

export interface ThrottleBenchRow {
  case: string;
  result: string;
  target: string;
  met: boolean;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

/** A server that answers 204, except the first attempt of each path it is told to throttle. */
async function throttlingServer(throttle: (path: string) => { status: number; retryAfter: string } | undefined) {
  const seen = new Set<string>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = req.url!;
      const t = seen.has(path) ? undefined : throttle(path);
      seen.add(path);
      if (t) res.writeHead(t.status, { 'retry-after': t.retryAfter, 'content-type': 'application/json' }).end('{"error":{"code":"TooManyRequests","message":"slow down"}}');
      else res.writeHead(204).end();
    });
  });
  const url = await listen(server);
  return { url, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

const update = (client: KeysClient, i: number) => client.updateKeyStatus({ keySetId: KEY_SET, keyId: `k${i}`, status: 'disabled' });

async function sequentialNow(): Promise<ThrottleBenchRow[]> {
  const rows: ThrottleBenchRow[] = [];
  for (const retryAfter of ['0', '-1', 'Wed, 01 Jan 2020 00:00:00 GMT', 'soon']) {
    for (const status of [429, 503]) {
      const server = await throttlingServer(() => ({ status, retryAfter }));
      const client = createKeysClient({ token: 'bench', baseUrl: server.url });
      const ms: number[] = [];
      for (let i = 0; i < 30; i++) {
        const t0 = performance.now();
        await update(client, i);
        ms.push(performance.now() - t0);
      }
      await server.close();
      const worst = Math.max(...ms);
      rows.push({ case: `one at a time, each first attempt ${status} Retry-After: ${JSON.stringify(retryAfter)}`, result: `median ${median(ms).toFixed(1)} ms, worst ${worst.toFixed(1)} ms a call (30 calls); pace ${client.throttling.pacePerSecond ?? 'none'}`, target: '< 100 ms each', met: worst < 100 });
    }
  }
  return rows;
}

async function concurrentNow(): Promise<ThrottleBenchRow[]> {
  const run = async (throttleOneInTen: boolean) => {
    const server = await throttlingServer((path) => (throttleOneInTen && /k\d*0$/.test(path) ? { status: 429, retryAfter: '0' } : undefined));
    const client = createKeysClient({ token: 'bench', baseUrl: server.url });
    const t0 = performance.now();
    const settled = await Promise.allSettled(Array.from({ length: 1000 }, (_, i) => update(client, i)));
    const ms = performance.now() - t0;
    await server.close();
    return { ms, failures: settled.filter((s) => s.status === 'rejected').length };
  };
  const plain: number[] = [];
  const throttled: number[] = [];
  let failures = 0;
  for (let round = 0; round < 3; round++) {
    plain.push((await run(false)).ms);
    const t = await run(true);
    throttled.push(t.ms);
    failures += t.failures;
  }
  const ratio = median(throttled) / median(plain);
  return [{ case: '1,000 concurrent, one in ten throttled once (429, Retry-After: 0)', result: `${median(throttled).toFixed(0)} ms vs ${median(plain).toFixed(0)} ms unthrottled = ${ratio.toFixed(2)}x, ${failures} failures (median of 3)`, target: 'about 1x, 0 failures', met: ratio < 1.5 && failures === 0 }];
}

/** n updates against a fake with `faults`, as a sequential loop or all at once; `drained`: after the app's budget is used up. */
async function againstBucket(faults: FaultOptions, n: number, way: 'sequential' | 'Promise.all', drained = false) {
  const keys = Array.from({ length: n }, (_, i) => ({ kid: `k${i}`, status: 'enabled' as const }));
  const graph = createFakeGraph({ keySets: { [KEY_SET]: keys }, faults });
  const baseUrl = await graph.listen();
  try {
    // Another job of the same app (same token) uses the budget up: GETs until the first 429.
    const get = () => fetch(`${baseUrl}/trustFramework/keySets/${KEY_SET}/keys_v2/k0`, { headers: { authorization: 'Bearer bench' } }).then(async (r) => (await r.arrayBuffer(), r.status));
    while (drained && !(await Promise.all(Array.from({ length: 50 }, get))).includes(429));
    const client = createKeysClient({ token: 'bench', baseUrl });
    const t0 = performance.now();
    let failures = 0;
    if (way === 'sequential') for (let i = 0; i < n; i++) await update(client, i).catch(() => failures++);
    else failures = (await Promise.allSettled(keys.map((_, i) => update(client, i)))).filter((s) => s.status === 'rejected').length;
    const seconds = (performance.now() - t0) / 1000;
    const throttled = graph.requests.filter((r) => r.status === 429).length;
    return { seconds, failures, throttled, episodes: client.throttling.episodes };
  } finally {
    await graph.close();
  }
}

async function graphBudget(): Promise<ThrottleBenchRow[]> {
  const scale = 60;
  const perSecond = (200 / 60) * scale; // the app's budget, at 60 times faster
  const rows: ThrottleBenchRow[] = [];
  for (const way of ['sequential', 'Promise.all'] as const) {
    for (const drained of [false, true]) {
      // Fresh, the 60 fit in the burst of 200: no wait is needed, and the bar is 1.3x of the same loop unthrottled
      // (interleaved rounds, medians). After the app used its budget, the bucket's minimum is 60 at its rate.
      const runs: Awaited<ReturnType<typeof againstBucket>>[] = [];
      const plain: number[] = [];
      for (let round = 0; round < 5; round++) {
        if (!drained) plain.push((await againstBucket({}, 60, way)).seconds);
        runs.push(await againstBucket({ rateLimit: 'graph', timeScale: scale }, 60, way, drained));
      }
      const r = { ...runs[0]!, seconds: median(runs.map((x) => x.seconds)), failures: runs.reduce((a, x) => a + x.failures, 0), throttled: median(runs.map((x) => x.throttled)), episodes: median(runs.map((x) => x.episodes)) };
      const minimum = drained ? 60 / perSecond : median(plain);
      const ratio = r.seconds / minimum;
      rows.push({
        case: `Graph's key set budget ×${scale}: ${way} of 60 updates${drained ? ', after the app used its minute' : ', fresh bucket'}`,
        result: `${r.seconds.toFixed(2)} s vs ${drained ? 'bucket minimum' : 'unthrottled'} ${minimum.toFixed(2)} s = ${ratio.toFixed(2)}x; ${r.failures} failures in 5 runs; median ${r.throttled} throttled in ${r.episodes} episodes`,
        target: '≤ 1.3x, 0 failures',
        met: ratio <= 1.3 && r.failures === 0,
      });
    }
  }
  return rows;
}

async function threeHundredAtOnce(): Promise<ThrottleBenchRow[]> {
  const rows: ThrottleBenchRow[] = [];
  for (const latencyMs of [20, 0]) {
    const r = await againstBucket({ rateLimit: { requests: 25, perMs: 1000 }, ...(latencyMs ? { latencyMs } : {}) }, 300, 'Promise.all');
    const minimum = (300 - 25) / 25;
    const ratio = r.seconds / minimum;
    rows.push({
      case: `300 at once, defaults, 25/s burst 25${latencyMs ? `, ${latencyMs} ms latency` : ', bare bucket'}`,
      result: `${r.seconds.toFixed(1)} s vs minimum ${minimum.toFixed(1)} s = ${ratio.toFixed(2)}x; ${r.failures} failures, ${r.throttled} throttled in ${r.episodes} episodes`,
      target: '≤ 1.3x, 0 failures',
      met: ratio <= 1.3 && r.failures === 0,
    });
  }
  return rows;
}

export async function benchThrottle(): Promise<ThrottleBenchRow[]> {
  const only = process.env.BENCH_ONLY;
  const parts: [string, () => Promise<ThrottleBenchRow[]>][] = [["now", sequentialNow], ["concurrent", concurrentNow], ["graph", graphBudget], ["300", threeHundredAtOnce]];
  const rows: ThrottleBenchRow[] = [];
  for (const [name, part] of parts) if (!only || only === name) rows.push(...(await part()));
  return rows;
}

export function throttleTable(rows: ThrottleBenchRow[]): string {
  const w0 = Math.max(...rows.map((r) => r.case.length));
  const w1 = Math.max(...rows.map((r) => r.result.length));
  return rows.map((r) => `${r.case.padEnd(w0)}  ${r.result.padEnd(w1)}  ${r.target}${r.met ? '' : '  NOT MET'}`).join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`throttle bench — node ${process.version}\n${throttleTable(await benchThrottle())}`);
}
