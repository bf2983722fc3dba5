// The package as `npm publish` would make it from a fresh clone: the files git tracks (or would track) copied into
// a clean folder — no dist/, this checkout's node_modules linked — and `npm pack` there, whose prepack builds.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { root } from './spec.js';

/** The files a fresh clone would have: tracked, or untracked and not ignored. */
const sourceFiles = (): string[] => execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter((f) => f && existsSync(join(root, f)));

/** Packs a clean copy of the working tree into `dest`; the tarball's path. */
export function packCleanCopy(dest: string): string {
  const clean = mkdtempSync(join(tmpdir(), 'tfkey-clean-'));
  try {
    for (const f of sourceFiles()) {
      mkdirSync(dirname(join(clean, f)), { recursive: true });
      cpSync(join(root, f), join(clean, f));
    }
    symlinkSync(join(root, 'node_modules'), join(clean, 'node_modules'), 'dir');
    if (existsSync(join(clean, 'dist'))) throw new Error('the clean copy has a dist/');
    mkdirSync(dest, { recursive: true });
    for (const old of readdirSync(dest).filter((f) => f.endsWith('.tgz'))) rmSync(join(dest, old));
    execFileSync('npm', ['pack', '--pack-destination', dest], { cwd: clean, stdio: ['ignore', 'pipe', 'pipe'] });
    return join(dest, readdirSync(dest).find((f) => f.endsWith('.tgz'))!);
  } finally {
    rmSync(clean, { recursive: true, force: true });
  }
}
