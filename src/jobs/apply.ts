// applyKeyStatusChanges: runs a plan with bounded, adaptive concurrency. Each change re-checks its key set and the
// guard first (the plan may be stale), is sent, and is read back to confirm. A journal records every step, so a run
// killed at any point and started again finishes the work without redoing what was confirmed. It never rejects for
// one item: every item gets a result.
import { checkPlan } from './plan-check.js';
import type { KeysClient, TrustFrameworkKeyV2 } from '../index.js';
import { checkKeyStatusChange } from './guard.js';
import { readKeySets, type ChangeTarget, type KeyStatusPlan, type PlanItem } from './plan.js';

export type Outcome = 'done' | 'skipped' | 'refused' | 'failed';

/** One step of one item, as the journal keeps it. `sent` is written before the PATCH goes out. */
export interface JournalEntry {
  item: number;
  phase: 'sent' | Outcome;
  detail: string;
  at: string;
}

/** Where a run keeps its steps; the CLI keeps it in a file beside the plan. */
export interface Journal {
  /** The last step recorded for an item, if any. */
  last(item: number): JournalEntry | undefined;
  record(entry: JournalEntry): void;
}

export function memoryJournal(entries: JournalEntry[] = []): Journal & { entries: JournalEntry[] } {
  return {
    entries,
    last: (item) => entries.findLast((e) => e.item === item),
    record: (entry) => void entries.push(entry),
  };
}

export interface ApplyResult extends ChangeTarget {
  item: number;
  outcome: Outcome;
  detail: string;
  /** For a failure: what went wrong (a GraphError, NetworkError, …). */
  error?: Error;
  /** Settled by an earlier run, as its journal says. */
  resumed?: boolean;
}

export interface ApplyProgress {
  finished: number;
  total: number;
  running: number;
  /** The concurrency now: halved on throttling, grown back slowly. */
  concurrency: number;
  /** Throttling answers seen by the client so far. */
  throttled: number;
  result: ApplyResult;
}

export interface ApplyOptions {
  /** The most changes in flight. Default 4. */
  concurrency?: number;
  journal?: Journal;
  onProgress?: (progress: ApplyProgress) => void;
  signal?: AbortSignal;
  /** The clock the guard judges by, ms. Default Date.now. */
  now?: () => number;
  /** Days ahead in which the re-check refuses a change that opens a gap. Default: the plan's, else 30. */
  horizonDays?: number;
}

export interface ApplyReport {
  results: ApplyResult[];
  counts: Record<Outcome, number>;
}

const SETTLED = new Set(['done', 'skipped', 'refused']);

/**
 * Applies a plan: refused items are left alone unless forced, skipped ones are skipped, and each change is
 * re-checked, sent and read back. One item's failure is a result, never a rejection; a plan that
 * {@link checkPlan} refuses (a hand-edited file, say) rejects with its RequestValidationError before anything is sent.
 * @example
 * const report = await applyKeyStatusChanges(client, plan, { concurrency: 4, onProgress: (p) => console.log(p.finished, '/', p.total) });
 * if (report.counts.failed) process.exitCode = 1;
 */
export async function applyKeyStatusChanges(client: KeysClient, plan: KeyStatusPlan, options: ApplyOptions = {}): Promise<ApplyReport> {
  // A plan read back from a file may have been edited: a bad one runs nothing of it.
  checkPlan(plan);
  const horizonDays = options.horizonDays ?? plan.horizonDays;
  const max = Math.max(1, options.concurrency ?? 4);
  const now = options.now ?? Date.now;
  const journal = options.journal;
  const results: ApplyResult[] = [];
  // Changes to one key set run one after another, so each re-check sees the ones before it.
  const keySetTail = new Map<string, Promise<unknown>>();

  const settle = (i: number, item: PlanItem, outcome: Outcome, detail: string, error?: Error): ApplyResult => {
    journal?.record({ item: i, phase: outcome, detail, at: new Date().toISOString() });
    return { item: i, keySetId: item.keySetId, kid: item.kid, status: item.status, outcome, detail, ...(error ? { error } : {}) };
  };

  async function change(i: number, item: PlanItem, resent: boolean): Promise<ApplyResult> {
    const sets = await readKeySets(client, [item.keySetId], options.signal);
    const keys: TrustFrameworkKeyV2[] | undefined = sets.get(item.keySetId);
    if (!keys) return settle(i, item, 'refused', `there is no key set ${item.keySetId} any more`);
    const key = keys.find((k) => k.kid === item.kid);
    if (!key) return settle(i, item, 'refused', `key set ${item.keySetId} has no key ${item.kid} any more`);
    if (key.status === item.status) {
      return resent ? settle(i, item, 'done', `${item.status}: confirmed after an interrupted run`) : settle(i, item, 'skipped', `already ${item.status}`);
    }
    if (!item.forced) {
      const v = checkKeyStatusChange(item.keySetId, keys, [{ kid: item.kid, status: item.status }], now(), { horizonDays });
      if (v.refused) return settle(i, item, 'refused', `the key set changed since the plan: ${v.reason}`);
    }
    journal?.record({ item: i, phase: 'sent', detail: `${key.status} → ${item.status}`, at: new Date().toISOString() });
    await client.updateKeyStatus({ keySetId: item.keySetId, keyId: item.kid, status: item.status }, { signal: options.signal });
    let back: TrustFrameworkKeyV2;
    try {
      back = await client.getKey({ keySetId: item.keySetId, keyId: item.kid }, { signal: options.signal });
    } catch (e) {
      // Graph accepted the change: say so, rather than report a change that happened as a plain failure.
      return settle(i, item, 'failed', `Graph accepted ${key.status} → ${item.status}, but reading the key back failed: ${(e as Error).message}`, e as Error);
    }
    if (back.status !== item.status) return settle(i, item, 'failed', `Graph accepted ${key.status} → ${item.status}, but the key reads back ${back.status}`);
    return settle(i, item, 'done', `${key.status} → ${item.status}${item.forced ? ' (forced)' : ''}`);
  }

  async function run(i: number, item: PlanItem): Promise<ApplyResult> {
    const last = journal?.last(i);
    if (last && SETTLED.has(last.phase)) return { item: i, keySetId: item.keySetId, kid: item.kid, status: item.status, outcome: last.phase as Outcome, detail: last.detail, resumed: true };
    if (item.action === 'skip') return settle(i, item, 'skipped', item.reason);
    if (item.action === 'refuse') return settle(i, item, 'refused', item.reason);
    const previous = keySetTail.get(item.keySetId) ?? Promise.resolve();
    const mine = previous.then(() => change(i, item, last?.phase === 'sent'));
    keySetTail.set(item.keySetId, mine.catch(() => undefined));
    try {
      return await mine;
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      return settle(i, item, 'failed', error.message, error);
    }
  }

  // The pool: at most `limit` in flight; halve once per throttling the client saw (not once per item that saw it),
  // grow back by one over `limit` finished items.
  let limit = max;
  let seen = client.throttling.events;
  let next = 0;
  const running = new Set<Promise<void>>();
  const total = plan.items.length;
  while (next < total || running.size) {
    while (next < total && running.size < Math.floor(limit) && !options.signal?.aborted) {
      const i = next++;
      const p = run(i, plan.items[i]!).then((result) => {
        results[i] = result;
        const events = client.throttling.events;
        limit = events > seen ? Math.max(1, limit / 2) : Math.min(max, limit + 1 / limit);
        seen = events;
        running.delete(p);
        options.onProgress?.({ finished: results.filter(Boolean).length, total, running: running.size, concurrency: Math.floor(limit), throttled: client.throttling.events, result });
      });
      running.add(p);
    }
    if (!running.size) break;
    await Promise.race(running);
  }
  // Not started because the caller aborted: failed, and left for the next run (the journal has no step for them).
  for (let i = 0; i < total; i++) {
    results[i] ??= { item: i, keySetId: plan.items[i]!.keySetId, kid: plan.items[i]!.kid, status: plan.items[i]!.status, outcome: 'failed', detail: 'not started: the run was aborted' };
  }
  const counts: Record<Outcome, number> = { done: 0, skipped: 0, refused: 0, failed: 0 };
  for (const r of results) counts[r.outcome]++;
  return { results, counts };
}
