// The launcher leaves no process behind, however the run ends: stop(), a normal exit without stop, a crash,
// Ctrl-C, termination, or a SIGKILL that allows no cleanup at all. Driven with a stand-in for Prism's CLI (a real
// server and a forked child) so that these run in milliseconds, not one Prism start each.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKER_EN, freePort, listening, PRISM_FAILED_HEADER, prismNodeOptions, sendToPrism, standInForFailedPrism, startPrism } from '../scripts/lib/prism.js';
import { root, specPath } from '../scripts/lib/spec.js';

const driver = fileURLToPath(new URL('./fixtures/launcher-driver.mjs', import.meta.url));
const launcherDir = mkdtempSync(join(tmpdir(), 'tfkey-launcher-'));
const launcher = join(launcherDir, 'prism.mjs');

// The launcher as plain JavaScript, with its guard beside it as in dist/: each driver then starts in plain node.
beforeAll(async () => {
  await build({ entryPoints: [fileURLToPath(new URL('../scripts/lib/prism.ts', import.meta.url))], bundle: true, platform: 'node', format: 'esm', outfile: launcher, logLevel: 'warning' });
  copyFileSync(fileURLToPath(new URL('../scripts/lib/prism-guard.mjs', import.meta.url)), join(launcherDir, 'prism-guard.mjs'));
});
afterAll(() => rmSync(launcherDir, { recursive: true, force: true }));
const standIn = fileURLToPath(new URL('./fixtures/stand-in-prism.mjs', import.meta.url));

// A process that has exited but is not yet reaped (a zombie) still answers kill(-pgid, 0); only running ones count.
function groupAlive(pgid: number): boolean {
  if (!existsSync('/proc/self/stat')) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .some((pid) => {
      try {
        // /proc/<pid>/stat: "pid (comm) state ppid pgrp …"; comm may contain spaces, so split after the last ")".
        const [state, , pgrp] = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        return Number(pgrp) === pgid && state !== 'Z';
      } catch {
        return false;
      }
    });
}

async function gone(pgid: number, withinMs = 5000): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (!groupAlive(pgid)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

function runDriver(mode: string, signal?: NodeJS.Signals): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [driver, mode], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TFK_LAUNCHER: launcher } });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /PGID (\d+)/.exec(out);
      if (m) {
        if (signal) child.kill(signal);
        child.on('exit', () => resolve(Number(m[1])));
      }
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      if (!/PGID/.test(out)) reject(new Error(`driver exited ${code} before starting:\n${out}`));
    });
  });
}

it.concurrent('after stop(), no process of the group is left', async () => {
  const prism = await startPrism({ bin: standIn });
  expect(groupAlive(prism.pgid)).toBe(true);
  await prism.stop();
  expect(await gone(prism.pgid)).toBe(true);
});

// The rest end the process that started Prism: a driver process of its own.
it.concurrent.each([
  { name: 'an exit without stop()', mode: 'exit' },
  { name: 'an uncaught error', mode: 'throw' },
  { name: 'Ctrl-C (SIGINT)', mode: 'wait', signal: 'SIGINT' as const },
  { name: 'termination (SIGTERM)', mode: 'wait', signal: 'SIGTERM' as const },
  { name: 'SIGKILL, with no cleanup at all', mode: 'wait', signal: 'SIGKILL' as const },
])('after $name, no process of the group is left', async ({ mode, signal }) => {
  const pgid = await runDriver(mode, signal);
  expect(await gone(pgid)).toBe(true);
});

// The run does not wait for its Prism to start: it hands out the address at once, and a request waits until
// something listens there (contract-tests/global-setup.ts).
it.concurrent('listening() waits for a server that starts on a known port, and gives up naming the address', async () => {
  const port = await freePort();
  const waiting = listening(`http://127.0.0.1:${port}`);
  let settled = false;
  void waiting.then(() => (settled = true));
  await new Promise((r) => setTimeout(r, 60));
  expect(settled).toBe(false);
  const server = createServer().listen(port, '127.0.0.1');
  try {
    await waiting;
    expect(settled).toBe(true);
  } finally {
    server.close();
  }
  const nobody = await freePort();
  await expect(listening(`http://127.0.0.1:${nobody}`, 100)).rejects.toThrow(`nothing listens at http://127.0.0.1:${nobody} after 100 ms`);
});

it.concurrent('a Prism that did not start: its stand-in makes each request fail at once with the reason, not wait', async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await standInForFailedPrism(port, 'Prism exited with code 1:\n  Error: spec not found');
  expect(server).toBeDefined();
  try {
    const started = performance.now();
    await expect(sendToPrism(url, `${url}/beta/trustFramework/keySets`)).rejects.toThrow('Prism did not start: Prism exited with code 1: Error: spec not found');
    expect(performance.now() - started).toBeLessThan(5_000);
    const raw = await fetch(url);
    expect([raw.status, raw.headers.get(PRISM_FAILED_HEADER)]).toEqual([503, 'Prism exited with code 1: Error: spec not found']);
    // With its port taken, there is no stand-in: the tests wait for Prism and time out naming the address.
    expect(await standInForFailedPrism(port, 'again')).toBeUndefined();
  } finally {
    server?.close();
  }
  // A real answer passes through. On a port of its own: the one just freed may already be another socket's.
  const ok = createHttpServer((_q, res) => res.end('fine')).listen(0, '127.0.0.1');
  try {
    await new Promise((r) => ok.once('listening', r));
    const okUrl = `http://127.0.0.1:${(ok.address() as AddressInfo).port}`;
    await expect((await sendToPrism(okUrl, okUrl)).text()).resolves.toBe('fine');
  } finally {
    ok.close();
  }
});

it.concurrent('startPrism listens on the port it is given, and Prism runs with the node options it is given (the run’s V8 tuning)', async () => {
  const port = await freePort();
  const prism = await startPrism({ bin: standIn, port, nodeOptions: ['--stack-trace-limit=7'] });
  try {
    expect(prism.url).toBe(`http://127.0.0.1:${port}`);
    expect(JSON.parse(await (await fetch(`${prism.url}/exec-argv`)).text())).toEqual(['--stack-trace-limit=7']);
  } finally {
    await prism.stop();
  }
});

describe.concurrent('Prism starts with faker’s English build, not all its locales', () => {
  it('is preloaded after the caller’s node options, unless the spec picks a faker locale', () => {
    const spec = readFileSync(specPath, 'utf8');
    expect(prismNodeOptions(spec, ['--stack-trace-limit=7'])).toEqual(['--stack-trace-limit=7', '--require', FAKER_EN]);
    expect(prismNodeOptions(`${spec}x-json-schema-faker:\n  locale: de\n`, ['--stack-trace-limit=7'])).toEqual(['--stack-trace-limit=7']);
  });

  it('hands Prism’s require of faker the English build, and the rest of faker’s exports only when asked for', async () => {
    // As Prism's generator requires it, in a process preloaded as startPrism preloads Prism's.
    const script = [
      "const { createRequire } = require('node:module');",
      "const http = createRequire(require.resolve('@stoplight/prism-cli/package.json')).resolve('@stoplight/prism-http');",
      "const entry = createRequire(http).resolve('@faker-js/faker');",
      "const loadedLocales = () => Object.keys(require.cache).filter((f) => /[/]locales[/][^/]+[/]index[.]js$/.test(f)).map((f) => f.split('/').at(-2));",
      'const faker = require(entry);',
      'const before = { default: Object.keys(faker.default.locales), same: faker.faker === faker.default, locale: faker.default.locale, uuid: faker.default.datatype.uuid(), locales: loadedLocales() };',
      'const asked = { FakerError: typeof faker.FakerError, Faker: typeof faker.Faker, again: Object.keys(require(entry).default.locales) };',
      'console.log(JSON.stringify({ before, asked }));',
    ].join('\n');
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--require', FAKER_EN, '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.once('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`exited ${code}`))));
    });
    const { before, asked } = JSON.parse(out);
    expect(before).toMatchObject({ default: ['en'], same: true, locale: 'en', locales: ['en'] });
    expect(before.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(asked).toEqual({ FakerError: 'function', Faker: 'function', again: ['en'] });
  });
});

// The tests above start nothing that reads TFK_STAND_IN, and run side by side; those below set it, one at a time.
it('a Prism that exits before it is ready fails the start with its output', async () => {
  process.env.TFK_STAND_IN = 'crash';
  try {
    await expect(startPrism({ bin: standIn, startTimeoutMs: 5000 })).rejects.toThrow(/exited before it was ready[\s\S]*cannot read the document/);
  } finally {
    delete process.env.TFK_STAND_IN;
  }
});

it('a Prism that never gets ready times out and is stopped', async () => {
  process.env.TFK_STAND_IN = 'silent';
  try {
    await expect(startPrism({ bin: standIn, startTimeoutMs: 300 })).rejects.toThrow(/did not start within 300 ms/);
  } finally {
    delete process.env.TFK_STAND_IN;
  }
});

describe('quiet (Prism’s -v warn, no line per request): ready once it accepts a connection on its port', () => {
  const withStandIn = async <T>(mode: string | undefined, f: () => Promise<T>): Promise<T> => {
    if (mode) process.env.TFK_STAND_IN = mode;
    try {
      return await f();
    } finally {
      delete process.env.TFK_STAND_IN;
    }
  };

  it('starts with -v warn and is ready without the start line Prism prints only at info', async () => {
    const port = await freePort();
    const prism = await withStandIn('silent', () => startPrism({ bin: standIn, port, quiet: true, startTimeoutMs: 5000 }));
    try {
      expect(prism.url).toBe(`http://127.0.0.1:${port}`);
      const argv = JSON.parse(await (await fetch(`${prism.url}/argv`)).text()) as string[];
      expect(argv.slice(argv.indexOf('-v'), argv.indexOf('-v') + 2)).toEqual(['-v', 'warn']);
    } finally {
      await prism.stop();
    }
    expect(await gone(prism.pgid)).toBe(true);
  });

  it('one that exits before it listens fails the start with its output', async () => {
    const port = await freePort();
    await expect(withStandIn('crash', () => startPrism({ bin: standIn, port, quiet: true, startTimeoutMs: 5000 }))).rejects.toThrow(/exited before it was ready[\s\S]*cannot read the document/);
  });

  it('needs a port: a quiet Prism does not say where it listens', async () => {
    await expect(startPrism({ bin: standIn, quiet: true })).rejects.toThrow('startPrism: quiet needs a port');
  });
});
