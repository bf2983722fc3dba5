// What the built CLI loads to start (docs/performance.md, `npm run bench:startup`): one CommonJS file, run by a
// CommonJS bin through its compile cache, so that no ES module loader starts; the test kit, undici and the progress
// bar only when a command needs them; never Node's own fetch classes (the bundle has its own, src/cli/fetch-classes.ts), nor TLS for a
// plain-http URL, nor child_process (commander's, bundled).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../scripts/lib/spec.js';
import { bin, cliInvocation, distCli, ensureBuilt } from './helpers/dist.js';
import { answersListing, KEY_SET, send, startServer, type TestServer } from './helpers/server.js';
import { spawnTfkey } from './helpers/tfkey.js';

/** What a CommonJS file requires, and what it imports dynamically by a literal name, in esbuild's output. */
export const loadsOf = (text: string) => ({
  required: new Set([...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!)),
  imported: [...new Set([...text.matchAll(/\bimport\("([^"]+)"\)/g)].map((m) => m[1]!))].sort(),
  esm: /^\s*(import|export)\b[^(]/m.test(text),
});

const preload = join(root, 'test/fixtures/report-loaded-modules.cjs');
/** The built-in modules a process loaded (written by the preload at exit). */
const loadedBy = (report: string) => readFileSync(report, 'utf8').split('\n');
const esmLoader = (modules: string[]) => modules.filter((m) => m.startsWith('NativeModule internal/modules/esm/'));

let graph: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'tfkey-start-up-'));
beforeAll(async () => {
  await ensureBuilt();
  graph = await startServer((req, res) => {
    if (answersListing(req, res)) return;
    send(res, 500);
  });
});
afterAll(async () => {
  await graph.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the built CLI at start-up', () => {
  it('is one CommonJS file that requires nothing but node’s own modules, and holds no test kit', () => {
    const text = readFileSync(distCli, 'utf8');
    const { required, imported, esm } = loadsOf(text);
    expect(esm).toBe(false);
    expect([...required].filter((m) => !m.startsWith('node:'))).toEqual([]);
    // What only some commands need is imported when they run, by name, through src/cli/external.ts (the fake from
    // the test kit's own file, the progress bar, undici, @azure/identity): no import() of a module named in the file.
    expect(imported).toEqual([]);
    expect(text).not.toContain('function createFakeGraph(');
    // commander is bundled, not required from node_modules.
    expect(text).toContain('function suggestSimilar(');
  });

  it('`node dist/cli.cjs` runs the command; the bin runs it once (processes)', () => {
    const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string;
    for (const entry of [distCli, bin]) {
      const r = spawnSync(process.execPath, [entry, '--version'], { encoding: 'utf8' });
      expect([r.status, r.stdout, r.stderr], entry).toEqual([0, `${version}\n`, '']);
    }
  });

  it('the check above sees what a file loads', () => {
    expect(loadsOf('var a = require("node:fs");\nconst b = () => import("./lazy.js"), c = () => import("./lazy.js");\n  x = require("commander");')).toEqual({ required: new Set(['node:fs', 'commander']), imported: ['./lazy.js'], esm: false });
    expect(loadsOf('"use strict";\nimport { a } from "./x.js";').esm).toBe(true);
    expect(loadsOf(readFileSync(join(root, 'dist/testing.js'), 'utf8')).esm).toBe(true);
  });

  it('a --dry-run set-status process (it reads the key set over http) starts no ES module loader, and loads neither Node’s fetch, TLS nor child_process (a process)', async () => {
    const report = join(dir, 'modules.txt');
    const r = await spawnTfkey(['--base-url', `${graph.url}/beta`, '--dry-run', 'set-status', KEY_SET, 'spare-1', 'disabled'], {
      env: { GRAPH_TOKEN: 'start-up-token', TFKEY_TEST_LOADED_MODULES: report },
      node: ['--require', preload],
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('PATCH ');
    const loaded = loadedBy(report);
    // The report is real: the key set was read over node:http.
    expect(loaded).toContain('NativeModule http');
    expect(loaded.filter((m) => /^NativeModule (internal\/deps\/undici\/undici|https|tls|child_process)$/.test(m))).toEqual([]);
    // Of the ES module loader, no more than an empty CommonJS script loads (on Node 24 and later, the CommonJS
    // loader itself is built on parts of it), started as the command was (under mutation testing, with the
    // coverage preload, an ES module, in NODE_OPTIONS).
    const empty = join(dir, 'empty.cjs');
    writeFileSync(empty, '');
    const bare = join(dir, 'bare.txt');
    expect(spawnSync(process.execPath, ['--require', preload, empty], { env: { ...process.env, ...cliInvocation().env, TFKEY_TEST_LOADED_MODULES: bare } }).status).toBe(0);
    expect(esmLoader(loaded).filter((m) => !esmLoader(loadedBy(bare)).includes(m))).toEqual([]);
  });
});
