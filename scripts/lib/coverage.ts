// Response coverage: which (operation, documented response) pairs a passing test exercised. Tests mark what they
// exercised in their task meta; the run's reporter prints the table and fails the run on a gap.
import type { TaskMeta } from 'vitest';
import type { DocumentedResponse } from './contract.js';

declare module 'vitest' {
  interface TaskMeta {
    exercised?: string[];
  }
}

/** The providers whose responses are counted: Prism (the spec's own mock) and the test kit's fake. */
export const PROVIDERS = ['prism', 'fake'] as const;

export const coverageKey = (operationId: string, response: string, provider: string = 'prism') => `${provider}: ${operationId} ${response}`;

/** Records, on the running test, that it exercised this documented response of this provider. */
export function markExercised(task: { meta: TaskMeta }, operationId: string, response: string, provider: string = 'prism'): void {
  (task.meta.exercised ??= []).push(coverageKey(operationId, response, provider));
}

/** One row per documented response, one column per provider; a response a provider did not serve is missing. */
export function coverageTable(documented: DocumentedResponse[], exercised: Set<string>, providers: readonly string[] = PROVIDERS): { table: string; missing: string[] } {
  const head = ['operation', 'response', ...providers];
  const rows = documented.map((d) => [d.operationId, d.response, ...providers.map((p) => (exercised.has(coverageKey(d.operationId, d.response, p)) ? 'yes' : 'NO'))]);
  const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const missing = rows.flatMap((r) => providers.flatMap((p, i) => (r[i + 2] === 'NO' ? [`${p}: ${r[0]} ${r[1]}`] : [])));
  return { table: [line(head), ...rows.map(line)].join('\n'), missing };
}
