// `npm run check:generated [-- <dir>]`: regenerates from the spec into a temporary folder and compares it byte for
// byte with generated/ (or <dir>). Fails with a readable diff when the committed output is stale or hand-edited.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { generate } from './generate.js';
import { root } from './lib/spec.js';

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full, base) : [relative(base, full)];
  });
}

/** Returns the differences between two generated trees, as human-readable text; empty when they are identical. */
export function compareTrees(expectedDir: string, actualDir: string): string {
  const expected = new Set(listFiles(expectedDir));
  const actual = new Set(listFiles(actualDir));
  const out: string[] = [];
  for (const f of [...new Set([...expected, ...actual])].sort()) {
    if (!actual.has(f)) out.push(`missing: ${f} (the spec produces it; run npm run generate)`);
    else if (!expected.has(f)) out.push(`unexpected: ${f} (the spec does not produce it)`);
    else if (!readFileSync(join(expectedDir, f)).equals(readFileSync(join(actualDir, f)))) {
      const d = spawnSync('diff', ['-u', '--label', `fresh/${f}`, '--label', `committed/${f}`, join(expectedDir, f), join(actualDir, f)], { encoding: 'utf8' });
      out.push(`changed: ${f}\n${(d.stdout || '(diff unavailable)').split('\n').slice(0, 60).join('\n')}`);
    }
  }
  return out.join('\n');
}

export async function checkGenerated(committedDir: string, specFile?: string): Promise<string> {
  const fresh = mkdtempSync(join(tmpdir(), 'tfkey-gen-'));
  try {
    await generate(fresh, specFile);
    return compareTrees(fresh, committedDir);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = resolve(process.argv[2] ?? join(root, 'generated'));
  const diff = await checkGenerated(dir);
  if (diff) {
    console.error(`generated/ is out of date with spec/ — run \`npm run generate\` and commit both together:\n${diff}`);
    process.exit(1);
  }
  console.log('generated/ matches spec/ byte for byte');
}
