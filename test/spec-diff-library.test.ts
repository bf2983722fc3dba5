// Pins why spec:diff is a focused checker rather than api-smart-diff (the maintained npm library that reads OpenAPI
// 3.1): the library calls changes that break a client's reading of a response "non-breaking". If an upgrade fixes
// that, this test fails, and the library should be reconsidered as the engine of scripts/lib/breaking.ts.
import { apiCompare } from 'api-smart-diff';
import { expect, it } from 'vitest';
import { diffSpecs } from '../scripts/lib/breaking.js';
import { loadSpec, type Spec } from '../scripts/lib/spec.js';

const base = loadSpec();
const edit = (f: (s: Spec) => void) => {
  const s = structuredClone(base);
  f(s);
  return s;
};
// The library resolves references in place: it gets copies.
const libraryVerdicts = (after: Spec) =>
  (apiCompare(structuredClone(base), structuredClone(after)).diffs as { type: string; path: (string | number)[] }[]).filter((d) => d.path[0] === 'paths').map((d) => d.type);

it.each([
  { name: 'a removed response property', f: (s: Spec) => delete s.components.schemas.TrustFrameworkKeyV2.properties.x5t },
  { name: 'a response property turned from string to integer', f: (s: Spec) => (s.components.schemas.TrustFrameworkKeyV2.properties.kid.type = 'integer') },
])('$name: api-smart-diff says non-breaking, spec:diff says breaking', ({ f }) => {
  const after = edit(f);
  // One verdict per response that carries the schema (the key's GET and the keys_v2 listing): all non-breaking.
  const verdicts = libraryVerdicts(after);
  expect(verdicts.length).toBeGreaterThan(0);
  expect(new Set(verdicts)).toEqual(new Set(['non-breaking']));
  expect(diffSpecs(base, after).some((c) => c.breaking)).toBe(true);
});
