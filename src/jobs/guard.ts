// The guard against the change that breaks every sign-in. B2C signs (or encrypts) with one key per key set: among
// the enabled keys whose activation (nbf) has passed and which have not expired (exp), the one with the latest nbf;
// keys without an activation date are the fallback. Disable the last usable key and every policy using the key set
// fails at once — now, or on the day the active key runs out with no successor. Pure functions of a key set, a
// proposed change and the time.
import { RequestValidationError } from '../index.js';
import { gapsBeginning, keyTimeline } from './timeline.js';

/** What the guard reads of a key: the fields of trustFrameworkKey_v2 that decide whether B2C can use it. */
export interface GuardKey {
  kid: string;
  status?: string | null;
  /** Activation, as a NumericDate (seconds since the epoch). */
  nbf?: number | null;
  /** Expiry, as a NumericDate. */
  exp?: number | null;
}

/** Why B2C cannot use a key at `now` (ms), or undefined when it can: the one rule the guard, list and check share. */
export function unusableState(key: GuardKey, now: number): 'disabled' | 'not-enabled' | 'not-yet-valid' | 'expired' | undefined {
  if (key.status !== 'enabled') return key.status === 'disabled' ? 'disabled' : 'not-enabled';
  if (key.nbf != null && key.nbf * 1000 > now) return 'not-yet-valid';
  if (key.exp != null && key.exp * 1000 <= now) return 'expired';
  return undefined;
}

/** Why a key can or cannot be used at `now` (ms), in words for a plan's table. */
export function unusableBecause(key: GuardKey, now: number): string | undefined {
  const state = unusableState(key, now);
  if (state === 'disabled' || state === 'not-enabled') return `${key.kid} is ${key.status ?? 'without a status'}`;
  if (state === 'not-yet-valid') return `${key.kid} is not active until ${isoDate(key.nbf!)}`;
  if (state === 'expired') return `${key.kid} expired on ${isoDate(key.exp!)}`;
  return undefined;
}

/**
 * Enabled, activated (nbf passed, if any) and not expired (exp not passed, if any). Decided by the state alone: the
 * words for why not (with their dates) are for reports, not for each look at a key (activeKey, the timeline).
 */
export const isUsable = (key: GuardKey, now: number): boolean => unusableState(key, now) === undefined;

/** The key B2C uses: the usable key with the latest nbf, else the first usable key without one; undefined if none. */
export function activeKey<K extends GuardKey>(keys: readonly K[], now: number): K | undefined {
  let dated: K | undefined;
  let undated: K | undefined;
  for (const key of keys) {
    if (!isUsable(key, now)) continue;
    if (key.nbf == null) undated ??= key;
    else if (dated === undefined || key.nbf > dated.nbf!) dated = key;
  }
  return dated ?? undated;
}

export const isoDate = (seconds: number): string => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** How soon an expiring active key is worth a warning. */
export const EXPIRY_WARNING_DAYS = 30;

export interface StatusChange {
  kid: string;
  status: 'enabled' | 'disabled';
}

export interface GuardVerdict {
  /** The change leaves a key set that had a usable key with none: every sign-in using it would fail. */
  refused: boolean;
  /** Why it is refused: the key set, its keys, and why none of them would be usable. */
  reason: string | undefined;
  /** The active key before and after the change (undefined: none). */
  activeBefore: string | undefined;
  activeAfter: string | undefined;
  /** What is worth knowing although nothing breaks: a new active key, one about to expire, a key set already broken. */
  warnings: string[];
}

/** The key set after the changes, as copies. */
export const withChanges = <K extends GuardKey>(keys: readonly K[], changes: readonly StatusChange[]): K[] =>
  keys.map((k) => {
    const change = changes.findLast((c) => c.kid === k.kid);
    return change ? { ...k, status: change.status } : k;
  });

/** How far ahead the guard looks for a gap a change would open, by default. */
export const HORIZON_DAYS = 30;

export interface GuardOptions {
  /** Days ahead in which a change may not open a gap (a stretch with no usable key). Default 30; 0 judges now only. */
  horizonDays?: number;
}

/** The horizon in days, checked: a number of days from 0 (default 30). */
export function horizonOf(options: GuardOptions): number {
  const days = options.horizonDays ?? HORIZON_DAYS;
  if (!(Number.isFinite(days) && days >= 0)) throw new RequestValidationError('horizonDays', `horizonDays must be a number of days from 0 (got ${days})`);
  return days;
}

/**
 * Judges proposed status changes to one key set at `now` (ms): which key is active before and after, and whether
 * the changes leave it with no usable key now (refused, naming the key set, its keys and why each is unusable) or
 * open a gap within the horizon that was not there (refused, saying when it would begin and which key would have
 * taken over). A change that closes a gap is never refused.
 */
export function checkKeyStatusChange(keySetId: string, keys: readonly GuardKey[], changes: readonly StatusChange[], now: number, options: GuardOptions = {}): GuardVerdict {
  const horizonDays = horizonOf(options);
  const after = withChanges(keys, changes);
  const before = activeKey(keys, now);
  const next = activeKey(after, now);
  const warnings: string[] = [];
  const usableBefore = keys.some((k) => isUsable(k, now));
  if (!usableBefore) warnings.push(`${keySetId} has no usable key already: ${keys.map((k) => unusableBecause(k, now)).join('; ') || 'it has no keys'}`);
  const what = changes.map((c) => `${c.status === 'disabled' ? 'disabling' : 'enabling'} ${c.kid}`).join(' and ');
  let reason: string | undefined;
  if (usableBefore && next === undefined) {
    reason = `${what} would leave ${keySetId} with no usable key, and every policy using it would fail: ${after.map((k) => unusableBecause(k, now)).join('; ')}`;
  } else if (usableBefore) {
    const until = now + horizonDays * 86_400_000;
    const opened = gapsBeginning(keyTimeline(after, now), now, until)[0];
    if (opened && gapsBeginning(keyTimeline(keys, now), now, until).length === 0) {
      const days = Math.floor((opened.from - now) / 86_400_000);
      const wouldHave = activeKey(keys, opened.from)?.kid;
      reason = `${what} would leave ${keySetId} with no usable key from ${isoDate(opened.from / 1000)} (in ${days} day${days === 1 ? '' : 's'}), and every policy using it would fail then: ${wouldHave} would have taken over`;
    }
  }
  const refused = reason !== undefined;
  if (next && before && next.kid !== before.kid) warnings.push(`${next.kid} becomes the active key of ${keySetId} (was ${before.kid})`);
  if (next && !before) warnings.push(`${next.kid} becomes the active key of ${keySetId} (it had none)`);
  if (next?.exp != null && next.exp * 1000 - now < EXPIRY_WARNING_DAYS * 86_400_000) {
    const days = Math.max(0, Math.floor((next.exp * 1000 - now) / 86_400_000));
    warnings.push(`the active key ${next.kid} of ${keySetId} expires on ${isoDate(next.exp)}, in ${days} day${days === 1 ? '' : 's'}: add a key before then`);
  }
  return { refused, reason, activeBefore: before?.kid, activeAfter: next?.kid, warnings };
}
