// npm test's type check (vitest --typecheck: the whole project, by TypeScript 7) starts with the run, not after it.
// Vitest starts its checker only once the last test file has finished, and then waits about 3 s on one core while
// the other idles. This global setup starts the same check at the beginning, at the lowest CPU priority, so that it
// runs in the gaps the test files leave; the checker vitest starts at the end (test/helpers/typecheck-checker.mjs)
// asks for its result here and replays it. Asked for another check (other options, another folder), it answers 409
// and the checker runs the compiler itself, as it does in a run without this setup.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { LEAN_TSC, nativeTscBinary } from '../../scripts/lib/native-tsc.js';

/** What the checker hands vitest: the compiler's output and exit code. */
export interface CheckResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** What a checker asks for: the options vitest gave it, in the folder vitest started it in. */
export interface CheckRequest {
  cwd: string;
  args: string[];
}

/**
 * The options that decide what tsc reports, from a checker's command line: vitest's own `--incremental` and
 * `--tsBuildInfoFile <file>` only say where tsc keeps its state between runs.
 */
export function reportingArgs(args: readonly string[]): string[] {
  return args.filter((a, i) => a !== '--incremental' && a !== '--tsBuildInfoFile' && args[i - 1] !== '--tsBuildInfoFile');
}

/** The options vitest will start its checker with (vitest's Typechecker.spawn), but for where it keeps state. */
export function vitestCheckArgs(config: { root: string; typecheck: { allowJs?: boolean; tsconfig?: string } }): string[] {
  return ['--noEmit', '--pretty', 'false', ...(config.typecheck.allowJs ? ['--allowJs', '--checkJs'] : []), ...(config.typecheck.tsconfig ? ['-p', resolve(config.root, config.typecheck.tsconfig)] : [])];
}

/** Lowest priority where the system has `nice`: the check takes only the CPU the tests leave. */
const NICE = ['/usr/bin/nice', '/bin/nice'].find((p) => existsSync(p));

/**
 * Runs tsc with `args` in `cwd` now, and serves its result: the address to ask, the result itself, and a stop that
 * ends the check if it still runs and closes the server.
 */
export async function startEarlyTypecheck(cwd: string, args: string[]): Promise<{ url: string; result: Promise<CheckResult>; stop: () => Promise<void> }> {
  // LEAN_TSC's settings change nothing in what tsc reports: the checker's options are still `args`.
  const tscArgs = [...args, ...LEAN_TSC.args];
  const [command, commandArgs] = NICE ? [NICE, ['-n', '19', nativeTscBinary, ...tscArgs]] : [nativeTscBinary, tscArgs];
  const child = spawn(command, commandArgs, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...LEAN_TSC.env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const result = new Promise<CheckResult>((done, fail) => {
    child.once('error', fail);
    child.once('close', (code, signal) => (code === null ? fail(new Error(`tsc ended by ${signal}`)) : done({ status: code, stdout, stderr })));
  });
  // A check that could not run is no answer: the checker then runs its own.
  result.catch(() => {});
  const expected = JSON.stringify({ cwd: resolve(cwd), args: reportingArgs(args) });
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      let asked: CheckRequest | undefined;
      try {
        asked = JSON.parse(body) as CheckRequest;
      } catch {
        // answered below as another check
      }
      if (!asked || JSON.stringify({ cwd: resolve(asked.cwd), args: reportingArgs(asked.args) }) !== expected) return void res.writeHead(409).end('another check');
      result.then(
        (r) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(r)),
        (e: Error) => res.writeHead(409).end(e.message),
      );
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    result,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const { config } = project;
  if (!config.typecheck.enabled || config.watch) return undefined;
  const early = await startEarlyTypecheck(config.root, vitestCheckArgs(config));
  const before = process.env.TFK_EARLY_TYPECHECK;
  process.env.TFK_EARLY_TYPECHECK = early.url;
  return async () => {
    if (before === undefined) delete process.env.TFK_EARLY_TYPECHECK;
    else process.env.TFK_EARLY_TYPECHECK = before;
    await early.stop();
  };
}
