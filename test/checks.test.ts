// The checks of every npm test, as tests of the run: the generated/ drift, the spec's lint, the divergence ledger,
// the package packed from a clean copy (its build becomes dist/, and its tarball is the one the package test
// installs) and the public API reports of that build. They run side by side with the other files, so the pack's
// child processes and the checks in this worker share the cores with the rest of the run. `npm run checks` runs the
// same checks on their own.
import { describe, expect, inject, it } from 'vitest';
import { CHECKS } from '../scripts/checks.js';

describe.concurrent('the checks', () => {
  for (const [name, check] of Object.entries(CHECKS)) {
    it(name, async () => {
      const { ok, output } = await check(inject('runId'));
      expect(ok, output).toBe(true);
    }, 180_000);
  }
});
