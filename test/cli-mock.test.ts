// tfkey --mock runs against the test kit's fake in-process (stateful, no Prism), and `tfkey mock` serves the fake
// over HTTP until Ctrl-C, with faults, for tools that cannot inject a fetch.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { root } from '../scripts/lib/spec.js';
import { mockGraph } from '../src/cli/context.js';
import { main } from '../src/cli/main.js';
import { parseFault } from '../src/cli/commands/mock.js';
import { cliInvocation, ensureBuilt } from './helpers/dist.js';

const SET = 'B2C_1A_TokenSigningKeyContainer';
const KID = 'aTREvwojOB9ph3fr2r6eTf_5eD5fmQsfsapVMwYI3o';
const dir = mkdtempSync(join(tmpdir(), 'tfkey-mock-'));
beforeAll(() => ensureBuilt());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs main() in this process and returns what it printed to stdout. */
async function inProcess(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  try {
    return { code: await main(args), stdout };
  } finally {
    spy.mockRestore();
  }
}

describe('--mock', () => {
  it('set-status then get, in one process, shows the change: the fake keeps state', async () => {
    expect(await inProcess(['--mock', 'set-status', SET, KID, 'disabled'])).toEqual({ code: 0, stdout: `Key ${KID} in ${SET} is now disabled.\n` });
    const got = await inProcess(['--mock', '--json', 'get', SET, KID]);
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ kid: KID, status: 'disabled' });
    await inProcess(['--mock', 'set-status', SET, KID, 'enabled']);
    expect(JSON.parse((await inProcess(['--mock', '--json', 'get', SET, KID])).stdout)).toMatchObject({ status: 'enabled' });
  });

  it('an unknown kid is the fake’s Graph-style 404, exit 1', async () => {
    const r = await inProcess(['--mock', '--json', 'get', SET, 'nope']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({ name: 'GraphError', status: 404, code: 'AADB2C' });
  });

  it('input is checked before the mock is touched', async () => {
    const before = mockGraph().requests.length;
    expect((await inProcess(['--mock', '--json', 'set-status', SET, '..', 'disabled'])).code).toBe(2);
    expect(mockGraph().requests.length).toBe(before);
  });

  it('--mock with --base-url is refused', async () => {
    expect((await inProcess(['--mock', '--base-url', 'https://graph.microsoft.com/beta', '--json', 'get', SET, KID])).code).toBe(2);
  });
});

describe('--fault', () => {
  it.each([
    { value: 'rate-limit=10/1000', faults: { rateLimit: { requests: 10, perMs: 1000 } } },
    { value: 'errors=0.2', faults: { errors: { rate: 0.2 } } },
    { value: 'errors=0.5:503,429', faults: { errors: { rate: 0.5, statuses: [503, 429] } } },
    { value: 'errors=1', faults: { errors: { rate: 1 } } },
    { value: 'latency=20', faults: { latencyMs: 20 } },
    { value: 'latency=0-20', faults: { latencyMs: [0, 20] } },
  ])('$value', ({ value, faults }) => {
    expect(parseFault(value)).toEqual(faults);
  });
  it('adds to what earlier --fault flags set', () => {
    expect(parseFault('latency=5', parseFault('errors=0.1'))).toEqual({ errors: { rate: 0.1 }, latencyMs: 5 });
  });
  it.each(['rate-limit=0/1000', 'rate-limit=10', 'errors=1.5', 'errors=0.2:50', 'latency=20-10', 'jitter=5', 'errors'])('refuses %s, listing the forms', (value) => {
    expect(() => parseFault(value)).toThrow('--fault must be one of rate-limit=<requests>/<ms>, errors=<rate>[:<status>,…], latency=<ms> or latency=<min>-<max>');
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
    expect(r.stdout).toContain('stopped: 3 request(s), 1 contract violation(s)');
    expect(r.stderr).toContain('PATCH /trustFramework/keySets/B2C_1A_Mine/keys_v2/k1 → 400: body.status must be equal to one of the allowed values');
  });

  it('--fault errors=1:503 makes every request a 503 with Retry-After; --json prints the URL and seed', async () => {
    const m = await serve(['--json', '--fault', 'errors=1:503', '--seed', '3']);
    const res = await fetch(`${m.url}/trustFramework/keySets/${SET}/keys_v2/${KID}`, { headers: { authorization: 'Bearer t' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    const r = await m.stop();
    const [first, last] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(first).toMatchObject({ url: m.url, seed: 3 });
    expect(last).toEqual({ requests: 1, violations: [] });
  });
});
