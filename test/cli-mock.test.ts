// tfkey --mock runs against the test kit's fake in-process (stateful, no Prism), and `tfkey mock` serves the fake
// over HTTP until Ctrl-C, with faults, for tools that cannot inject a fetch.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../scripts/lib/spec.js';
import { run } from '../src/cli/main.js';
import { createFakeGraph } from '../src/testing/index.js';
import { cliInvocation, ensureBuilt } from './helpers/dist.js';
import { runTfkey, type TfkeyRun } from './helpers/tfkey.js';

const SET = 'B2C_1A_TokenSigningKeyContainer';
const KID = 'aTREvwojOB9ph3fr2r6eTf_5eD5fmQsfsapVMwYI3o';
const dir = mkdtempSync(join(tmpdir(), 'tfkey-mock-'));
const serving = new Set<ChildProcess>();
const servingHere = new Set<() => Promise<unknown>>();
beforeAll(() => ensureBuilt());
afterAll(async () => {
  // A test that failed before stopping its `tfkey mock` leaves nothing running.
  for (const child of serving) child.kill('SIGKILL');
  await Promise.all([...servingHere].map((stop) => stop()));
  rmSync(dir, { recursive: true, force: true });
});

/** Runs tfkey commands one after another in one process (through a small driver) and returns each one's outcome. */
function oneProcess(...commands: string[][]): { code: number; stdout: string }[] {
  const cli = cliInvocation();
  const driver = fileURLToPath(new URL('./fixtures/cli-one-process.mjs', import.meta.url));
  const r = spawnSync(process.execPath, [driver, cli.module, JSON.stringify(commands)], { cwd: root, env: { ...process.env, ...cli.env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

/**
 * Runs one tfkey command in-process. A `tfkey mock` that should have refused its input but serves instead (a mutant,
 * say) is asked to stop at once, as Ctrl-C would, rather than left running.
 */
const tfkey = (args: string[]): Promise<TfkeyRun> => runTfkey(args, { io: { stopRequested: () => Promise.resolve() } });

interface Served {
  url: string;
  stop(signal?: NodeJS.Signals): Promise<TfkeyRun>;
}

/** Starts `tfkey mock` in-process, waits for its URL, and stops it as Ctrl-C would when done. */
async function serve(args: string[]): Promise<Served> {
  let stdout = '';
  let stderr = '';
  let requestStop!: () => void;
  const stopRequested = new Promise<void>((resolve) => (requestStop = resolve));
  let printed!: (url: string) => void;
  const url = new Promise<string>((resolve) => (printed = resolve));
  const done = run(['mock', ...args], {
    stdout: {
      write: (s: string) => {
        stdout += s;
        const m = /(http:\/\/127\.0\.0\.1:\d+\/beta)/.exec(stdout) ?? /"url":"([^"]+)"/.exec(stdout);
        if (m) printed(m[1]!);
      },
    },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd: dir,
    stopRequested: () => stopRequested,
  });
  const stop = async () => {
    requestStop();
    return { code: await done, stdout, stderr };
  };
  servingHere.add(stop);
  return { url: await Promise.race([url, done.then((code) => Promise.reject(new Error(`tfkey mock exited ${code}: ${stderr}`)))]), stop };
}

/** Starts `tfkey mock` as a process, waits for its URL, and stops it with a signal (SIGINT by default) when done. */
async function serveProcess(args: string[]): Promise<Served> {
  const cli = cliInvocation();
  const child = spawn(process.execPath, [...cli.args, 'mock', ...args], { cwd: root, env: { ...process.env, ...cli.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  serving.add(child);
  child.once('exit', () => serving.delete(child));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      stdout += `${line}\n`;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/beta)/.exec(line) ?? /"url":"([^"]+)"/.exec(line);
      if (m) resolve(m[1]!);
    });
    child.once('exit', () => reject(new Error(`tfkey mock exited: ${stderr}`)));
  });
  const stop = (signal: NodeJS.Signals = 'SIGINT') =>
    new Promise<TfkeyRun>((resolve) => {
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
      child.kill(signal);
    });
  return { url, stop };
}

describe('--mock', () => {
  it('runs handed one fake share its state: set-status then get shows the change', async () => {
    const graph = createFakeGraph({ keySets: { [SET]: [{ kid: KID, status: 'enabled' }, { kid: 'other', status: 'enabled' }] } });
    const io = { mockGraph: () => graph };
    expect(await runTfkey(['--mock', 'set-status', SET, KID, 'disabled'], { io })).toEqual({ code: 0, stdout: `Key ${KID} in ${SET} is now disabled.\n`, stderr: `note: other becomes the active key of ${SET} (was ${KID})\n` });
    expect(JSON.parse((await runTfkey(['--mock', '--json', 'get', SET, KID], { io })).stdout)).toMatchObject({ kid: KID, status: 'disabled' });
    // A run with no fake handed in gets a new one: the documentation's example key set and key.
    expect(JSON.parse((await runTfkey(['--mock', '--json', 'get', SET, KID])).stdout)).toMatchObject({ kid: KID, status: 'enabled' });
  });

  it('set-status then get, in one process, shows the change: the fake keeps state (a process)', () => {
    const [set, got, back, again] = oneProcess(
      // The default key set's only key: disabling it needs --force.
      ['--mock', 'set-status', SET, KID, 'disabled', '--force'],
      ['--mock', '--json', 'get', SET, KID],
      ['--mock', 'set-status', SET, KID, 'enabled'],
      ['--mock', '--json', 'get', SET, KID],
    );
    expect(set).toEqual({ code: 0, stdout: `Key ${KID} in ${SET} is now disabled.\n` });
    expect(got!.code).toBe(0);
    expect(JSON.parse(got!.stdout)).toMatchObject({ kid: KID, status: 'disabled' });
    expect(back!.code).toBe(0);
    expect(JSON.parse(again!.stdout)).toMatchObject({ status: 'enabled' });
  });

  it('an unknown kid is the fake’s Graph-style 404, exit 1', async () => {
    const r = await tfkey(['--mock', '--json', 'get', SET, 'nope']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({ name: 'GraphError', status: 404, code: 'AADB2C' });
  });

  it('--mock with --base-url is refused', async () => {
    const r = await tfkey(['--mock', '--base-url', 'https://graph.microsoft.com/beta', '--json', 'get', SET, KID]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ error: { name: 'UsageError', code: 'tfkey.usage', message: 'choose one of --mock and --base-url' } });
  });
});

describe('--fault', () => {
  it.each([
    'rate-limit=0/1000',
    'rate-limit=1/0',
    'rate-limit=10',
    'rate-limit=x1/2',
    'rate-limit=1/2x',
    'errors=1.5',
    'errors=01',
    'errors=0.2:50',
    'errors=0.2:5000',
    'errors=0.2:500,',
    'latency=20-10',
    'latency=5-',
    'latency=-5',
    'latency=5/10',
    'rate-limit=graphs',
    'time-scale=0',
    'time-scale=-1',
    'time-scale=x',
    'jitter=5',
    'errors',
  ])('refuses %s, listing the forms, exit 2', async (value) => {
    const r = await tfkey(['mock', '--fault', value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--fault must be one of rate-limit=<requests>/<ms>, rate-limit=graph, time-scale=<n>, errors=<rate>[:<status>,…], latency=<ms> or latency=<min>-<max>');
  });
  it.each([
    ['--port 65536', 'tfkey: option \'--port <n>\' argument \'65536\' is invalid. --port must be a port number from 0 to 65535 (got "65536")'],
    ['--port x80', 'tfkey: option \'--port <n>\' argument \'x80\' is invalid. --port must be a port number from 0 to 65535 (got "x80")'],
    ['--port 80x', 'tfkey: option \'--port <n>\' argument \'80x\' is invalid. --port must be a port number from 0 to 65535 (got "80x")'],
    ['--seed -1', 'tfkey: option \'--seed <n>\' argument \'-1\' is invalid. --seed must be a whole number (got "-1")'],
    ['--seed 1.5', 'tfkey: option \'--seed <n>\' argument \'1.5\' is invalid. --seed must be a whole number (got "1.5")'],
  ])('refuses %s, exit 2', async (flag, says) => {
    expect(await tfkey(['mock', ...flag.split(' ')])).toEqual({ code: 2, stdout: '', stderr: `${says}\n` });
  });

  it.each([
    ['missing.json', null, '--key-sets must be a readable JSON file (ENOENT'],
    ['not-json.json', '{"a":', '--key-sets must be a readable JSON file ('],
    ['array.json', '[]', '--key-sets must hold {"<keySetId>": [{"kid": "…", "status": "enabled", …}, …]}'],
    ['number.json', '5', '--key-sets must hold'],
    ['string.json', '"B2C_1A_X"', '--key-sets must hold'],
    ['null.json', 'null', '--key-sets must hold'],
    ['not-a-list.json', '{"B2C_1A_X": {"kid": "k"}}', '--key-sets must hold'],
    ['kid-not-a-string.json', '{"B2C_1A_X": [{"kid": 1}]}', '--key-sets must hold'],
    ['no-kid.json', '{"B2C_1A_X": [null]}', '--key-sets must hold'],
    ['one-bad-set.json', '{"B2C_1A_X": [{"kid": "k"}], "B2C_1A_Y": "k"}', '--key-sets must hold'],
    ['one-bad-key.json', '{"B2C_1A_X": [{"kid": "k"}, {"kid": 2}]}', '--key-sets must hold'],
  ])('refuses --key-sets %s, exit 2, before serving', async (name, content, says) => {
    const file = join(dir, name);
    if (content !== null) writeFileSync(file, content);
    const r = await tfkey(['mock', '--key-sets', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(`tfkey: ${says}`)).toBe(true);
  });
});

describe('tfkey mock', () => {
  it('serves the fake over HTTP until Ctrl-C, keeps state, and sums up with the violations (a process)', async () => {
    const keySets = join(dir, 'keys.json');
    writeFileSync(keySets, JSON.stringify({ B2C_1A_Mine: [{ kid: 'k1', status: 'enabled' }] }));
    const m = await serveProcess(['--key-sets', keySets, '--fault', 'latency=1']);
    const key = `${m.url}/trustFramework/keySets/B2C_1A_Mine/keys_v2/k1`;
    const auth = { authorization: 'Bearer t', 'content-type': 'application/json' };
    expect((await fetch(key, { method: 'PATCH', headers: auth, body: '{"status":"disabled"}' })).status).toBe(204);
    expect(await (await fetch(key, { headers: auth })).json()).toMatchObject({ kid: 'k1', status: 'disabled' });
    expect((await fetch(key, { method: 'PATCH', headers: auth, body: '{"status":"off"}' })).status).toBe(400);
    const r = await m.stop();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('stopped: 3 request(s) (1× 200, 1× 204, 1× 400), 1 contract violation(s)');
    expect(r.stderr).toContain('PATCH /trustFramework/keySets/B2C_1A_Mine/keys_v2/k1 → 400: body.status must be equal to one of the allowed values');
  });

  it.each([
    { args: [], says: 'none' },
    { args: ['--fault', 'rate-limit=12/1000', '--fault', 'errors=0.25'], says: 'rate-limit 12 per 1000 ms, errors at rate 0.25 (429, 500, 502, 503, 504)' },
    { args: ['--fault', 'errors=1.00:429,503', '--fault', 'latency=5-5'], says: 'errors at rate 1 (429, 503), latency 5-5 ms' },
    { args: ['--fault', 'errors=0.5', '--fault', 'errors=0:500', '--fault', 'latency=0'], says: 'errors at rate 0 (500), latency 0 ms' },
  ])('says which faults it injects: $says', async ({ args, says }) => {
    const m = await serve([...args, '--seed', '42']);
    const r = await m.stop();
    expect(r.stdout.split('\n')[1]).toBe(`faults: ${says}; seed 42; Ctrl-C to stop`);
    expect(r.stdout.split('\n')[2]).toBe(`any bearer token is accepted, e.g. GRAPH_TOKEN=test tfkey --base-url ${m.url} list`);
  });

  it('--port and --host are where it listens; SIGTERM stops it as Ctrl-C does (a process)', async () => {
    const free = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const m = await serveProcess(['--port', String(free), '--host', '127.0.0.1']);
    expect(m.url).toBe(`http://127.0.0.1:${free}/beta`);
    const r = await m.stop('SIGTERM');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('stopped: 0 request(s) (none), 0 contract violation(s)');
  });

  it('--json prints the faults as options of createFakeGraph', async () => {
    const m = await serve(['--json', '--fault', 'rate-limit=1/1', '--fault', 'errors=0.1:500', '--fault', 'latency=10-20']);
    const r = await m.stop();
    expect(JSON.parse(r.stdout.split('\n')[0]!).faults).toEqual({ rateLimit: { requests: 1, perMs: 1 }, errors: { rate: 0.1, statuses: [500] }, latencyMs: [10, 20] });
  });

  it('--fault rate-limit=1/60000 throttles the second request with Graph’s 429 and a whole-second Retry-After', async () => {
    const m = await serve(['--fault', 'rate-limit=1/60000']);
    const url = `${m.url}/trustFramework/keySets/${SET}/keys_v2/${KID}`;
    expect((await fetch(url, { headers: { authorization: 'Bearer t' } })).status).toBe(200);
    const throttled = await fetch(url, { headers: { authorization: 'Bearer t' } });
    expect([throttled.status, throttled.headers.get('retry-after')]).toEqual([429, '60']);
    await m.stop();
  });

  it('--fault rate-limit=graph serves Graph’s key set limits: 200 requests of an app at once, then 429', async () => {
    const m = await serve(['--fault', 'rate-limit=graph']);
    const url = `${m.url}/trustFramework/keySets/${SET}/keys_v2/${KID}`;
    const t0 = performance.now();
    const statuses = await Promise.all(Array.from({ length: 220 }, () => fetch(url, { headers: { authorization: 'Bearer t' } }).then((r) => r.status)));
    // The burst is 200; the bucket refills 200 a minute (one each 0.3 s) while the requests arrive.
    const refilled = Math.ceil((performance.now() - t0) / 300);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(200);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(200 + refilled);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect((await m.stop()).stdout).toContain("faults: rate-limit graph (Graph's key set limits: 200 per minute per app, 300 per minute per tenant);");
  });

  it('--fault time-scale=60 runs the limits a minute a second, and says so', async () => {
    const m = await serve(['--json', '--fault', 'rate-limit=graph', '--fault', 'time-scale=60']);
    expect(JSON.parse((await m.stop()).stdout.split('\n')[0]!).faults).toEqual({ rateLimit: 'graph', timeScale: 60 });
    const text = await serve(['--fault', 'rate-limit=1/1000', '--fault', 'time-scale=2.5']);
    expect((await text.stop()).stdout).toContain('faults: rate-limit 1 per 1000 ms, time 2.5x faster;');
  });

  it('--fault latency=150 delays each answer', async () => {
    const m = await serve(['--fault', 'latency=150']);
    const t0 = performance.now();
    await fetch(`${m.url}/trustFramework/keySets/${SET}/keys_v2/${KID}`, { headers: { authorization: 'Bearer t' } });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    await m.stop();
  });

  it('--fault errors=1:503 makes every request a 503 with Retry-After; --json prints the URL and seed', async () => {
    const m = await serve(['--json', '--fault', 'errors=1:503', '--seed', '3']);
    const res = await fetch(`${m.url}/trustFramework/keySets/${SET}/keys_v2/${KID}`, { headers: { authorization: 'Bearer t' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    const r = await m.stop();
    const [first, last] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(first).toMatchObject({ url: m.url, seed: 3 });
    expect(last).toEqual({ requests: 1, statuses: { 503: 1 }, violations: [] });
  });
});
