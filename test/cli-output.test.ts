// What tfkey prints, to the character, where people and scripts read it: the help of every command, usage errors,
// dry runs, Graph's refusals with their ids, the proxy in use, and the Azure identity path (through stand-ins for
// @azure/identity). The CLI runs in this process; a sign-in runs the built CLI in a child process, as a user's does,
// where the package is imported for real.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityModule } from '../src/cli/azure-identity.js';
import { ensureBuilt } from './helpers/dist.js';
import { answersListing, graphErrorBody, KEY_SET, send, startServer, type TestServer } from './helpers/server.js';
import { recordingTfkey } from './helpers/tfkey.js';

const TOKEN = 'cli-output-secret-token';
const withToken = { env: { GRAPH_TOKEN: TOKEN } };
// @azure/identity, stood in for: in a process, by module hooks that make its import load a stand-in of
// fixtures/fake-identity (the whole path, import included); in this process, as the module the io hands the CLI.
const identity = (standIn: string) => ({ env: { TFKEY_TEST_IDENTITY: standIn }, node: ['--import', fileURLToPath(new URL('./fixtures/fake-identity/register.mjs', import.meta.url))] });
const STAND_INS = {
  // Never answers and ignores its abort signal, as a stalled managed-identity probe does.
  hangs: { DefaultAzureCredential: class { getToken = () => new Promise<never>(() => {}); } },
  // Cannot sign in, as on a machine with no Azure identity at all.
  fails: {
    DefaultAzureCredential: class {
      getToken = async () => {
        throw Object.assign(new Error('DefaultAzureCredential failed to retrieve a token from the included credentials.'), { name: 'CredentialUnavailableError' });
      };
    },
  },
  // Where @azure/identity should be, without DefaultAzureCredential (a wrong or broken install).
  empty: { version: '0.0.0' },
};
/** The io that hands the CLI `module` where @azure/identity is imported. */
const installed = (module: object) => ({ io: { azureIdentity: async () => module as IdentityModule } });
const outputs: string[] = [];
const run = recordingTfkey(outputs);

let graph: TestServer;
beforeAll(async () => {
  await ensureBuilt();
  graph = await startServer((req, res) => {
    if (answersListing(req, res)) return; // what set-status reads before a change
    const kid = req.path.split('/').pop();
    if (kid === 'refused') return send(res, 404, graphErrorBody('Request_ResourceNotFound', 'no such key', 'req-1', 'crid-1'));
    if (kid === 'no-code') return send(res, 500, JSON.stringify({ error: { message: 'something broke' } }));
    if (kid === 'wait') return send(res, 503, graphErrorBody('ServiceUnavailable', 'busy', 'req-2'), { 'retry-after': '2.5' });
    if (req.method === 'PATCH') return send(res, 204);
    if (kid === 'bare') return send(res, 200, JSON.stringify({ kid }));
    send(res, 200, JSON.stringify({ kid, status: 'enabled', use: 'sig', kty: 'RSA', nbf: 1704067200, exp: 1767225600, x5t: 'thumb' }));
  });
});
afterAll(async () => {
  await graph.close();
  for (const o of outputs) expect(o).not.toContain(TOKEN);
});
const base = () => ['--base-url', `${graph.url}/beta`];

describe.concurrent('help', () => {
  it.each(['', 'set-status', 'get', 'list', 'check', 'plan', 'apply', 'mock'])('tfkey %s --help is the help on record', async (command) => {
    const r = await run([...(command ? [command] : []), '--help']);
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot(`./__snapshots__/help/${command || 'tfkey'}.txt`);
  });

  it('tfkey help <command> is the same help', async () => {
    const [a, b] = await Promise.all([run(['help', 'plan']), run(['plan', '--help'])]);
    expect(a).toEqual({ ...b, code: 0 });
  });

  it('no command: the help on stderr and a usage error, exit 2; with --json, one JSON document', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: tfkey \[options\] \[command\]\n/);
    expect(r.stderr.endsWith('\ntfkey: a command is required (tfkey --help lists them)\n')).toBe(true);
    const json = await run(['--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({ error: { name: 'UsageError', code: 'commander.help', message: 'a command is required (tfkey --help lists them)' } });
  });
});

describe.concurrent('usage errors', () => {
  it.each([
    { args: ['--max-retries', '1x'], says: `option '--max-retries <n>' argument '1x' is invalid. --max-retries must be a whole number (got "1x")` },
    { args: ['--max-retries', 'x1'], says: `option '--max-retries <n>' argument 'x1' is invalid. --max-retries must be a whole number (got "x1")` },
    { args: ['--timeout', '5.5'], says: `option '--timeout <ms>' argument '5.5' is invalid. --timeout must be a whole number (got "5.5")` },
    { args: ['--max-retries', '11', '--dry-run'], says: 'RequestValidationError: maxRetries must be an integer from 0 to 10 (got 11)' },
    { args: ['--mock', '--base-url', 'https://graph.microsoft.com/beta'], says: 'choose one of --mock and --base-url' },
  ])('$args: exit 2, one line naming the flag and what it takes', async ({ args, says }) => {
    const r = await run([...args, 'get', KEY_SET, 'k'], withToken);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `tfkey: ${says}\n` });
  });

  it('whole numbers of several digits are taken', async () => {
    const r = await run(['--max-retries', '10', '--timeout', '250', '--dry-run', 'get', KEY_SET, 'k']);
    expect(r.code).toBe(0);
  });
});

describe.concurrent('--mock', () => {
  it('answers whatever the cloud: the fake serves at the endpoint the client was given', async () => {
    const r = await run(['--mock', '--cloud', 'usgov', '--json', 'get', 'B2C_1A_TokenSigningKeyContainer', 'aTREvwojOB9ph3fr2r6eTf_5eD5fmQsfsapVMwYI3o']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kid: 'aTREvwojOB9ph3fr2r6eTf_5eD5fmQsfsapVMwYI3o' });
  });
});

describe.concurrent('dry run', () => {
  it('a GET: the request line, its headers, no body, and that nothing was sent; the global cloud by default', async () => {
    const r = await run(['--dry-run', 'get', KEY_SET, 'k']);
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, '<uuid>')).toBe(
      `GET https://graph.microsoft.com/beta/trustFramework/keySets/${KEY_SET}/keys_v2/k\nclient-request-id: <uuid>\nauthorization: Bearer <redacted>\n\n(dry run: nothing was sent)\n`,
    );
  });

  it('a PATCH with --json: one document with the body', async () => {
    const r = await run([...base(), '--dry-run', '--json', 'set-status', KEY_SET, 'spare-1', 'enabled'], withToken);
    expect(JSON.parse(r.stdout)).toMatchObject({ dryRun: true, method: 'PATCH', body: { status: 'enabled' }, headers: { authorization: 'Bearer <redacted>', 'content-type': 'application/json' } });
  });
});

describe.concurrent('get', () => {
  it('prints the key one field a line, dates in UTC', async () => {
    const r = await run([...base(), 'get', KEY_SET, 'full'], withToken);
    expect(r).toEqual({
      code: 0,
      stdout: 'kid        full\nstatus     enabled\nuse        sig\nkty        RSA\nnot before 2024-01-01T00:00:00Z\nexpires    2026-01-01T00:00:00Z\nx5t        thumb\n',
      stderr: '',
    });
  });

  it('a field Graph left out is "-"', async () => {
    const r = await run([...base(), 'get', KEY_SET, 'bare'], withToken);
    expect(r.stdout).toBe('kid        bare\nstatus     -\nuse        -\nkty        -\nnot before -\nexpires    -\nx5t        -\n');
  });
});

describe.concurrent('Graph refuses', () => {
  it('text: status, code and message, then each id Graph gave, exit 1', async () => {
    const r = await run([...base(), 'get', KEY_SET, 'refused'], withToken);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Graph refused the request: 404 Request_ResourceNotFound: no such key\n  request-id: req-1\n  client-request-id: crid-1\n  date: 2019-04-05T13:33:16\n',
    });
  });

  it('--json: the error’s fields, without the raw body', async () => {
    const r = await run([...base(), '--json', 'get', KEY_SET, 'refused'], withToken);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      error: { name: 'GraphError', status: 404, code: 'Request_ResourceNotFound', message: 'no such key', requestId: 'req-1', clientRequestId: 'crid-1', date: '2019-04-05T13:33:16' },
    });
  });

  it('an error without a code says so by leaving it out', async () => {
    const r = await run([...base(), '--max-retries', '0', 'get', KEY_SET, 'no-code'], withToken);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('Graph refused the request: 500: something broke');
  });

  it('a fractional Retry-After is shown rounded up to whole seconds', async () => {
    const r = await run([...base(), '--max-retries', '0', 'set-status', KEY_SET, 'wait', 'disabled'], withToken);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("\n  retry-after: 3 s (Graph's wait before trying again)\n");
    // --max-retries 0 is taken: one request, no wait.
    expect(graph.requests.filter((q) => q.path.endsWith('/wait'))).toHaveLength(1);
  });
});

describe.concurrent('proxy', () => {
  const PROXY = 'http://user:p4ss@proxy.invalid:3128';
  it.each(['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])('%s is used, and --verbose says so with the password hidden', async (name) => {
    const r = await run(['--verbose', '--dry-run', 'get', KEY_SET, 'k'], { env: { [name]: PROXY } });
    expect(r.stderr).toBe(`proxy: http://***@proxy.invalid:3128 (from ${name})\n`);
  });

  it('HTTPS_PROXY comes before HTTP_PROXY, and NO_PROXY (or no_proxy) is shown', async () => {
    const upper = await run(['--verbose', '--dry-run', 'get', KEY_SET, 'k'], { env: { HTTP_PROXY: 'http://a.invalid', HTTPS_PROXY: 'http://b.invalid', NO_PROXY: 'localhost' } });
    expect(upper.stderr).toBe('proxy: http://b.invalid (from HTTPS_PROXY; NO_PROXY localhost)\n');
    const lower = await run(['--verbose', '--dry-run', 'get', KEY_SET, 'k'], { env: { http_proxy: 'http://a.invalid', no_proxy: '.corp' } });
    expect(lower.stderr).toBe('proxy: http://a.invalid (from http_proxy; NO_PROXY .corp)\n');
  });

  it('without --verbose nothing is said', async () => {
    const r = await run(['--dry-run', 'get', KEY_SET, 'k'], { env: { HTTPS_PROXY: PROXY } });
    expect(r.stderr).toBe('');
  });
});

describe.concurrent('Azure identity (a stand-in for @azure/identity)', () => {
  it('signs in for the .default scope of the cloud, with an abort signal, when no token is given', async () => {
    const r = await run.spawn([...base(), 'set-status', KEY_SET, 'signed-in', 'disabled'], identity('signs-in'));
    // Asked before each request: the key set's listing (the guard's read), then the change.
    expect(r).toMatchObject({ code: 0, stderr: 'stand-in credential: https://graph.microsoft.com/.default, abortSignal true\n'.repeat(2) });
    const sent = graph.requests.find((q) => q.path.endsWith('/signed-in'));
    expect(sent!.headers.authorization).toBe('Bearer stand-in-token');
  });

  it('one credential serves the run: made once, asked before each request', async () => {
    let made = 0;
    const asked: string[] = [];
    const counting = {
      DefaultAzureCredential: class {
        constructor() {
          made += 1;
        }
        getToken = async (scopes: string) => (asked.push(scopes), { token: 'stand-in-token', expiresOnTimestamp: Date.now() + 3_600_000 });
      },
    };
    const r = await run([...base(), 'set-status', KEY_SET, 'one-credential', 'disabled'], installed(counting));
    expect(r.code, r.stderr).toBe(0);
    // The guard's read of the key set, then the change: two requests, one sign-in source.
    expect(asked).toEqual(['https://graph.microsoft.com/.default', 'https://graph.microsoft.com/.default']);
    expect(made).toBe(1);
  });

  it('a credential that hangs is ended by --timeout', async () => {
    const r = await run([...base(), '--timeout', '200', '--max-retries', '0', 'get', KEY_SET, 'hangs'], installed(STAND_INS.hangs));
    expect(r).toMatchObject({ code: 1, stderr: 'tfkey: TimeoutError: no token within 200 ms\n' });
    expect(graph.requests.some((q) => q.path.endsWith('/hangs'))).toBe(false);
  });

  it('a credential that cannot sign in is exit 2 with its reason, in text and in JSON', async () => {
    const r = await run([...base(), 'get', KEY_SET, 'fails'], installed(STAND_INS.fails));
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'tfkey: AuthenticationError: could not get a token for https://graph.microsoft.com/.default\n' +
        '  cause: CredentialUnavailableError: DefaultAzureCredential failed to retrieve a token from the included credentials.\n',
    });
    const json = await run([...base(), '--json', '--cloud', 'china', 'get', KEY_SET, 'fails'], installed(STAND_INS.fails));
    expect(JSON.parse(json.stdout)).toEqual({
      error: {
        name: 'AuthenticationError',
        message: 'could not get a token for https://microsoftgraph.chinacloudapi.cn/.default',
        cause: { name: 'CredentialUnavailableError', message: 'DefaultAzureCredential failed to retrieve a token from the included credentials.' },
      },
    });
  });

  it('a module without DefaultAzureCredential is exit 2, saying how to get a token', async () => {
    const r = await run([...base(), 'get', KEY_SET, 'empty'], installed(STAND_INS.empty));
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'tfkey: AuthenticationError: @azure/identity has no DefaultAzureCredential: pass --token or set GRAPH_TOKEN, or install @azure/identity (npm install @azure/identity) to sign in with Azure identity\n',
    });
  });
});

describe('help on a terminal', () => {
  const helpOn = async (stream: 'stdout' | 'stderr', terminal: { isTTY?: boolean; columns?: number }) => {
    let text = '';
    const sink = { write: (s: string) => (text += s) };
    const other = { write: () => true };
    const { run: runCli } = await import('../src/cli/main.js');
    // --help goes to stdout; a missing command prints the help on stderr.
    const code = await runCli(stream === 'stdout' ? ['--help'] : [], { stdout: stream === 'stdout' ? { ...sink, ...terminal } : other, stderr: stream === 'stderr' ? { ...sink, ...terminal } : other, env: {} });
    return { code, widest: Math.max(...text.split('\n').map((l) => l.length)), text };
  };

  it.each(['stdout', 'stderr'] as const)('on %s: a terminal’s width, else 80 (a pipe, or a terminal that gives none)', async (stream) => {
    const piped = await helpOn(stream, {});
    const wide = await helpOn(stream, { isTTY: true, columns: 200 });
    // Wrapped at 80 on a pipe (the pinned help), unwrapped on a wide terminal.
    expect(wide.text).not.toBe(piped.text);
    expect(wide.text.replace(/\s+/g, ' ')).toBe(piped.text.replace(/\s+/g, ' '));
    for (const other of [{ columns: 200 }, { isTTY: true }, { isTTY: false, columns: 200 }]) expect((await helpOn(stream, other)).text, JSON.stringify(other)).toBe(piped.text);
    expect(wide.text).not.toMatch(/\x1b\[/);
  });
});
