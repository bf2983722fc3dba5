// Ends every vitest run with the plain line CI reads: "N passed, N failed" (", N skipped" when any were skipped),
// counted from the run's real results. When the contract status matrix ran, it first prints the response-coverage
// table; a documented response that no passing test exercised counts as a failure and fails the run.
import { basename } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { documentedResponses } from './contract.js';
import { coverageTable } from './coverage.js';
import { loadSpec } from './spec.js';

const MATRIX_FILE = 'status-matrix.test.ts';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    const count = { passed: 0, failed: 0, skipped: 0 };
    const exercised = new Set<string>();
    for (const m of modules) {
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) count.failed++; // a file that failed to load
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') {
          count.passed++;
          for (const key of t.meta().exercised ?? []) exercised.add(key);
        } else if (state === 'failed') count.failed++;
        else count.skipped++;
      }
    }
    count.failed += errors.length;
    if (modules.some((m) => basename(m.moduleId) === MATRIX_FILE && m.moduleId.includes('contract-tests'))) {
      const { table, missing } = coverageTable(documentedResponses(loadSpec()), exercised);
      process.stdout.write(`\nResponse coverage (every documented response must be exercised by a passing test):\n${table}\n`);
      if (missing.length > 0) {
        process.stdout.write(`Unexercised documented responses: ${missing.join(', ')}\n`);
        count.failed += missing.length;
        process.exitCode = 1;
      }
    }
    const skipped = count.skipped ? `, ${count.skipped} skipped` : '';
    process.stdout.write(`\n${count.passed} passed, ${count.failed} failed${skipped}\n`);
  }
}
