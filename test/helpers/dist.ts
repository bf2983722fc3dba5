// The built package, for tests that run what users run. Rebuilt when missing or older than its sources, so a
// test never exercises a stale dist/ (npm test builds first, so this is normally a cheap check).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildPackage } from '../../scripts/build.js';
import { root } from '../../scripts/lib/spec.js';

const newest = (dir: string): number =>
  Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));

let building: Promise<void> | undefined;
export function ensureBuilt(): Promise<void> {
  const cli = join(root, 'dist/cli.js');
  const fresh = existsSync(cli) && statSync(cli).mtimeMs >= Math.max(newest(join(root, 'src')), newest(join(root, 'generated')));
  return fresh ? Promise.resolve() : (building ??= buildPackage());
}

export const distCli = join(root, 'dist/cli.js');
