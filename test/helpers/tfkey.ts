// Runs the real tfkey command (the built CLI, test/helpers/dist.ts) as a child process, asynchronously: a server the
// test runs in this same thread can answer it. Its stdout and stderr are kept whole, for exact assertions.
import { spawn } from 'node:child_process';
import { root } from '../../scripts/lib/spec.js';
import { cliInvocation } from './dist.js';

export interface TfkeyRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface TfkeyOptions {
  /** Added to the environment; undefined removes a variable. GRAPH_TOKEN and the proxy variables start unset. */
  env?: Record<string, string | undefined>;
  /** Options for node itself, before the CLI's path (e.g. --import). */
  node?: string[];
  cwd?: string;
  /** Standard input; empty by default. */
  input?: string;
}

const UNSET = ['GRAPH_TOKEN', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];

export function runTfkey(args: string[], options: TfkeyOptions = {}): Promise<TfkeyRun> {
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

/**
 * A runTfkey that starts from `defaults` (options given per call win, environments merge) and keeps every stdout and
 * stderr in `outputs`, for an afterAll that checks no secret was ever printed.
 */
export function recordingTfkey(outputs: string[], defaults: TfkeyOptions = {}): (args: string[], options?: TfkeyOptions) => Promise<TfkeyRun> {
  return async (args, options = {}) => {
    const r = await runTfkey(args, { ...defaults, ...options, env: { ...defaults.env, ...options.env } });
    outputs.push(r.stdout, r.stderr);
    return r;
  };
}
