// Where the review points for a change: the line diff under it, checked against the textbook longest common
// subsequence on small random texts, and on a spec far longer than this one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineDiff } from '../scripts/lib/review-lines.js';

/** The length of the longest common subsequence of two line lists, by the textbook table. */
function lcsLength(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = x === b[j - 1] ? diagonal + 1 : Math.max(up, row[j - 1]!);
      diagonal = up;
    }
  }
  return row[b.length]!;
}

describe('lineDiff', () => {
  it('keeps the longest common subsequence of lines, and says where each removal was', () => {
    const text = fc.array(fc.constantFrom('a:', '  b: 1', '  c: 2', '', 'd:'), { maxLength: 12 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        const d = lineDiff(a.join('\n'), b.join('\n'));
        const base = a.join('\n').split('\n');
        const head = b.join('\n').split('\n');
        const removedCount = d.removed.reduce((s, r) => s + r.lines.length, 0);
        // Minimal: only lines outside a longest common subsequence are added or removed.
        expect(d.added.length).toBe(head.length - lcsLength(base, head));
        expect(removedCount).toBe(base.length - lcsLength(base, head));
        // What is left of the head is what is left of the base: a subsequence of it, which the removed lines complete.
        const keptHead = head.filter((_, k) => !d.added.includes(k + 1));
        let k = 0;
        for (const line of base) if (line === keptHead[k]) k++;
        expect(k).toBe(keptHead.length);
        expect([...keptHead, ...d.removed.flatMap((r) => r.lines)].sort()).toEqual([...base].sort());
        for (const r of d.removed) expect(r.at).toBeGreaterThanOrEqual(1);
        for (const r of d.removed) expect(r.at).toBeLessThanOrEqual(head.length);
      }),
      { seed: 20261129, numRuns: 500 },
    );
  });

  it('diffs a 20,000-line spec with one line changed, inserted and removed, pointing at those lines', () => {
    // The whole-file table for texts this long would be 1.6 GB: only the lines between the common ends are compared.
    const base = Array.from({ length: 20_000 }, (_, k) => `  line${k}: ${k}`);
    const changed = base.map((l, k) => (k === 12_345 ? '  line12345: changed' : l));
    expect(lineDiff(base.join('\n'), changed.join('\n'))).toMatchObject({ added: [12_346], removed: [{ at: 12_347, lines: ['  line12345: 12345'] }] });
    const inserted = [...base.slice(0, 500), '  new: 1', ...base.slice(500)];
    expect(lineDiff(base.join('\n'), inserted.join('\n'))).toMatchObject({ added: [501], removed: [] });
    const shorter = base.filter((_, k) => k !== 19_000);
    expect(lineDiff(base.join('\n'), shorter.join('\n'))).toMatchObject({ added: [], removed: [{ at: 19_001, lines: ['  line19000: 19000'] }] });
  });
});
