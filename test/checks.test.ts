// The checks of every npm test, as tests of the run: the generated/ drift, the spec's lint, the divergence ledger,
// the package packed from a clean copy (its build becomes dist/, and its tarball is the one the package test
// installs) and the public API reports of that build. They run side by side with the other files, so the pack's
// child processes and the checks in this worker share the cores with the rest of the run. `npm run checks` runs the
// same checks on their own.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { checkGenerated } from '../scripts/check-generated.js';
import { CHECKS } from '../scripts/checks.js';
import { root, specPath } from '../scripts/lib/spec.js';

const dir = mkdtempSync(join(tmpdir(), 'tfkey-checks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent('the checks', () => {
  for (const [name, check] of Object.entries(CHECKS)) {
    it(name, async () => {
      const { ok, output } = await check(inject('runId'));
      expect(ok, output).toBe(true);
    }, 180_000);
  }

  // That the drift check can fail (the other proofs, without a regeneration, are in test/drift-check.test.ts): here,
  // beside the check, where the generators are loaded already.
  it('check:generated catches a spec changed without regenerating', async () => {
    const changed = join(dir, 'changed-spec.yaml');
    writeFileSync(changed, readFileSync(specPath, 'utf8').replace('        - unknownFutureValue\n', '        - unknownFutureValue\n        - revoked\n'));
    const diff = await checkGenerated(join(root, 'generated'), changed);
    expect(diff).toContain("'revoked'");
    expect(diff).toMatch(/changed: (hey-api\/types\.gen\.ts|openapi-types\.ts|validators\.js)/);
  }, 60_000);
});
