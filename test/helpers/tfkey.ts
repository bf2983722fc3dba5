// Runs the tfkey command for tests. `runTfkey` calls the CLI's `run(argv, io)` in this process, with its own
// streams, environment, folder and standard input: no node start-up, milliseconds a run. `spawnTfkey` runs the real
// bin as a child process, for what only a process shows (exit status, signals, a terminal, the environment's proxies,
// module hooks). Both keep stdout and stderr whole, for exact assertions.
import { spawn } from 'node:child_process';
import { run, type CliIo } from '../../src/cli/main.js';
import { root } from '../../scripts/lib/spec.js';
import { cliInvocation } from './dist.js';

export interface TfkeyRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface TfkeyOptions {
  /** The environment, as given (undefined removes a variable). GRAPH_TOKEN and the proxy variables start unset. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Standard input; empty by default. */
  input?: string;
  /** In-process only: the rest of the io (fetch, now, mockGraph, stopRequested, a terminal's stderr). */
  io?: Partial<CliIo>;
}

export interface SpawnOptions extends Omit<TfkeyOptions, 'io'> {
  /** Options for node itself, before the CLI's path (e.g. --import). */
  node?: string[];
}

const UNSET = ['GRAPH_TOKEN', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];

/** tfkey in this process: the whole program with a test's io. */
export async function runTfkey(args: string[], options: TfkeyOptions = {}): Promise<TfkeyRun> {
  let stdout = '';
  let stderr = '';
  const env = Object.fromEntries(Object.entries(options.env ?? {}).filter(([, v]) => v !== undefined));
  const code = await run(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: async () => options.input ?? '',
    env,
    cwd: options.cwd ?? root,
    ...options.io,
  });
  return { code, stdout, stderr };
}

/** tfkey as a child process: the built bin, with the test process's environment less the token and proxies. */
export function spawnTfkey(args: string[], options: SpawnOptions = {}): Promise<TfkeyRun> {
  const cli = cliInvocation();
  const env = { ...process.env, ...Object.fromEntries(UNSET.map((k) => [k, undefined])), ...cli.env, ...options.env };
  const child = spawn(process.execPath, [...(options.node ?? []), ...cli.args, ...args], { cwd: options.cwd ?? root, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

const merged = <T extends { env?: Record<string, string | undefined> }>(defaults: T, options: T): T => ({ ...defaults, ...options, env: { ...defaults.env, ...options.env } });

/**
 * A runTfkey that starts from `defaults` (options given per call win, environments merge) and keeps every stdout and
 * stderr in `outputs`, for an afterAll that checks no secret was ever printed. `.spawn` does the same in a child.
 */
export function recordingTfkey(outputs: string[], defaults: TfkeyOptions = {}): ((args: string[], options?: TfkeyOptions) => Promise<TfkeyRun>) & { spawn: (args: string[], options?: SpawnOptions) => Promise<TfkeyRun> } {
  const record = (r: TfkeyRun) => (outputs.push(r.stdout, r.stderr), r);
  const inProcess = async (args: string[], options: TfkeyOptions = {}) => record(await runTfkey(args, merged(defaults, options)));
  const { io: _io, ...spawnDefaults } = defaults;
  return Object.assign(inProcess, { spawn: async (args: string[], options: SpawnOptions = {}) => record(await spawnTfkey(args, merged(spawnDefaults, options))) });
}
