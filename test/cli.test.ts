// tfkey against real servers on 127.0.0.1, in-process (run(argv, io)): output, exit codes, and that the token never
// shows. test/cli-process.test.ts runs the real bin for what only a process shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersListing, graphErrorBody, KEY_SET, KID, send, startServer, type TestServer } from './helpers/server.js';
import { ensureBuilt } from './helpers/dist.js';
import { recordingTfkey } from './helpers/tfkey.js';

const TOKEN = 'cli-secret-token-value';
const outputs: string[] = [];

const tfkey = recordingTfkey(outputs, { env: { GRAPH_TOKEN: TOKEN } });
const noToken = { env: { GRAPH_TOKEN: undefined } };

let graph: TestServer;
beforeAll(async () => {
  await ensureBuilt();
  // Key ids pick the behaviour: ok, missing (404), busy (503 once, then 204), hang (never answers).
  graph = await startServer((req, res) => {
    if (answersListing(req, res, [{ kid: 'spare', status: 'enabled' }, { kid: 'dry-1', status: 'enabled' }])) return; // what set-status reads before a change
    const kid = decodeURIComponent(req.path.split('/').pop()!);
    if (kid === 'missing') return send(res, 404, graphErrorBody('Request_ResourceNotFound', 'no such key', 'req-404', 'crid-404'));
    if (kid === 'busy' && !req.headers['retry-attempt']) return send(res, 503, graphErrorBody('ServiceUnavailable', 'busy'), { 'retry-after': '0.1' });
    if (kid === 'hang') return;
    if (req.method === 'PATCH') return send(res, 204);
    return send(res, 200, JSON.stringify({ kid, status: 'enabled', use: 'sig', kty: 'RSA', exp: 1767225600, nbf: 1704067200 }));
  });
});
afterAll(async () => {
  await graph.close();
  // Across every run above: the token was never printed.
  for (const o of outputs) expect(o).not.toContain(TOKEN);
});

const base = () => ['--base-url', `${graph.url}/beta`];
const sent = (kid: string) => graph.requests.filter((r) => r.path.endsWith(`/${kid}`));

describe.concurrent('tfkey', () => {
  it('--help lists the commands, options and exit codes', async () => {
    const r = await tfkey(['--help']);
    expect(r.code).toBe(0);
    for (const s of ['set-status [options] <keySetId> <keyId> <status>', 'get <keySetId> <keyId>', '--mock', '--dry-run', '--json', '--cloud', 'Exit codes: 0 success; 1']) expect(r.stdout).toContain(s);
  });

  it('set-status sends the PATCH and says what it did', async () => {
    const r = await tfkey([...base(), 'set-status', KEY_SET, 'ok-1', 'disabled']);
    expect(r).toMatchObject({ code: 0, stdout: `Key ok-1 in ${KEY_SET} is now disabled.\n` });
    const [req] = sent('ok-1');
    expect(req).toMatchObject({ method: 'PATCH', body: '{"status":"disabled"}' });
    expect(req!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('--json set-status prints one JSON object', async () => {
    const r = await tfkey([...base(), '--json', 'set-status', KEY_SET, 'ok-2', 'enabled']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ keySetId: KEY_SET, keyId: 'ok-2', status: 'enabled' });
  });

  it('get prints the key; --json prints it as JSON', async () => {
    const human = await tfkey([...base(), 'get', KEY_SET, 'ok-3']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/kid\s+ok-3\nstatus\s+enabled\n/);
    expect(human.stdout).toMatch(/expires\s+2026-01-01T00:00:00Z/);
    const json = await tfkey([...base(), '--json', 'get', KEY_SET, 'ok-3']);
    expect(JSON.parse(json.stdout)).toMatchObject({ kid: 'ok-3', status: 'enabled' });
  });

  it('a refusal exits 1 with status, code, message and request-id', async () => {
    const r = await tfkey([...base(), 'set-status', KEY_SET, 'missing', 'disabled']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Graph refused the request: 404 Request_ResourceNotFound: no such key');
    expect(r.stderr).toContain('request-id: req-404');
    const json = await tfkey([...base(), '--json', 'get', KEY_SET, 'missing']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).error).toMatchObject({ name: 'GraphError', status: 404, code: 'Request_ResourceNotFound', requestId: 'req-404' });
  });

  it.each([
    { name: 'a status in the wrong case', args: ['set-status', KEY_SET, 'bad-1', 'Enabled'], says: 'Allowed choices are enabled, disabled' },
    { name: 'unknownFutureValue (a sentinel, not a status to set)', args: ['set-status', KEY_SET, 'bad-2', 'unknownFutureValue'], says: 'Allowed choices are enabled, disabled' },
    { name: 'a ".." key id', args: ['set-status', KEY_SET, '..', 'disabled'], says: 'keyId must be one path segment' },
    { name: 'a missing argument', args: ['set-status', KEY_SET, 'bad-3'], says: "missing required argument 'status'" },
    { name: 'an unknown option', args: ['--force', 'get', KEY_SET, 'bad-4'], says: "unknown option '--force'" },
    { name: 'a non-numeric --max-retries', args: ['--max-retries', 'many', 'get', KEY_SET, 'bad-5'], says: '--max-retries must be a whole number' },
    { name: 'an unknown cloud', args: ['--cloud', 'mars', 'get', KEY_SET, 'bad-6'], says: 'Allowed choices are global, usgov, dod, china' },
  ])('bad usage exits 2 and sends nothing: $name', async ({ args, says }) => {
    const r = await tfkey([...base(), ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(says);
    // Each case names its own key id; the tests run concurrently against one server.
    const kid = args.find((a) => /^bad-|^\.\.$/.test(a))!;
    expect(graph.requests.filter((q) => q.path.includes(`/keys_v2/${kid}`) || q.path.endsWith(KEY_SET))).toEqual([]);
  });

  it('--dry-run prints the exact request with the token redacted, and sends nothing', async () => {
    const r = await tfkey([...base(), '--dry-run', 'set-status', KEY_SET, 'dry-1', 'disabled']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\nguard: ok: enabled → disabled; active key afterwards: spare\n(dry run: the key set was read; nothing was changed)\n');
    expect(r.stdout).toContain(`PATCH ${graph.url}/beta/trustFramework/keySets/${KEY_SET}/keys_v2/dry-1`);
    expect(r.stdout).toContain('authorization: Bearer <redacted>');
    expect(r.stdout).toMatch(/client-request-id: [0-9a-f-]{36}/);
    expect(r.stdout).toContain('{"status":"disabled"}');
    expect(sent('dry-1')).toHaveLength(0);
  });

  it('--token is sent as the bearer token and never printed', async () => {
    const r = await tfkey([...base(), '--token', TOKEN, '--verbose', 'set-status', KEY_SET, 'tok-1', 'enabled'], noToken);
    expect(r.code).toBe(0);
    expect(sent('tok-1')[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('--cloud picks the national endpoint (seen with --dry-run, --json)', async () => {
    const r = await tfkey(['--cloud', 'usgov', '--dry-run', '--json', 'get', KEY_SET, 'cloud-1']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      dryRun: true,
      method: 'GET',
      url: `https://graph.microsoft.us/beta/trustFramework/keySets/${KEY_SET}/keys_v2/cloud-1`,
      headers: { authorization: 'Bearer <redacted>' },
    });
  });

  it('--verbose shows each attempt and the retry wait on stderr', async () => {
    const r = await tfkey([...base(), '--verbose', 'set-status', KEY_SET, 'busy', 'enabled']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^→ GET .*\/keys_v2 \(attempt 1\)\n← 200 OK/);
    expect(r.stderr).toMatch(/→ PATCH .*\/busy \(attempt 1\)\n← 503 Service Unavailable/);
    expect(r.stderr).toMatch(/retry 1 in 0\.1 s after 503/);
    expect(r.stderr).toMatch(/→ PATCH .*\/busy \(attempt 2\)\n← 204 No Content/);
  });

  it('--timeout ends a hung call with exit 1', async () => {
    const r = await tfkey([...base(), '--timeout', '100', '--max-retries', '0', 'get', KEY_SET, 'hang']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('TimeoutError: no response within 100 ms');
  });

  // A process: whether @azure/identity resolves is node's module resolution, which the test runner's loader replaces.
  it('without a token and without @azure/identity it exits 2 and says how to get a token (a process)', async () => {
    const r = await tfkey.spawn([...base(), 'get', KEY_SET, 'no-token'], noToken);
    expect(r.code).toBe(2);
    // What to do, and not the loader's error: the package is simply not installed.
    expect(r.stderr).toBe('tfkey: AuthenticationError: no token: pass --token or set GRAPH_TOKEN, or install @azure/identity (npm install @azure/identity) to sign in with Azure identity\n');
    expect(sent('no-token')).toEqual([]);
  });

  it('--mock runs against the in-process fake, no credentials needed', async () => {
    const r = await tfkey(['--mock', 'set-status', KEY_SET, KID, 'enabled'], noToken);
    expect(r).toMatchObject({ code: 0, stdout: `Key ${KID} in ${KEY_SET} is now enabled.\n` });
  });
});
