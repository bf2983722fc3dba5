// findKeySetsHoldingKid: the search behind `tfkey plan --all-key-sets`, exported for a consumer's emergency script.
import { describe, expect, it } from 'vitest';
import { createKeysClient, GraphError, RequestValidationError } from '../../src/index.js';
import { findKeySetsHoldingKid } from '../../src/jobs/index.js';
import { createFakeGraph, fakeKey } from '../../src/testing/index.js';

const leaked = 'leaked-kid';
const keySets = {
  B2C_1A_A: [fakeKey({ kid: leaked }), fakeKey({ kid: 'a2' })],
  B2C_1A_B: [fakeKey({ kid: 'b1' })],
  B2C_1A_C: [fakeKey({ kid: 'c1' }), fakeKey({ kid: 'c2' }), fakeKey({ kid: leaked, status: 'disabled' })],
  B2C_1A_D: [],
  B2C_1A_E: [fakeKey({ kid: leaked })],
};

const setup = (maxRetries = 3) => {
  const graph = createFakeGraph({ keySets, pageSize: 2 });
  return { graph, keys: createKeysClient({ token: 't', fetch: graph.fetch, baseUrl: graph.baseUrl, maxRetries, retryDelayMs: 1 }) };
};

describe('findKeySetsHoldingKid', () => {
  it('finds every key set holding the kid across paged listings, in listing order, with the key as it is', async () => {
    const { graph, keys } = setup();
    const found = await findKeySetsHoldingKid(keys, leaked);
    expect(found.map((f) => [f.keySetId, f.key.status])).toEqual([['B2C_1A_A', 'enabled'], ['B2C_1A_C', 'disabled'], ['B2C_1A_E', 'enabled']]);
    // The key sets' listing and the third set's keys each took two pages.
    expect(graph.requests.filter((r) => r.operationId === 'listTrustFrameworkKeySets')).toHaveLength(3);
    expect(graph.requests.filter((r) => r.path.endsWith('B2C_1A_C/keys_v2') || r.path.includes('B2C_1A_C/keys_v2?'))).toHaveLength(2);
    graph.assertNoViolations();
  });

  it('finds nothing for a kid no key set holds', async () => {
    expect(await findKeySetsHoldingKid(setup().keys, 'nowhere')).toEqual([]);
  });

  it('leaves out a key set that disappears between the listing and its read', async () => {
    const { graph, keys } = setup();
    graph.script({ operationId: 'listTrustFrameworkKeysV2', keySetId: 'B2C_1A_A', status: 404 });
    expect((await findKeySetsHoldingKid(keys, leaked)).map((f) => f.keySetId)).toEqual(['B2C_1A_C', 'B2C_1A_E']);
  });

  it('rejects on any other failure rather than report "nowhere"', async () => {
    const { graph, keys } = setup(0);
    graph.script({ operationId: 'listTrustFrameworkKeysV2', keySetId: 'B2C_1A_E', status: 500 });
    await expect(findKeySetsHoldingKid(keys, leaked)).rejects.toBeInstanceOf(GraphError);
  });

  it.each(['', '.', '..', 7])('refuses kid %j before sending anything', async (kid) => {
    const { graph, keys } = setup();
    await expect(findKeySetsHoldingKid(keys, kid as string)).rejects.toThrow(new RequestValidationError('kid', `kid must be a key id: a string other than "", "." and ".." (got ${JSON.stringify(kid)})`));
    expect(graph.requests).toEqual([]);
  });
});
