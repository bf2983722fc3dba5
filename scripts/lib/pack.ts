// The package as `npm publish` would make it from a fresh clone: the files git tracks (or would track) copied into
// a clean folder — no dist/, this checkout's node_modules linked — and `npm pack` there, whose prepack builds.
// npm test's checks pack once: the build they check is that clean copy's, installed as this checkout's dist/, and
// the package test installs that tarball (recorded with a digest of the sources it was packed from) rather than
// building a second time.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { underBuildLock } from './build-lock.js';
import { root } from './spec.js';

/** Where npm test's checks leave the tarball they packed, with the digest of its sources. */
export const PACKED = join(root, 'node_modules/.cache/tfkey-pack');

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

/**
 * Packs a clean copy of the working tree into `dest`; the tarball's path. With `distInto`, the clean copy's build
 * (made by prepack) replaces that folder: one build serves the checks, the tests and the package.
 */
export function packCleanCopy(dest: string, options: { distInto?: string } = {}): string {
  const files = sourceFiles();
  const digest = sourcesDigest(files);
  const clean = mkdtempSync(join(tmpdir(), 'tfkey-clean-'));
  try {
    for (const f of files) {
      mkdirSync(dirname(join(clean, f)), { recursive: true });
      cpSync(join(root, f), join(clean, f));
    }
    symlinkSync(join(root, 'node_modules'), join(clean, 'node_modules'), 'dir');
    if (existsSync(join(clean, 'dist'))) throw new Error('the clean copy has a dist/');
    mkdirSync(dest, { recursive: true });
    for (const old of readdirSync(dest).filter((f) => f.endsWith('.tgz') || f === 'sources.sha256')) rmSync(join(dest, old));
    execFileSync('npm', ['pack', '--pack-destination', dest], { cwd: clean, stdio: ['ignore', 'pipe', 'pipe'] });
    if (options.distInto) {
      rmSync(options.distInto, { recursive: true, force: true });
      cpSync(join(clean, 'dist'), options.distInto, { recursive: true });
    }
    writeFileSync(join(dest, 'sources.sha256'), digest);
    return join(dest, readdirSync(dest).find((f) => f.endsWith('.tgz'))!);
  } finally {
    rmSync(clean, { recursive: true, force: true });
  }
}

/**
 * The tarball of the sources as they are now: the one npm test's checks packed when its sources are these, else a
 * new one packed here (a test file run on its own, or after an edit).
 */
export async function packedTarball(): Promise<string> {
  const current = (): string | undefined => {
    const stamp = join(PACKED, 'sources.sha256');
    const tarball = existsSync(PACKED) ? readdirSync(PACKED).find((f) => f.endsWith('.tgz')) : undefined;
    return tarball && existsSync(stamp) && readFileSync(stamp, 'utf8') === sourcesDigest() ? join(PACKED, tarball) : undefined;
  };
  // Under the build lock: test files on other runtimes, or the checks, may be packing at the same moment.
  let packed: string | undefined;
  await underBuildLock(() => (packed = current()) !== undefined, async () => void (packed = packCleanCopy(PACKED)));
  return packed!;
}
