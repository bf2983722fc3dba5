import { cpSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compareTrees } from '../scripts/check-generated.js';
import { root } from '../scripts/lib/spec.js';

// The drift check itself runs in every npm test (test/checks.test.ts; alone: npm run check:generated); these prove
// it can fail. The proof with a regeneration (a spec changed without regenerating) is in test/checks.test.ts, in the
// worker that has the generators loaded for the check itself: loading them costs 2 s of CPU.
let dir: string;
const committed = join(root, 'generated');
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tfkey-drift-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const copy = (name: string) => {
  const to = join(dir, name);
  cpSync(committed, to, { recursive: true });
  return to;
};

it('identical trees have no differences', () => {
  expect(compareTrees(committed, copy('same'))).toBe('');
});

it('a hand edit is reported with a diff naming the file and the line', () => {
  const edited = copy('edited');
  appendFileSync(join(edited, 'hey-api/sdk.gen.ts'), 'export const handEdit = 1;\n');
  const diff = compareTrees(committed, edited);
  expect(diff).toContain('changed: hey-api/sdk.gen.ts');
  expect(diff).toContain('+export const handEdit = 1;');
});

it('a missing and an extra file are reported', () => {
  const t = copy('files');
  rmSync(join(t, 'validators.js'));
  writeFileSync(join(t, 'stray.ts'), '');
  const diff = compareTrees(committed, t);
  expect(diff).toContain('missing: validators.js');
  expect(diff).toContain('unexpected: stray.ts');
});
