import { expect, it } from 'vitest';
import { coverageKey, coverageTable, markExercised } from '../scripts/lib/coverage.js';

it('a documented response that no passing test exercised is reported missing', () => {
  const documented = [
    { operationId: 'op', response: '204' },
    { operationId: 'op', response: '4XX' },
  ];
  const { table, missing } = coverageTable(documented, new Set([coverageKey('op', '204', 'prism'), coverageKey('op', '204', 'fake'), coverageKey('op', '4XX', 'prism')]));
  expect(missing).toEqual(['fake: op 4XX']);
  expect(table).toMatch(/^operation\s+response\s+prism\s+fake$/m);
  expect(table).toMatch(/op\s+204\s+yes\s+yes/);
  expect(table).toMatch(/op\s+4XX\s+yes\s+NO/);
});

it('marks accumulate on the test', () => {
  const task = { meta: {} as { exercised?: string[] } };
  markExercised(task, 'a', '200', 'prism');
  markExercised(task, 'a', '4XX', 'fake');
  expect(task.meta.exercised).toEqual(['prism: a 200', 'fake: a 4XX']);
});
