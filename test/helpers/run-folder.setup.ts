// A global setup: the CLI processes a run starts keep their compile cache (bin/compile-cache.cjs) in a folder of the
// run's own, not in the user's ~/.cache, and share it: the first builds it, the rest start from it, as a user's
// commands do. Removed at the end of the run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'tfkey-compile-cache-'));
  process.env.TFKEY_COMPILE_CACHE = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
