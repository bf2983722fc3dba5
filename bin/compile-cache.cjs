// The CLI's compile cache. Node compiles dist/cli.cjs (270 KB) afresh in every process: about a fifth of a command's
// start. Here the bin loads it through V8's code cache instead: after a command, the code it compiled is written to
// a file of the user's own cache folder, and the next command starts from it (docs/performance.md). Node 22 has
// module.enableCompileCache() for this; Node 20 does not, and one way for every line is one way to test.
//
// V8 checks that a cache fits its own version and flags, and rejects it otherwise (then the file is written again);
// the name holds what V8 does not check: which file, its content, size and time of change, the Node version.
// Bytecode is code, so the folder must be the user's alone: one that someone else owns, or that others may write
// to, is not used.
// TFKEY_COMPILE_CACHE names another folder, or turns the cache off (0, off, false). Any failure to read or write
// the cache leaves the command as it would be without one.
'use strict';
const fs = require('node:fs');
const { basename, dirname, isAbsolute, join, win32 } = require('node:path');
const { pathToFileURL } = require('node:url');

const OFF = new Set(['0', 'off', 'false']);
const MONTH_MS = 30 * 24 * 3600 * 1000;

/** Where the cache lives, by the platform's convention for a user's caches; undefined when it is turned off. */
function cacheDir(env, platform, home) {
  const chosen = env.TFKEY_COMPILE_CACHE;
  if (chosen !== undefined && chosen !== '') return OFF.has(chosen.toLowerCase()) ? undefined : chosen;
  // A relative XDG_CACHE_HOME is to be ignored (XDG Base Directory spec); a relative LOCALAPPDATA would be the
  // current folder's. Neither is used.
  if (platform === 'win32') return env.LOCALAPPDATA && win32.isAbsolute(env.LOCALAPPDATA) ? win32.join(env.LOCALAPPDATA, 'tfkey', 'Cache') : undefined;
  if (platform === 'darwin') return home ? join(home, 'Library', 'Caches', 'tfkey') : undefined;
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return join(env.XDG_CACHE_HOME, 'tfkey');
  return home ? join(home, '.cache', 'tfkey') : undefined;
}

/** FNV-1a, 32 bits, as 8 hex digits: a short, stable name for a key (not a defence: the folder is private). */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * What identifies a file's content: the id scripts/build.ts writes at the end of dist/cli.cjs (a hash of the rest),
 * or else a hash of the whole text. V8 itself checks only the source's length, and an upgrade can leave the path, the
 * size and the time of change as they were (npm packs every file with one fixed time, which an installer may keep).
 */
function contentId(source) {
  const id = /\n\/\/# tfkey-build=([0-9a-f]{16,})\n?$/.exec(source.slice(-120));
  return id ? id[1] : fnv1a(source);
}

/**
 * The cache file for `file` as it is now, under this Node: `cli-<where>-<what>.v8`, where is the file's path and the
 * Node version (one install run by one Node), what is its content, size and time of change (one build of it).
 */
function cacheFile(dir, file, stat, source, version = process.version, arch = process.arch) {
  return join(dir, `cli-${fnv1a([file, version, arch].join('\n'))}-${fnv1a([contentId(source), stat.size, stat.mtimeMs].join('\n'))}.v8`);
}

/** The folder, made if it is missing, when it is the user's alone; undefined otherwise. */
function privateDir(dir) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(dir);
  if (!st.isDirectory()) return undefined;
  // Windows has no owner ids or modes here; its per-user folder is the user's.
  if (typeof process.getuid === 'function' && (st.uid !== process.getuid() || (st.mode & 0o022) !== 0)) return undefined;
  return dir;
}

/**
 * Writes `data` as `target` in one step (a reader sees the old file or the new, never half of one), then clears the
 * caches it replaces (earlier builds of the same install under the same Node: an upgrade, or each `npm run build`
 * of a clone) and those written over a month ago. Another command may be clearing them too: one already gone is no
 * failure.
 */
function writeCache(target, data) {
  const partial = `${target}.${process.pid}.partial`;
  fs.writeFileSync(partial, data, { mode: 0o600 });
  fs.renameSync(partial, target);
  const where = basename(target).split('-')[1];
  const now = Date.now();
  for (const name of fs.readdirSync(dirname(target))) {
    const other = join(dirname(target), name);
    const cache = /^cli-([0-9a-f]{8})-[0-9a-f]{8}\.v8$/.exec(name);
    if (other === target || !cache) continue;
    const written = fs.statSync(other, { throwIfNoEntry: false })?.mtimeMs;
    if (written !== undefined && (cache[1] === where || now - written > MONTH_MS)) fs.rmSync(other, { force: true });
  }
}

/**
 * Loads the CommonJS file `file`, through the compile cache when there is one to use. Returns its
 * exports, and the cache: its file, whether it was `used`, `rejected` by V8, `missing`, or `off` (no private folder
 * to keep it in), and `save()`, which writes what has been compiled so far. The bin saves after the command, so that
 * the cache holds the functions it compiled on the way, not only the file's top level.
 */
function loadCompiled(file, { env = process.env, platform = process.platform, home = require('node:os').homedir() } = {}) {
  const vm = require('node:vm');
  // A #! line would end the wrapper's first line early: it becomes a comment, and the lines keep their numbers.
  const source = fs.readFileSync(file, 'utf8').replace(/^#!/, '//');
  let target;
  let cachedData;
  try {
    const dir = cacheDir(env, platform, home);
    if (dir && privateDir(dir)) {
      target = cacheFile(dir, file, fs.statSync(file), source);
      if (fs.existsSync(target)) cachedData = fs.readFileSync(target);
    }
  } catch {
    target = undefined;
    cachedData = undefined;
  }
  // CommonJS's wrapper, with one parameter more: on Node 20, code compiled from a cache cannot call import() (V8
  // keeps no record of how Node should resolve it), so the file is handed an importer that resolves as it would.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __tfkeyImport) {${source}\n})`, { filename: file, cachedData });
  // The file's own require is this one's: enough for a bundle that requires only Node's modules (what
  // test/cli-start-up.test.ts holds dist/cli.cjs to). Node's Module and createRequire would load the ES module
  // loader's code, which the CLI otherwise never needs.
  const module = { exports: {}, id: file, filename: file, loaded: false };
  const importer = (specifier) => import(specifier.startsWith('.') ? pathToFileURL(join(dirname(file), specifier)).href : specifier);
  script.runInThisContext().call(module.exports, module.exports, require, module, file, dirname(file), importer);
  module.loaded = true;
  const state = !target ? 'off' : !cachedData ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used';
  const save = () => {
    if (!target) return false;
    try {
      writeCache(target, script.createCachedData());
      return true;
    } catch {
      // A read-only or full disk: the next command compiles again, as it would without a cache.
      return false;
    }
  };
  return { exports: module.exports, cache: { file: target, state, save } };
}

module.exports = { cacheDir, cacheFile, contentId, fnv1a, loadCompiled };
