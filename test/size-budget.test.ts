// The size gate: one operation's bundle (esbuild, minified, gzip -9) must stay within the budget in
// scripts/lib/size.ts. `npm run bench` reports the same numbers beside the 5 KB target.
import { describe, expect, it } from 'vitest';
import { ENTRIES, SIZE_BUDGET_BYTES, bundleSize } from '../scripts/lib/size.js';

describe('bundle size budget', () => {
  it.each(['updateKeyStatus', 'getKey'] as const)('%s stays within the budget', async (name) => {
    const { gzipped } = await bundleSize(ENTRIES[name]);
    expect(gzipped).toBeLessThanOrEqual(SIZE_BUDGET_BYTES);
  });

  it('the measurement sees what it bundles: the hey-api client alone is smaller than the whole', async () => {
    const [whole, hey] = await Promise.all([bundleSize(ENTRIES.updateKeyStatus), bundleSize(ENTRIES['hey-api SDK alone'])]);
    expect(hey.gzipped).toBeGreaterThan(2000);
    expect(whole.gzipped).toBeGreaterThan(hey.gzipped);
  });
});
