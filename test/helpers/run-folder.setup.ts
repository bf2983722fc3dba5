// A global setup, first of the run's so that its teardown is the last: the run's own temporary folder. Everything
// the run writes to the system's temporary folder — its tests' files, the generators' output, a packed copy, what
// Chromium and the CLI's processes write — goes into it (TMPDIR, which Node's os.tmpdir() and most tools read), and
// the teardown removes it: a run leaves nothing behind, even where a worker thread ended before its own cleanup.
// The CLI processes a run starts keep their compile cache (bin/compile-cache.cjs) there too, not in the user's
// ~/.cache, and share it: the first builds it, the rest start from it, as a user's commands do.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const run = mkdtempSync(join(tmpdir(), 'tfkey-run-'));
  const before = { TMPDIR: process.env.TMPDIR, TFKEY_COMPILE_CACHE: process.env.TFKEY_COMPILE_CACHE };
  mkdirSync(join(run, 'compile-cache'), { mode: 0o700 });
  process.env.TMPDIR = run;
  process.env.TFKEY_COMPILE_CACHE = join(run, 'compile-cache');
  return () => {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(run, { recursive: true, force: true });
  };
}
