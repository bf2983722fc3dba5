// Ends every vitest run with the plain line CI reads: "N passed, N failed" (", N skipped" when any were skipped),
// counted from the run's real results: a file that failed to load, or whose hook failed (the response-coverage gate
// of contract-tests/status-matrix.test.ts is one), counts as a failure. When the status matrix ran, it first prints
// the response-coverage table. It decides nothing: the gate fails the run under any reporter. Every skipped test is
// listed with its reason.
import { basename, relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { documentedResponses } from './contract.js';
import { coverageTable } from './coverage.js';
import { loadSpec } from './spec.js';

const MATRIX_FILE = 'status-matrix.test.ts';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    const count = { passed: 0, failed: 0, skipped: 0 };
    const exercised = new Set<string>();
    const skipped: string[] = [];
    for (const m of modules) {
      let failedTests = 0;
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') {
          count.passed++;
          for (const key of t.meta().exercised ?? []) exercised.add(key);
        } else if (state === 'failed') count.failed++, failedTests++;
        else {
          count.skipped++;
          skipped.push(`${relative(process.cwd(), m.moduleId)} > ${t.fullName}: ${t.options.mode === 'todo' ? 'todo' : (t.result() as { note?: string }).note ?? 'no reason given'}`);
        }
      }
      // A file that failed to load, or a hook that failed (afterAll's gate) with no test failing.
      if (m.state() === 'failed' && failedTests === 0) count.failed++;
    }
    count.failed += errors.length;
    if (modules.some((m) => basename(m.moduleId) === MATRIX_FILE && m.moduleId.includes('contract-tests'))) {
      const { table, missing } = coverageTable(documentedResponses(loadSpec()), exercised);
      process.stdout.write(`\nResponse coverage (every documented response must be exercised by a passing test):\n${table}\n`);
      if (missing.length > 0) process.stdout.write(`Unexercised documented responses: ${missing.join(', ')}\n`);
    }
    // Tests skipped by a filter (-t, a file pattern) have no reason of their own: counted, not listed one by one.
    const unexplained = skipped.filter((s) => s.endsWith(': no reason given'));
    const listed = unexplained.length > 10 ? skipped.filter((s) => !unexplained.includes(s)) : skipped;
    if (listed.length) process.stdout.write(`\nSkipped, and why:\n${listed.map((s) => `  ${s}`).join('\n')}\n`);
    if (listed.length < skipped.length) process.stdout.write(`${unexplained.length} more skipped without a reason of their own (not selected by the run's filter, or it.skip)\n`);
    const skippedCount = count.skipped ? `, ${count.skipped} skipped` : '';
    process.stdout.write(`\n${count.passed} passed, ${count.failed} failed${skippedCount}\n`);
  }
}
