// The guard's rule for the active key, compared with Graph's getActiveKey as each provider serves it: Prism answers
// from the spec's examples, the fake from its state. At a time within the example key's nbf..exp, both must name the
// key the guard picks from the same provider's listing.
import { describe, expect, it } from 'vitest';
import { activeKey } from '../src/jobs/index.js';
import { clientFor, KEY_SET, providers } from './lib/providers.js';

const WITHIN_EXAMPLE = Date.UTC(2025, 5, 1);

describe.each(providers())('$name', (p) => {
  it('getActiveKey names the key the guard picks from listKeys', async () => {
    const client = clientFor(p);
    const keys = [];
    for await (const key of client.listKeys({ keySetId: KEY_SET })) keys.push(key);
    const expected = activeKey(keys, WITHIN_EXAMPLE);
    expect(expected).toBeDefined();
    expect((await client.getActiveKey({ keySetId: KEY_SET })).kid).toBe(expected!.kid);
  });
});
