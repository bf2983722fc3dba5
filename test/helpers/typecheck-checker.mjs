#!/usr/bin/env node
// The type checker npm test's vitest starts (vitest.config.ts, typecheck.checker): TypeScript 7's tsc, whose result
// the run may have already. Vitest starts its checker only after the last test file; the run's global setup
// (test/helpers/early-typecheck.setup.ts) starts the same check with the run and serves its result at
// TFK_EARLY_TYPECHECK. Where it answers, this prints what that tsc printed and exits with its code; where there is
// none, or it ran another check, this runs tsc itself with the options vitest gave.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);

/** The early check's result, or undefined when there is none for these options. */
function earlyResult() {
  const at = process.env.TFK_EARLY_TYPECHECK;
  if (!at) return Promise.resolve(undefined);
  return new Promise((done) => {
    const req = request(at, { method: 'POST' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => done(res.statusCode === 200 ? JSON.parse(body) : undefined));
    });
    req.on('error', () => done(undefined));
    req.end(JSON.stringify({ cwd: process.cwd(), args }));
  });
}

const early = await earlyResult();
if (early) {
  process.stdout.write(early.stdout);
  process.stderr.write(early.stderr);
  process.exitCode = early.status;
} else {
  // The compiler itself, found as typescript-native's own bin finds it.
  const home = dirname(createRequire(import.meta.url).resolve('typescript-native/package.json'));
  const { default: getExePath } = await import(pathToFileURL(join(home, 'lib', 'getExePath.js')).href);
  const tsc = spawn(getExePath(), args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => tsc.kill(signal));
  tsc.on('close', (code) => (process.exitCode = code ?? 1));
}
