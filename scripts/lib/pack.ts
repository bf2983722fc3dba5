// The package as `npm publish` would make it from a fresh clone: the files git tracks (or would track) copied into
// a clean folder — no dist/ — and `npm pack` there, whose prepack builds. This checkout's node_modules is linked in
// the folder above the copy, where node and npm's scripts find it as they would in the copy: npm pack reads the
// package's own node_modules for bundled dependencies, and reading all of this one's took 1.7 s of CPU of a 2.8 s pack.
// A test run packs once: the pack check, the package test (which installs the tarball) and the API report check
// share that one pack, whose build becomes this checkout's dist/ (the tests that run dist/ then find it fresh).
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { underBuildLock } from './build-lock.js';
import { root } from './spec.js';

/** Where a run's tarball is left, with a stamp naming the run and the sources it was packed from. */
export const PACKED = join(root, 'node_modules/.cache/tfkey-pack');
const STAMP = join(PACKED, 'stamp.json');

/** The files a fresh clone would have: tracked, or untracked and not ignored. */
const sourceFiles = (): string[] =>
  execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && existsSync(join(root, f)))
    .sort();

/** A digest of what a clean copy holds: each file's name and bytes. */
export function sourcesDigest(files = sourceFiles()): string {
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f}\0`).update(readFileSync(join(root, f))).update('\0');
  return hash.digest('hex');
}

/** A folder's files and their bytes, as one digest: to tell whether two builds differ. */
function treeDigest(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else hash.update(`${relative(dir, full)}\0`).update(readFileSync(full)).update('\0');
    }
  };
  if (existsSync(dir)) walk(dir);
  return hash.digest('hex');
}

/** npm, asynchronously: a test worker packing goes on serving its other tests meanwhile. */
function npm(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(Object.assign(new Error(`npm ${args.join(' ')} exited ${code}`), { output }))));
  });
}

/**
 * Packs a clean copy of the working tree into `dest`; the tarball's path. With `distInto`, the clean copy's build
 * (made by prepack) becomes that folder — replaced only where it differs, so that a test running the old one, the
 * same, is never caught mid-copy.
 */
export async function packCleanCopy(dest: string, options: { distInto?: string; run?: string } = {}): Promise<string> {
  const files = sourceFiles();
  const digest = sourcesDigest(files);
  const outer = mkdtempSync(join(tmpdir(), 'tfkey-clean-'));
  const clean = join(outer, 'package');
  try {
    for (const f of files) {
      mkdirSync(dirname(join(clean, f)), { recursive: true });
      cpSync(join(root, f), join(clean, f));
    }
    symlinkSync(join(root, 'node_modules'), join(outer, 'node_modules'), 'dir');
    if (existsSync(join(clean, 'dist'))) throw new Error('the clean copy has a dist/');
    mkdirSync(dest, { recursive: true });
    for (const old of readdirSync(dest).filter((f) => f.endsWith('.tgz') || f === 'stamp.json')) rmSync(join(dest, old));
    await npm(['pack', '--pack-destination', dest], clean);
    if (options.distInto && treeDigest(join(clean, 'dist')) !== treeDigest(options.distInto)) {
      rmSync(options.distInto, { recursive: true, force: true });
      cpSync(join(clean, 'dist'), options.distInto, { recursive: true });
    }
    const tarball = join(dest, readdirSync(dest).find((f) => f.endsWith('.tgz'))!);
    writeFileSync(join(dest, 'stamp.json'), JSON.stringify({ run: options.run ?? randomUUID(), digest }));
    return tarball;
  } finally {
    rmSync(outer, { recursive: true, force: true });
  }
}

/**
 * The tarball of the sources as they are now, packed once in the run named `run` (a vitest run's id, which every
 * file of it shares): the first caller packs (and installs the build as dist/), the others wait for it and share
 * it. A caller with no run (npm run checks) always packs.
 */
export async function packForRun(run?: string): Promise<string> {
  let packed: string | undefined;
  const done = (): boolean => {
    if (!run || !existsSync(STAMP)) return false;
    const stamp = JSON.parse(readFileSync(STAMP, 'utf8')) as { run: string; digest: string };
    const tarball = readdirSync(PACKED).find((f) => f.endsWith('.tgz'));
    if (stamp.run !== run || !tarball || stamp.digest !== sourcesDigest()) return false;
    packed = join(PACKED, tarball);
    return true;
  };
  // Under the build lock: the tests that build dist/ themselves, and other runs, wait meanwhile.
  await underBuildLock(done, async () => void (packed = await packCleanCopy(PACKED, { distInto: join(root, 'dist'), run })));
  return packed!;
}
