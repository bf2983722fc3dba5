// `npm run check:generated [-- <dir>]`: regenerates from the spec into a temporary folder and compares it byte for
// byte with generated/ (or <dir>). Fails with a readable diff when the committed output is stale or hand-edited.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { root, specPath } from './lib/spec.js';

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

const generatedTexts = new Map<string, Promise<string>>();
let cleanupHooked = false;

/**
 * The generators' output for a spec's text, in a temporary folder: made once per text in a process (a review of a
 * planted change and its test ask for the same output), removed when the process exits.
 */
export function generatedFor(specText: string): Promise<string> {
  let dir = generatedTexts.get(specText);
  if (!dir) {
    if (!cleanupHooked) {
      cleanupHooked = true;
      process.once('exit', () => {
        for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
      });
    }
    dir = (async () => {
      // The generators load here, not with this module: comparing trees needs none of them (2.5 s of CPU to load).
      const { generate } = await import('./generate.js');
      const out = mkdtempSync(join(tmpdir(), 'tfkey-gen-'));
      tmpDirs.push(out);
      const spec = join(out, '.spec.yaml');
      writeFileSync(spec, specText);
      const fresh = join(out, 'generated');
      await generate(fresh, spec);
      return fresh;
    })();
    generatedTexts.set(specText, dir);
  }
  return dir;
}
const tmpDirs: string[] = [];

export async function checkGenerated(committedDir: string, specFile: string = specPath): Promise<string> {
  return compareTrees(await generatedFor(readFileSync(specFile, 'utf8')), committedDir);
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
