// findKeySetsHoldingKid: the search behind `tfkey plan --all-key-sets`, for a consumer's own emergency script — every
// key set of the tenant (paged) whose keys (paged) include a kid, with that key as it is now.
import { RequestValidationError, type KeysClient, type TrustFrameworkKeyV2 } from '../index.js';
import { readKeySets } from './plan.js';
import { isPathId } from './plan-check.js';

/** A key set that holds the kid, and the key as read. */
export interface KidHolder {
  keySetId: string;
  key: TrustFrameworkKeyV2;
}

export interface FindOptions {
  signal?: AbortSignal;
  /** Key sets read at once. Default 4. */
  concurrency?: number;
}

/**
 * Every key set that holds `kid`, in the order Graph lists the key sets. A key set that disappears between the
 * listing and its read is left out; any other failure rejects, so a search never reports "nowhere" by mistake.
 * @example
 * for (const { keySetId, key } of await findKeySetsHoldingKid(keys, leakedKid)) console.log(keySetId, key.status);
 */
export async function findKeySetsHoldingKid(client: KeysClient, kid: string, options: FindOptions = {}): Promise<KidHolder[]> {
  if (!isPathId(kid)) {
    throw new RequestValidationError('kid', `kid must be a key id: a string other than "", "." and ".." (got ${JSON.stringify(kid) ?? String(kid)})`);
  }
  const ids: string[] = [];
  for await (const set of client.listKeySets({ signal: options.signal })) ids.push(set.id);
  const sets = await readKeySets(client, ids, options.signal, options.concurrency);
  return ids.flatMap((keySetId) => {
    const key = sets.get(keySetId)?.find((k) => k.kid === kid);
    return key ? [{ keySetId, key }] : [];
  });
}
