// checkPlan: a plan read back from a file is checked before anything of it runs, naming the item, the field and what
// was found; applyKeyStatusChanges refuses a bad plan as a whole, before sending anything.
import { describe, expect, it } from 'vitest';
import { createKeysClient, RequestValidationError } from '../../src/index.js';
import { applyKeyStatusChanges, checkPlan, planKeyStatusChanges, type KeyStatusPlan } from '../../src/jobs/index.js';
import { createFakeGraph, fakeKey } from '../../src/testing/index.js';

const item = { keySetId: 'S', kid: 'k', status: 'disabled', action: 'change' };

describe('checkPlan', () => {
  it.each([
    { name: 'a string', plan: 'plan', field: 'plan', message: 'a plan must be a JSON object with "version": 1 and "items" (got "plan")' },
    { name: 'version 2', plan: { version: 2, items: [] }, field: 'version', message: 'version must be 1, the plan format this tfkey reads (got 2): make the plan again with this version' },
    { name: 'no items', plan: { version: 1 }, field: 'items', message: 'items must be a list of planned changes (got nothing)' },
    { name: 'an item that is a list', plan: { version: 1, items: [[]] }, field: 'items[0]', message: 'item 1 must be an object with keySetId, kid, status and action (got [])' },
    { name: 'an empty key set id', plan: { version: 1, items: [{ ...item, keySetId: '' }] }, field: 'items[0].keySetId', message: 'item 1: keySetId must be a key set id: a string other than "", "." and ".." (got "")' },
    { name: 'a "." kid', plan: { version: 1, items: [item, { ...item, kid: '.' }] }, field: 'items[1].kid', message: 'item 2 (S, kid "."): kid must be a key id: a string other than "", "." and ".." (got ".")' },
    { name: 'a capitalised status', plan: { version: 1, items: [{ ...item, status: 'Disabled' }] }, field: 'items[0].status', message: 'item 1 (S, kid "k"): status must be one of enabled, disabled (got "Disabled")' },
    { name: 'no action', plan: { version: 1, items: [{ ...item, action: undefined }] }, field: 'items[0].action', message: 'item 1 (S, kid "k"): action must be one of change, skip, refuse (got nothing)' },
  ])('refuses $name, naming the field', ({ plan, field, message }) => {
    expect(() => checkPlan(plan)).toThrow(new RequestValidationError(field, message));
  });

  it('takes what tfkey plan writes', async () => {
    const graph = createFakeGraph({ keySets: { S: [fakeKey({ kid: 'k' }), fakeKey({ kid: 'j' })] } });
    const plan = await planKeyStatusChanges(createKeysClient({ token: 't', fetch: graph.fetch, baseUrl: graph.baseUrl }), [{ keySetId: 'S', kid: 'k', status: 'disabled' }]);
    expect(() => checkPlan(JSON.parse(JSON.stringify(plan)))).not.toThrow();
  });

  it('applyKeyStatusChanges refuses a bad plan before sending anything', async () => {
    const graph = createFakeGraph({ keySets: { S: [fakeKey({ kid: 'k' }), fakeKey({ kid: 'j' })] } });
    const client = createKeysClient({ token: 't', fetch: graph.fetch, baseUrl: graph.baseUrl });
    const plan = { version: 1, createdAt: '', force: false, items: [{ ...item, kid: 'j' }, { ...item, kid: '..' }] } as unknown as KeyStatusPlan;
    await expect(applyKeyStatusChanges(client, plan)).rejects.toThrow(new RequestValidationError('items[1].kid', 'item 2 (S, kid ".."): kid must be a key id: a string other than "", "." and ".." (got "..")'));
    expect(graph.requests).toEqual([]);
  });
});
