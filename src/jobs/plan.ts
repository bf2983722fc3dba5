// planKeyStatusChanges: reads the key sets that proposed changes touch and says, per target, what applying them would
// do — change, skip (already in that status) or refuse (the guard, an unknown key set, an unknown kid) — with
// reasons, the active key before and after, and warnings. Changes to one key set are judged together, in order.
import { isGraphError, type KeysClient, type TrustFrameworkKeyV2 } from '../index.js';
import { checkKeyStatusChange, horizonOf, type StatusChange } from './guard.js';

/** One proposed change. */
export interface ChangeTarget {
  keySetId: string;
  kid: string;
  status: 'enabled' | 'disabled';
}

/** What applying one target would do. */
export interface PlanItem extends ChangeTarget {
  /** The key's status when the plan was made; undefined for an unknown key set or kid. */
  current: string | undefined;
  action: 'change' | 'skip' | 'refuse';
  /** Why: the guard's reason, "already disabled", "no key set …". */
  reason: string;
  /** A change the guard refused, planned anyway with --force: applying it breaks what `reason` says. */
  forced?: boolean;
  activeBefore: string | undefined;
  activeAfter: string | undefined;
  warnings: string[];
}

export interface KeyStatusPlan {
  /** The format of this document. */
  version: 1;
  createdAt: string;
  /** Made with force: guard refusals became forced changes. */
  force: boolean;
  /** The guard's horizon when the plan was made, in days: apply re-checks with the same. Absent in older plans (30). */
  horizonDays?: number;
  items: PlanItem[];
}

export interface PlanOptions {
  /** Plan the guard's refusals as forced changes. */
  force?: boolean;
  /** The time the guard judges at, ms. Default: now. */
  now?: number;
  signal?: AbortSignal;
  /** Key sets read at once. Default 4. */
  concurrency?: number;
  /** Days ahead in which the guard refuses a change that opens a gap (a stretch with no usable key). Default 30. */
  horizonDays?: number;
}

/** Reads every key of each key set, a few key sets at a time; undefined for a key set Graph does not know. */
export async function readKeySets(client: KeysClient, ids: string[], signal?: AbortSignal, concurrency = 4): Promise<Map<string, TrustFrameworkKeyV2[] | undefined>> {
  const out = new Map<string, TrustFrameworkKeyV2[] | undefined>();
  const queue = [...new Set(ids)];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const keys: TrustFrameworkKeyV2[] = [];
      try {
        for await (const key of client.listKeys({ keySetId: id }, { signal })) keys.push(key);
        out.set(id, keys);
      } catch (e) {
        if (isGraphError(e) && e.status === 404) out.set(id, undefined);
        else throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  return out;
}

/** Judges `target` against its key set as the plan's earlier changes leave it; `pending` holds those changes. */
export function judgeTarget(target: ChangeTarget, keys: TrustFrameworkKeyV2[] | undefined, pending: StatusChange[], now: number, force: boolean, horizonDays?: number): PlanItem {
  const base = { ...target, activeBefore: undefined, activeAfter: undefined, warnings: [] as string[] };
  if (!keys) return { ...base, current: undefined, action: 'refuse', reason: `there is no key set ${target.keySetId}` };
  const key = keys.find((k) => k.kid === target.kid);
  if (!key) return { ...base, current: undefined, action: 'refuse', reason: `key set ${target.keySetId} has no key ${target.kid}` };
  const current = pending.findLast((c) => c.kid === target.kid)?.status ?? key.status;
  if (current === target.status) return { ...base, current: key.status, action: 'skip', reason: `already ${target.status}` };
  const earlier = keys.map((k) => ({ ...k, status: pending.findLast((c) => c.kid === k.kid)?.status ?? k.status }));
  const v = checkKeyStatusChange(target.keySetId, earlier, [{ kid: target.kid, status: target.status }], now, { horizonDays });
  const judged = { ...base, current: key.status, activeBefore: v.activeBefore, activeAfter: v.activeAfter, warnings: v.warnings };
  if (v.refused) return force ? { ...judged, action: 'change', forced: true, reason: `forced: ${v.reason}` } : { ...judged, action: 'refuse', reason: v.reason! };
  return { ...judged, action: 'change', reason: `${key.status} → ${target.status}` };
}

/**
 * Plans status changes: reads the current state of every key set they touch and judges each target.
 * @example
 * const plan = await planKeyStatusChanges(client, [{ keySetId: 'B2C_1A_TokenSigningKeyContainer', kid, status: 'disabled' }]);
 * for (const item of plan.items) console.log(item.action, item.reason);
 */
export async function planKeyStatusChanges(client: KeysClient, targets: ChangeTarget[], options: PlanOptions = {}): Promise<KeyStatusPlan> {
  const now = options.now ?? Date.now();
  const horizonDays = horizonOf(options); // a bad horizon is refused before anything is read
  const sets = await readKeySets(client, targets.map((t) => t.keySetId), options.signal, options.concurrency);
  const pending = new Map<string, StatusChange[]>();
  const items = targets.map((t) => {
    const changes = pending.get(t.keySetId) ?? [];
    const item = judgeTarget(t, sets.get(t.keySetId), changes, now, Boolean(options.force), horizonDays);
    if (item.action === 'change') pending.set(t.keySetId, [...changes, { kid: t.kid, status: t.status }]);
    return item;
  });
  return { version: 1, createdAt: new Date(now).toISOString(), force: Boolean(options.force), horizonDays, items };
}
