// Response coverage: which (operation, documented response) pairs a passing test exercised. Tests mark what they
// exercised in their task meta; the run's reporter prints the table and fails the run on a gap.
import type { TaskMeta } from 'vitest';
import type { DocumentedResponse } from './contract.js';

declare module 'vitest' {
  interface TaskMeta {
    exercised?: string[];
  }
}

export const coverageKey = (operationId: string, response: string) => `${operationId} ${response}`;

/** Records, on the running test, that it exercised this documented response. */
export function markExercised(task: { meta: TaskMeta }, operationId: string, response: string): void {
  (task.meta.exercised ??= []).push(coverageKey(operationId, response));
}

export function coverageTable(documented: DocumentedResponse[], exercised: Set<string>): { table: string; missing: string[] } {
  const rows = documented.map((d) => [d.operationId, d.response, exercised.has(coverageKey(d.operationId, d.response)) ? 'yes' : 'NO']);
  const widths = [0, 1, 2].map((i) => Math.max(...[['operation', 'response', 'exercised'], ...rows].map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  const missing = rows.filter((r) => r[2] === 'NO').map((r) => `${r[0]} ${r[1]}`);
  return { table: [line(['operation', 'response', 'exercised']), ...rows.map(line)].join('\n'), missing };
}
