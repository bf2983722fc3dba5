// The built package, for tests that run what users run. Rebuilt when missing or older than its sources, so a
// test never exercises a stale dist/ (npm test builds first, so this is normally a cheap check).
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildPackage } from '../../scripts/build.js';
import { root } from '../../scripts/lib/spec.js';

const newest = (dir: string): number =>
  Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));

const fresh = () => {
  const cli = join(root, 'dist/cli.js');
  return existsSync(cli) && statSync(cli).mtimeMs >= Math.max(newest(join(root, 'src')), newest(join(root, 'generated')));
};

// Test files run in parallel threads: one builds under a lock directory (mkdir is atomic), the others wait for it.
export async function ensureBuilt(): Promise<void> {
  const lock = join(root, '.dist-build.lock');
  while (!fresh()) {
    try {
      mkdirSync(lock);
    } catch {
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    try {
      if (!fresh()) await buildPackage();
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

export const distCli = join(root, 'dist/cli.js');

/**
 * How to start the tfkey command: the built CLI. Under mutation testing, dist/ is built once from the sandbox's
 * instrumented sources, and each child is told which mutant is active: the CLI only ever runs as a child process,
 * where Stryker's in-process switch cannot reach.
 */
export function cliInvocation(): { args: string[]; env: Record<string, string>; module: string } {
  const active = (globalThis as { __stryker__?: { activeMutant?: unknown } }).__stryker__?.activeMutant;
  return { args: [distCli], env: active === undefined ? {} : { __STRYKER_ACTIVE_MUTANT__: String(active) }, module: distCli };
}
