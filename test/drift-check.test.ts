import { cpSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compareTrees } from '../scripts/check-generated.js';
import { root } from '../scripts/lib/spec.js';

// The drift check itself runs in every npm test (test/checks.test.ts; alone: npm run check:generated); these prove
// it can fail.
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

it('a spec change without regenerating is caught', async () => {
  const { checkGenerated } = await import('../scripts/check-generated.js');
  const { readFileSync } = await import('node:fs');
  const { specPath } = await import('../scripts/lib/spec.js');
  const changed = join(dir, 'changed-spec.yaml');
  writeFileSync(changed, readFileSync(specPath, 'utf8').replace('        - unknownFutureValue\n', '        - unknownFutureValue\n        - revoked\n'));
  const diff = await checkGenerated(committed, changed);
  expect(diff).toContain("'revoked'");
  expect(diff).toMatch(/changed: (hey-api\/types\.gen\.ts|openapi-types\.ts|validators\.js)/);
}, 30_000);
