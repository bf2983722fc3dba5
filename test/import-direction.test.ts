// Imports go down the layout only: scripts/ never reaches into contract-tests/ or test/ (code both need lives in
// scripts/lib/), and src/ — what ships — imports nothing of the tools or the tests.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../scripts/lib/spec.js';

const sources = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : /\.(ts|mts|mjs|js)$/.test(e.name) ? [join(dir, e.name)] : []));

/** Every relative module a file imports (static, dynamic and re-exports), as a path from the repository's root. */
export function importsOf(file: string, text = readFileSync(join(root, file), 'utf8')): string[] {
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specifiers.map((s) => relative(root, resolve(root, dirname(file), s)));
}

describe.each([
  { from: 'scripts', never: ['contract-tests/', 'test/'] },
  { from: 'src', never: ['scripts/', 'contract-tests/', 'test/'] },
])('$from/', ({ from, never }) => {
  it(`imports nothing from ${never.join(' or ')}`, () => {
    const climbing = sources(from).flatMap((file) => importsOf(file).filter((target) => never.some((n) => target.startsWith(n))).map((target) => `${file} → ${target}`));
    expect(climbing).toEqual([]);
  });
});

it('the scan sees every form of import', () => {
  const text = "import a from '../contract-tests/a.js';\nexport { b } from '../test/b.js';\nconst c = await import('./lib/c.js');\nimport '../d.js';";
  expect(importsOf('scripts/x.ts', text)).toEqual(['contract-tests/a.js', 'test/b.js', 'scripts/lib/c.js', 'd.js']);
});
