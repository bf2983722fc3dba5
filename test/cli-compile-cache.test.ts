// The bin's compile cache (bin/compile-cache.cjs): where it lives, what names a cache, when it is used, rejected or
// not used at all, and that the code it loads still imports what it needs. On small files of its own: in-process,
// and in a new process where only one shows whether V8 used a cache; then the built CLI, in two processes.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../scripts/lib/spec.js';
import { ensureBuilt } from './helpers/dist.js';
import { spawnTfkey } from './helpers/tfkey.js';

type State = 'used' | 'rejected' | 'missing' | 'off';
type Loaded = { exports: Record<string, unknown>; cache: { file?: string; state: State; save(): boolean } };
type Stat = { size: number; mtimeMs: number };
const cc = createRequire(import.meta.url)(join(root, 'bin/compile-cache.cjs')) as {
  cacheDir(env: Record<string, string | undefined>, platform: string, home: string | undefined): string | undefined;
  cacheFile(dir: string, file: string, stat: Stat, source: string, version?: string, arch?: string): string;
  contentId(source: string): string;
  fnv1a(text: string): string;
  loadCompiled(file: string, options?: { env?: Record<string, string | undefined>; platform?: string; home?: string }): Loaded;
};

const dir = mkdtempSync(join(tmpdir(), 'tfkey-compile-cache-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
/** A CommonJS file of its own (a new path each time, so that nothing is shared between tests), and a folder for its cache. */
function fixture(body = 'exports.answer = 6 * 7;'): { file: string; cache: string; env: Record<string, string> } {
  const base = join(dir, `case-${++n}`);
  mkdirSync(base);
  const file = join(base, 'lib.cjs');
  writeFileSync(file, body);
  writeFileSync(join(base, 'helper.mjs'), 'export const from = "helper.mjs";\n');
  return { file, cache: join(base, 'cache'), env: { TFKEY_COMPILE_CACHE: join(base, 'cache') } };
}
const caches = (folder: string) => (existsSync(folder) ? readdirSync(folder).sort() : []);

describe('where the cache lives', () => {
  it('by the platform’s convention for a user’s caches, or where TFKEY_COMPILE_CACHE says; 0, off or false turn it off', () => {
    expect(cc.cacheDir({}, 'linux', '/home/ada')).toBe('/home/ada/.cache/tfkey');
    expect(cc.cacheDir({ XDG_CACHE_HOME: '/var/cache/ada' }, 'linux', '/home/ada')).toBe('/var/cache/ada/tfkey');
    // A relative one is ignored, as the XDG spec says, and a relative LOCALAPPDATA too: never the current folder.
    expect(cc.cacheDir({ XDG_CACHE_HOME: 'cache' }, 'linux', '/home/ada')).toBe('/home/ada/.cache/tfkey');
    expect(cc.cacheDir({ LOCALAPPDATA: 'AppData' }, 'win32', 'C:\\Users\\ada')).toBeUndefined();
    expect(cc.cacheDir({}, 'darwin', '/Users/ada')).toBe('/Users/ada/Library/Caches/tfkey');
    expect(cc.cacheDir({ LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'win32', 'C:\\Users\\ada')).toBe('C:\\Users\\ada\\AppData\\Local\\tfkey\\Cache');
    expect(cc.cacheDir({}, 'win32', 'C:\\Users\\ada')).toBeUndefined();
    expect(cc.cacheDir({}, 'linux', undefined)).toBeUndefined();
    expect(cc.cacheDir({}, 'darwin', undefined)).toBeUndefined();
    expect(cc.cacheDir({ TFKEY_COMPILE_CACHE: '/tmp/elsewhere', XDG_CACHE_HOME: '/x' }, 'linux', '/home/ada')).toBe('/tmp/elsewhere');
    for (const off of ['0', 'off', 'OFF', 'false', 'False']) expect(cc.cacheDir({ TFKEY_COMPILE_CACHE: off }, 'linux', '/home/ada')).toBeUndefined();
    expect(cc.cacheDir({ TFKEY_COMPILE_CACHE: '' }, 'linux', '/home/ada')).toBe('/home/ada/.cache/tfkey');
  });

  it('a cache is named by the file, its content, its size and time of change, and the Node version and architecture', () => {
    const stat = { size: 273_168, mtimeMs: 1_764_400_000_000 };
    const source = 'exports.a = 1;\n';
    const name = cc.cacheFile('/c', '/pkg/dist/cli.cjs', stat, source, 'v20.20.2', 'x64');
    expect(name).toMatch(/^\/c\/cli-[0-9a-f]{8}-[0-9a-f]{8}\.v8$/);
    // The first part names the install under one Node, the second the build: a rebuild keeps the first.
    const where = (n: string) => n.split('-')[1];
    expect(where(cc.cacheFile('/c', '/pkg/dist/cli.cjs', { ...stat, mtimeMs: 1 }, 'exports.b = 1;\n', 'v20.20.2', 'x64'))).toBe(where(name));
    expect(cc.cacheFile('/c', '/pkg/dist/cli.cjs', { ...stat }, source, 'v20.20.2', 'x64')).toBe(name);
    const others = [
      cc.cacheFile('/c', '/other/dist/cli.cjs', stat, source, 'v20.20.2', 'x64'),
      cc.cacheFile('/c', '/pkg/dist/cli.cjs', stat, 'exports.a = 2;\n', 'v20.20.2', 'x64'),
      cc.cacheFile('/c', '/pkg/dist/cli.cjs', { ...stat, size: stat.size + 1 }, source, 'v20.20.2', 'x64'),
      cc.cacheFile('/c', '/pkg/dist/cli.cjs', { ...stat, mtimeMs: stat.mtimeMs + 1 }, source, 'v20.20.2', 'x64'),
      cc.cacheFile('/c', '/pkg/dist/cli.cjs', stat, source, 'v22.23.3', 'x64'),
      cc.cacheFile('/c', '/pkg/dist/cli.cjs', stat, source, 'v20.20.2', 'arm64'),
    ];
    expect(new Set([name, ...others]).size).toBe(7);
    // FNV-1a's published test vectors.
    expect([cc.fnv1a(''), cc.fnv1a('a'), cc.fnv1a('foobar')]).toEqual(['811c9dc5', 'e40c292c', 'bf9cf968']);
  });

  it('the content is known by the id the build writes at the end of the file, or else by a hash of all of it', () => {
    const id = 'ab'.repeat(32);
    expect(cc.contentId(`exports.a = 1;\n//# tfkey-build=${id}\n`)).toBe(id);
    expect(cc.contentId(`exports.a = 1;\n//# tfkey-build=${id}`)).toBe(id);
    expect(cc.contentId('exports.a = 1;\n')).toBe(cc.fnv1a('exports.a = 1;\n'));
    // Only at the very end, and only on a line of its own.
    expect(cc.contentId(`//# tfkey-build=${id}\nexports.a = 1;\n`)).toBe(cc.fnv1a(`//# tfkey-build=${id}\nexports.a = 1;\n`));
    expect(cc.contentId(`x; //# tfkey-build=${id}\n`)).toBe(cc.fnv1a(`x; //# tfkey-build=${id}\n`));
  });
});

/** The driver's report on loading `file` in a new process (test/fixtures/compile-cache-driver.cjs). */
function inProcessOfItsOwn(file: string, env: Record<string, string>, save = false): { state: State; answer?: unknown; imported?: unknown; saved?: boolean } {
  const r = spawnSync(process.execPath, [driver, file, ...(save ? ['save'] : [])], { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}
const driver = join(root, 'test/fixtures/compile-cache-driver.cjs');

describe('loading through the cache', () => {
  it('the first load compiles and saves; a new process starts from the cache, with the same exports', () => {
    const { file, cache, env } = fixture('exports.answer = 6 * 7; exports.file = __filename; exports.same = module.exports === exports;');
    const first = cc.loadCompiled(file, { env });
    expect(first.cache.state).toBe('missing');
    expect(first.exports).toEqual({ answer: 42, file, same: true });
    expect(caches(cache)).toEqual([]);
    // Saved by a process of its own: V8 accepts a cache only under the flags that wrote it, and this run's own
    // process changes one (vitest.config.ts).
    expect(inProcessOfItsOwn(file, env, true)).toEqual({ state: 'missing', answer: 42, saved: true });
    expect(caches(cache)).toEqual([first.cache.file!.slice(cache.length + 1)]);
    expect(statSync(first.cache.file!).mode & 0o777).toBe(0o600);
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    expect(inProcessOfItsOwn(file, env)).toEqual({ state: 'used', answer: 42 });
  });

  it('code from the cache still imports (on Node 20, import() of its own would fail there): relative names resolve beside the file', () => {
    const { file, env } = fixture('exports.answer = 1; exports.load = () => __tfkeyImport("./helper.mjs");');
    expect(inProcessOfItsOwn(file, env, true)).toEqual({ state: 'missing', answer: 1, imported: { from: 'helper.mjs' }, saved: true });
    expect(inProcessOfItsOwn(file, env)).toEqual({ state: 'used', answer: 1, imported: { from: 'helper.mjs' } });
  });

  it('a cache V8 cannot use is rejected, the file compiles as without one, and saving replaces the cache', () => {
    const { file, env } = fixture();
    const first = cc.loadCompiled(file, { env });
    first.cache.save();
    writeFileSync(first.cache.file!, 'not a code cache');
    expect(inProcessOfItsOwn(file, env, true)).toEqual({ state: 'rejected', answer: 42, saved: true });
    expect(inProcessOfItsOwn(file, env)).toEqual({ state: 'used', answer: 42 });
  });

  it('an upgrade that keeps the path, the size and the time of change still gets a cache of its own', () => {
    // npm packs every file with one fixed time (1985-10-26 08:15 UTC); an installer may keep it.
    const npmTime = new Date('1985-10-26T08:15:00Z');
    const { file, env } = fixture('exports.answer = 41;');
    utimesSync(file, npmTime, npmTime);
    const old = cc.loadCompiled(file, { env });
    old.cache.save();
    writeFileSync(file, 'exports.answer = 42;');
    utimesSync(file, npmTime, npmTime);
    const upgraded = cc.loadCompiled(file, { env });
    expect(upgraded.cache.state).toBe('missing');
    expect(upgraded.cache.file).not.toBe(old.cache.file);
    expect(upgraded.exports.answer).toBe(42);
  });

  it('a changed file gets a cache of its own, which replaces the old one; caches of other files go after a month', () => {
    const { file, cache, env } = fixture();
    const old = cc.loadCompiled(file, { env });
    old.cache.save();
    writeFileSync(file, 'exports.answer = 43;');
    const changed = cc.loadCompiled(file, { env });
    expect(changed.cache.state).toBe('missing');
    expect(changed.exports.answer).toBe(43);
    expect(changed.cache.file).not.toBe(old.cache.file);
    // Another install's caches, written 31 days ago and 29 days ago; a file that is no cache of ours.
    const month = 30 * 24 * 3600;
    const now = Date.now() / 1000;
    const [stale, recent] = ['cli-0badcafe-00000001.v8', 'cli-0badcafe-00000002.v8'].map((n) => join(cache, n));
    writeFileSync(stale!, 'x');
    utimesSync(stale!, now - month - 24 * 3600, now - month - 24 * 3600);
    writeFileSync(recent!, 'x');
    utimesSync(recent!, now - month + 24 * 3600, now - month + 24 * 3600);
    writeFileSync(join(cache, 'notes.txt'), 'kept');
    expect(caches(cache)).toContain(old.cache.file!.slice(cache.length + 1));
    changed.cache.save();
    expect(caches(cache)).toEqual([changed.cache.file!.slice(cache.length + 1), 'cli-0badcafe-00000002.v8', 'notes.txt'].sort());
  });

  it('TFKEY_COMPILE_CACHE=off, a folder others may write to, or a file in its place: no cache, and the file loads as without one', () => {
    const off = fixture();
    const loaded = cc.loadCompiled(off.file, { env: { TFKEY_COMPILE_CACHE: 'off' } });
    expect([loaded.cache.state, loaded.exports.answer, loaded.cache.save()]).toEqual(['off', 42, false]);

    for (const mode of [0o777, 0o770, 0o722]) {
      const shared = fixture();
      mkdirSync(shared.cache, { mode: 0o700 });
      chmodSync(shared.cache, mode);
      const r = cc.loadCompiled(shared.file, { env: shared.env });
      expect([r.cache.state, r.exports.answer, r.cache.save()]).toEqual(['off', 42, false]);
      expect(caches(shared.cache)).toEqual([]);
    }

    const notDir = fixture();
    writeFileSync(notDir.cache, 'a file');
    expect(cc.loadCompiled(notDir.file, { env: notDir.env }).cache.state).toBe('off');
  });

  it('a folder another user owns is not used', (ctx) => {
    if (process.getuid?.() !== 0) return ctx.skip('only root can give a folder to another user');
    const theirs = fixture();
    mkdirSync(theirs.cache, { mode: 0o700 });
    chownSync(theirs.cache, 65534, 65534);
    expect(cc.loadCompiled(theirs.file, { env: theirs.env }).cache.state).toBe('off');
  });

  it('a cache that cannot be written leaves the command as it was', () => {
    const { file, cache, env } = fixture();
    const loaded = cc.loadCompiled(file, { env });
    rmSync(cache, { recursive: true });
    expect(loaded.cache.save()).toBe(false);
    writeFileSync(cache, 'a file now');
    expect(loaded.cache.save()).toBe(false);
  });
});

describe('the built CLI', () => {
  beforeAll(ensureBuilt);

  it('ends with the id of its content: the SHA-256 of the rest of the file', () => {
    const text = readFileSync(join(root, 'dist/cli.cjs'), 'utf8');
    const at = text.lastIndexOf('//# tfkey-build=');
    expect(cc.contentId(text)).toBe(createHash('sha256').update(text.slice(0, at)).digest('hex'));
  });

  it('starts from its cache from the second command on, and --mock still imports the test kit (a process)', async () => {
    const cache = join(dir, 'cli-cache');
    const env = { TFKEY_COMPILE_CACHE: cache };
    const first = await spawnTfkey(['--mock', 'list'], { env });
    expect(first.code, first.stderr).toBe(0);
    const [written] = caches(cache);
    expect(written).toMatch(/^cli-[0-9a-f]{8}-[0-9a-f]{8}\.v8$/);
    const at = statSync(join(cache, written!)).mtimeMs;
    const second = await spawnTfkey(['--mock', 'list'], { env });
    expect([second.code, second.stderr]).toEqual([0, '']);
    expect(second.stdout.split('\n')[0]).toBe(first.stdout.split('\n')[0]);
    expect(second.stdout).toContain('B2C_1A_TokenSigningKeyContainer');
    // Used, not rejected: a rejected cache is written again.
    expect(caches(cache)).toEqual([written]);
    expect(statSync(join(cache, written!)).mtimeMs).toBe(at);
  });
});
