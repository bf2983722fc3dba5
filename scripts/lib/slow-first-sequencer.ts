// The order vitest starts test files in. With results of an earlier run, vitest itself starts the slowest first; on
// a fresh clone it has none and goes by file size, so a long file (the package test: pack, install, type-check, a
// consumer's own test run) could start last and hold up the end of the run on a core of its own. The files known
// to take longest start first; the rest keep vitest's order.
// The spec's lint and review tests come right after the two first: the checks end well before the package test,
// so they run in the checks' worker thread, where Spectral and the generators are loaded already (in the other
// one, the lint tests took 1.45 s of CPU against 0.6 s, and the review loaded the generators a second time).
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const SLOW_FIRST = ['test/checks.test.ts', 'test/package.test.ts', 'test/spec-lint.test.ts', 'test/review.test.ts', 'test/gates.test.ts', 'contract-tests/differential.test.ts', 'contract-tests/live-proxy.test.ts', 'test/cli-jobs.test.ts'];

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = SLOW_FIRST.indexOf(relative(f.project.config.root, f.moduleId));
      return i < 0 ? SLOW_FIRST.length : i;
    };
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}
