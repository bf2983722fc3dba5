#!/usr/bin/env node
// The type checker npm test's vitest starts (vitest.config.ts, typecheck.checker): TypeScript 7's tsc, whose result
// the run may have already. Vitest starts its checker only after the last test file; the run's global setup
// (test/helpers/early-typecheck.setup.ts) starts the same check with the run and serves its result at
// TFK_EARLY_TYPECHECK. Where it answers, this prints what that tsc printed and exits with its code; where there is
// none, or it ran another check, this runs tsc itself with the options vitest gave. `check` is the same, callable:
// its tests drive it in-process, and the script once as vitest runs it.
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The early check's result for `args` in `cwd`, asked at `at`, or undefined when there is none for them. */
function earlyResult(at, cwd, args) {
  if (!at) return Promise.resolve(undefined);
  return new Promise((done) => {
    const req = request(at, { method: 'POST' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => done(res.statusCode === 200 ? JSON.parse(body) : undefined));
    });
    req.on('error', () => done(undefined));
    req.end(JSON.stringify({ cwd, args }));
  });
}

/** The compiler itself, found as typescript-native's own bin finds it. */
async function tscBinary() {
  const home = dirname(createRequire(import.meta.url).resolve('typescript-native/package.json'));
  const { default: getExePath } = await import(pathToFileURL(join(home, 'lib', 'getExePath.js')).href);
  return getExePath();
}

/**
 * Checks with tsc's options `args` in `cwd`: the early check's result where `env.TFK_EARLY_TYPECHECK` has it, else
 * tsc's own run. Writes what tsc printed to `stdout` and `stderr`, returns its exit code; `started` is handed the
 * compiler's process when it runs one.
 */
export async function check(args, { cwd = process.cwd(), env = process.env, stdout = (s) => process.stdout.write(s), stderr = (s) => process.stderr.write(s), started = () => {} } = {}) {
  const early = await earlyResult(env.TFK_EARLY_TYPECHECK, cwd, args);
  if (early) {
    stdout(early.stdout);
    stderr(early.stderr);
    return early.status;
  }
  const tsc = spawn(await tscBinary(), args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  started(tsc);
  tsc.stdout.setEncoding('utf8').on('data', stdout);
  tsc.stderr.setEncoding('utf8').on('data', stderr);
  return new Promise((done) => {
    // A compiler that cannot start is a failed check, said on stderr, as tsc's own failures are.
    tsc.once('error', (e) => {
      stderr(`tsc did not start: ${e.message}\n`);
      done(1);
    });
    tsc.once('close', (code) => done(code ?? 1));
  });
}

// Run as a script (node resolves the script's links for import.meta.url, so the comparison does too).
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  process.exitCode = await check(process.argv.slice(2), {
    started: (tsc) => {
      for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => tsc.kill(signal));
    },
  });
}
