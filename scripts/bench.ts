// `npm run bench`: per-call overhead against raw fetch, bundle size, cold import time, the pre-flight
// validation's throughput, and the key jobs under throttling (scripts/bench-apply.ts). A script, not a test: numbers on a shared machine are noisy, so it interleaves rounds
// and reports medians and ratios from one run. Prints a table and writes .bench/results.json.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createClient, createConfig } from '../generated/hey-api/client/index.js';
import { updateTrustFrameworkKeyV2 } from '../generated/hey-api/sdk.gen.js';
import { updateTrustFrameworkKeyV2Body } from '../generated/validators.js';
import { createKeysClient } from '../src/index.js';
import { check } from '../src/client/validate.js';
import { applyTable, benchApply } from './bench-apply.js';
import { benchThrottle, throttleTable } from './bench-throttle.js';
import { buildPackage } from './build.js';
import { ENTRIES, SIZE_BUDGET_BYTES, SIZE_TARGET_BYTES, bundleSize } from './lib/size.js';
import { root } from './lib/spec.js';
import { median } from './lib/stats.js';
import { benchStartup, STARTUP_BUDGET_MS } from './bench-startup.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '30' }, calls: { type: 'string', default: '200' } } });
const ROUNDS = Number(values.rounds);
const CALLS = Number(values.calls);

// The server runs in its own process, so that it does not share an event loop with what is measured.
async function startServer(): Promise<{ url: string; stop(): void }> {
  const code = `require('http').createServer((q, s) => { q.resume(); q.on('end', () => { s.writeHead(204); s.end(); }); })
    .listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => child.stdout!.once('data', (d) => resolve(String(d).trim())));
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

async function perCall(): Promise<{ rawUs: number; clientUs: number; heyApiUs: number; ratio: number; roundRatio: number; heyApiRatio: number }> {
  const server = await startServer();
  const keys = createKeysClient({ token: 'bench-token', baseUrl: server.url });
  const hey = createClient(createConfig({ baseUrl: server.url }));
  const input = { keySetId: 'B2C_1A_TokenSigningKeyContainer', keyId: 'aTREvwojOB9ph3fr2r6eTf_5eD5fmQsfsapVMwYI3o', status: 'disabled' as const };
  const url = `${server.url}/trustFramework/keySets/${input.keySetId}/keys_v2/${input.keyId}`;
  // The same request by hand: what the client sends, without the client.
  const raw = async () => {
    const res = await fetch(url, {
      method: 'PATCH',
      headers: { authorization: 'Bearer bench-token', 'content-type': 'application/json', 'client-request-id': crypto.randomUUID() },
      body: JSON.stringify({ status: input.status }),
    });
    await res.arrayBuffer();
    if (res.status !== 204) throw new Error(`raw: ${res.status}`);
  };
  const client = () => keys.updateKeyStatus(input);
  // For scale: the generated SDK function on hey-api's client with the global fetch, and nothing of ours.
  const heyApi = async () => {
    const r = await updateTrustFrameworkKeyV2({
      client: hey,
      path: { keySetId: input.keySetId, kid: input.keyId },
      body: { status: input.status },
      headers: { authorization: 'Bearer bench-token', 'client-request-id': crypto.randomUUID() },
      parseAs: 'text',
    });
    if (r.response?.status !== 204) throw new Error('hey-api: not 204');
  };
  const time = async (f: () => Promise<void>) => {
    const t0 = performance.now();
    for (let i = 0; i < CALLS; i++) await f();
    return ((performance.now() - t0) * 1000) / CALLS;
  };
  for (let i = 0; i < 3; i++) await time(raw), await time(client), await time(heyApi); // warm-up: JIT, connection pool
  const raws: number[] = [];
  const clients: number[] = [];
  const heys: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate the order, so that drift in machine load hits all alike.
    if (r % 2) raws.push(await time(raw)), clients.push(await time(client)), heys.push(await time(heyApi));
    else heys.push(await time(heyApi)), clients.push(await time(client)), raws.push(await time(raw));
  }
  server.stop();
  const [rawUs, clientUs, heyApiUs] = [median(raws), median(clients), median(heys)];
  return { rawUs, clientUs, heyApiUs, ratio: clientUs / rawUs, roundRatio: median(clients.map((c, i) => c / raws[i]!)), heyApiRatio: heyApiUs / rawUs };
}

function coldImport(): { bareMs: number; emptyModuleMs: number; importMs: number; overheadMs: number; overEmptyModuleMs: number } {
  const dir = mkdtempSync(join(tmpdir(), 'tfkey-bench-'));
  const empty = join(dir, 'empty.mjs');
  writeFileSync(empty, '');
  const run = (code: string) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root });
    if (r.status !== 0) throw new Error(String(r.stderr));
    return performance.now() - t0;
  };
  const bare: number[] = [];
  const emptyImport: number[] = [];
  const withImport: number[] = [];
  for (let i = 0; i < 31; i++) {
    bare.push(run(''));
    emptyImport.push(run(`await import(${JSON.stringify(pathToFileURL(empty).href)})`));
    withImport.push(run("await import('./dist/index.js')"));
  }
  rmSync(dir, { recursive: true, force: true });
  const [b, e, w] = [median(bare), median(emptyImport), median(withImport)];
  return { bareMs: b, emptyModuleMs: e, importMs: w, overheadMs: w - b, overEmptyModuleMs: w - e };
}

function validationThroughput(): { validPerSec: number; invalidPerSec: number } {
  const rate = (body: unknown, throws: boolean) => {
    let n = 0;
    const until = performance.now() + 500;
    while (performance.now() < until) {
      for (let i = 0; i < 1000; i++) {
        try {
          check(updateTrustFrameworkKeyV2Body, body);
          if (throws) throw new Error('expected a refusal');
        } catch (e) {
          if (!throws) throw e;
        }
      }
      n += 1000;
    }
    return n * 2;
  };
  return { validPerSec: rate({ status: 'disabled' }, false), invalidPerSec: rate({ status: 'Enabled' }, true) };
}

await buildPackage();
const sizes = Object.fromEntries(await Promise.all(Object.entries(ENTRIES).map(async ([k, v]) => [k, await bundleSize(v)] as const)));
const call = await perCall();
const cold = coldImport();
const validation = validationThroughput();
const startup = await benchStartup();

const kb = (b: number) => `${(b / 1024).toFixed(2)} KB`;
const rows: [string, string, string][] = [
  ['updateKeyStatus per call (loopback)', `${call.clientUs.toFixed(0)} µs vs raw fetch ${call.rawUs.toFixed(0)} µs = ${call.ratio.toFixed(3)}x (median of per-round ratios ${call.roundRatio.toFixed(3)}x)`, '≤ 1.05x'],
  ['  hey-api SDK call alone, same request', `${call.heyApiUs.toFixed(0)} µs = ${call.heyApiRatio.toFixed(3)}x raw fetch`, ''],
  ['bundle, updateKeyStatus (min+gz)', `${kb(sizes.updateKeyStatus!.gzipped)} (${kb(sizes.updateKeyStatus!.minified)} min)`, `≤ ${kb(SIZE_TARGET_BYTES)} target; gate ${kb(SIZE_BUDGET_BYTES)}`],
  ['bundle, getKey (min+gz)', `${kb(sizes.getKey!.gzipped)} (${kb(sizes.getKey!.minified)} min)`, `≤ ${kb(SIZE_TARGET_BYTES)} target; gate ${kb(SIZE_BUDGET_BYTES)}`],
  ['  of which hey-api SDK + client alone', `${kb(sizes['hey-api SDK alone']!.gzipped)}`, ''],
  ['cold import of the package entry', `${cold.overheadMs.toFixed(1)} ms over a bare node start (${cold.bareMs.toFixed(0)} → ${cold.importMs.toFixed(0)} ms)`, '≤ 15 ms'],
  ['  over importing an empty module', `${cold.overEmptyModuleMs.toFixed(1)} ms (the ESM loader's own first-file cost left out)`, ''],
  ['tfkey --dry-run set-status, whole process', `+${startup.overMs.toFixed(0)} ms over node -e 0 (${startup.bareMs.toFixed(0)} → ${startup.tfkeyMs.toFixed(0)} ms, median of paired runs; reads the key set)`, `≤ +${STARTUP_BUDGET_MS} ms`],
  ['  tfkey --dry-run get (sends nothing)', `+${startup.getOverMs.toFixed(0)} ms over node -e 0`, ''],
  ['  tfkey --dry-run set-status, compile cache off (a first command)', `+${startup.uncachedOverMs.toFixed(0)} ms over node -e 0`, ''],
  ['pre-flight validation, valid body', `${(validation.validPerSec / 1e6).toFixed(2)} M checks/s`, ''],
  ['pre-flight validation, refused body', `${(validation.invalidPerSec / 1e6).toFixed(2)} M checks/s (builds the error)`, ''],
];
const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`tfkey bench — node ${process.version}, ${ROUNDS} rounds × ${CALLS} calls\n`);
console.log(`${'measure'.padEnd(w0)}  ${'result'.padEnd(w1)}  target`);
for (const r of rows) console.log(`${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2]}`);
const apply = await benchApply();
console.log(`\nkey jobs — 100 changes across 100 key sets against tfkey mock with a token bucket (25/s, burst 25, whole-second\nRetry-After) and 20 ms latency; minimum = successful requests beyond the burst ÷ rate\n${applyTable(apply)}`);
const throttle = await benchThrottle();
console.log(`\nthe throttle gate — callers one at a time and in bursts, Graph's key set budget, a 25/s bucket\n${throttleTable(throttle)}`);
mkdirSync(join(root, '.bench'), { recursive: true });
writeFileSync(join(root, '.bench/results.json'), `${JSON.stringify({ node: process.version, rounds: ROUNDS, calls: CALLS, perCall: call, sizes, coldImport: cold, startup, validation, apply, throttle }, null, 2)}\n`);
console.log('\nwritten to .bench/results.json');
