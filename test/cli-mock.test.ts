// tfkey --mock runs against the test kit's fake in-process (stateful, no Prism), and `tfkey mock` serves the fake
// over HTTP until Ctrl-C, with faults, for tools that cannot inject a fetch.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../scripts/lib/spec.js';
import { cliInvocation, ensureBuilt } from './helpers/dist.js';

const SET = 'B2C_1A_TokenSigningKeyContainer';
const KID = 'aTREvwojOB9ph3fr2r6eTf_5eD5fmQsfsapVMwYI3o';
const dir = mkdtempSync(join(tmpdir(), 'tfkey-mock-'));
beforeAll(() => ensureBuilt());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs tfkey commands one after another in one process (through a small driver) and returns each one's outcome. */
function oneProcess(...commands: string[][]): { code: number; stdout: string }[] {
  const cli = cliInvocation();
  const driver = fileURLToPath(new URL('./fixtures/cli-one-process.mjs', import.meta.url));
  const r = spawnSync(process.execPath, [driver, cli.module, JSON.stringify(commands)], { cwd: root, env: { ...process.env, ...cli.env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

/** Runs one tfkey command in its own process. */
function tfkey(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const cli = cliInvocation();
  const r = spawnSync(process.execPath, [...cli.args, ...args], { cwd: root, env: { ...process.env, ...cli.env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('--mock', () => {
  it('set-status then get, in one process, shows the change: the fake keeps state', () => {
    const [set, got, back, again] = oneProcess(
      ['--mock', 'set-status', SET, KID, 'disabled'],
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

  it('an unknown kid is the fake’s Graph-style 404, exit 1', () => {
    const r = tfkey(['--mock', '--json', 'get', SET, 'nope']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({ name: 'GraphError', status: 404, code: 'AADB2C' });
  });

  it('--mock with --base-url is refused', () => {
    expect(tfkey(['--mock', '--base-url', 'https://graph.microsoft.com/beta', '--json', 'get', SET, KID]).code).toBe(2);
  });
});

describe('--fault', () => {
  it.each(['rate-limit=0/1000', 'rate-limit=10', 'errors=1.5', 'errors=0.2:50', 'latency=20-10', 'jitter=5', 'errors'])('refuses %s, listing the forms, exit 2', (value) => {
    const r = tfkey(['mock', '--fault', value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--fault must be one of rate-limit=<requests>/<ms>, errors=<rate>[:<status>,…], latency=<ms> or latency=<min>-<max>');
  });
  it.each(['--port 70000', '--port x', '--seed -1'])('refuses %s, exit 2', (flag) => {
    expect(tfkey(['mock', ...flag.split(' ')]).code).toBe(2);
  });
});

describe('tfkey mock', () => {
  /** Starts `tfkey mock`, waits for its URL, and stops it with SIGINT when done. */
  async function serve(args: string[]) {
    const cli = cliInvocation();
    const child = spawn(process.execPath, [...cli.args, 'mock', ...args], { cwd: root, env: { ...process.env, ...cli.env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
    const stop = () =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        child.once('exit', (code) => resolve({ code, stdout, stderr }));
        child.kill('SIGINT');
      });
    return { url, stop };
  }

  it('serves the fake over HTTP until Ctrl-C, keeps state, and sums up with the violations', async () => {
    const keySets = join(dir, 'keys.json');
    writeFileSync(keySets, JSON.stringify({ B2C_1A_Mine: [{ kid: 'k1', status: 'enabled' }] }));
    const m = await serve(['--key-sets', keySets, '--fault', 'latency=1']);
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

  it('--fault rate-limit=1/60000 throttles the second request with Graph’s 429 and a whole-second Retry-After', async () => {
    const m = await serve(['--fault', 'rate-limit=1/60000']);
    const url = `${m.url}/trustFramework/keySets/${SET}/keys_v2/${KID}`;
    expect((await fetch(url, { headers: { authorization: 'Bearer t' } })).status).toBe(200);
    const throttled = await fetch(url, { headers: { authorization: 'Bearer t' } });
    expect([throttled.status, throttled.headers.get('retry-after')]).toEqual([429, '60']);
    await m.stop();
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
