import { expect, it } from 'vitest';
import { coverageKey, coverageTable, markExercised } from './lib/coverage.js';

it('a documented response that no passing test exercised is reported missing', () => {
  const documented = [
    { operationId: 'op', response: '204' },
    { operationId: 'op', response: '4XX' },
  ];
  const { table, missing } = coverageTable(documented, new Set([coverageKey('op', '204')]));
  expect(missing).toEqual(['op 4XX']);
  expect(table).toMatch(/op\s+204\s+yes/);
  expect(table).toMatch(/op\s+4XX\s+NO/);
});

it('marks accumulate on the test', () => {
  const task = { meta: {} as { exercised?: string[] } };
  markExercised(task, 'a', '200');
  markExercised(task, 'a', '4XX');
  expect(task.meta.exercised).toEqual(['a 200', 'a 4XX']);
});
