// One build of dist/ at a time, across processes: npm test's build check and the tests that need dist/ (which build
// it themselves when it is missing or older than its sources) take the same lock, a folder (mkdir is atomic) that
// names its holder. A holder that died without releasing it (killed mid-build) is noticed, and its lock taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './spec.js';

export const LOCK = join(root, '.dist-build.lock');

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Takes the lock if it is free (or its holder is gone); false when a live process holds it. */
export function tryLock(): boolean {
  try {
    mkdirSync(LOCK);
  } catch {
    let holder = NaN;
    try {
      holder = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
    } catch {
      // Just made, its pid not yet written: a live holder.
      return false;
    }
    if (alive(holder)) return false;
    rmSync(LOCK, { recursive: true, force: true });
    return tryLock();
  }
  writeFileSync(join(LOCK, 'pid'), String(process.pid));
  return true;
}

export const unlock = (): void => rmSync(LOCK, { recursive: true, force: true });

/**
 * Runs `build` under the lock unless `done()` says there is nothing to do; waits while another process holds it.
 * Freshness is judged under the lock too: a dist/ half written by a build in progress is never taken as done.
 */
export async function underBuildLock(done: () => boolean, build: () => Promise<void>): Promise<void> {
  while (!tryLock()) await new Promise((r) => setTimeout(r, 50));
  try {
    if (!done()) await build();
  } finally {
    unlock();
  }
}
