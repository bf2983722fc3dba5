// The key timeline: which key B2C signs with over a stretch of time, by the rule the guard applies at one instant
// (the usable key with the latest nbf, else an undated one). The active key can change only where some enabled key
// starts (nbf) or expires (exp), so the timeline is the guard's answer at each of those points, joined into segments.
// Pure functions of the keys and the time; `checkKeySet` turns a timeline into the verdict `tfkey check` prints.
import { activeKey, isoDate, unusableBecause, withChanges, type GuardKey } from './guard.js';

/** A stretch of time with one active key, or none (`kid: null`, a gap). Times in ms since the epoch. */
export interface TimelineSegment {
  from: number;
  /** Where the next segment begins; null: it lasts (no key starts or expires after it). */
  to: number | null;
  kid: string | null;
}

/** A point where the active key changes, and why in words. */
export interface TimelineChange {
  at: number;
  before: string | null;
  after: string | null;
  /** e.g. "k1 expires", "k2 starts", "k2 overtakes k1 (a later nbf)". */
  why: string;
}

export interface KeyTimeline {
  segments: TimelineSegment[];
  changes: TimelineChange[];
}

const DAY_MS = 86_400_000;

/** The times at which some enabled key starts or expires, after `from` (and no later than `to`, if given), in order. */
function changePoints(keys: readonly GuardKey[], from: number, to: number | undefined): number[] {
  const points = new Set<number>();
  for (const k of keys) {
    if (k.status !== 'enabled') continue;
    for (const s of [k.nbf, k.exp]) if (s != null && s * 1000 > from && (to === undefined || s * 1000 <= to)) points.add(s * 1000);
  }
  return [...points].sort((a, b) => a - b);
}

function whyChange(keys: readonly GuardKey[], at: number, before: string | null, after: string | null): string {
  const key = (kid: string | null) => keys.find((k) => k.kid === kid);
  const expired = before !== null && key(before)?.exp != null && key(before)!.exp! * 1000 === at;
  const started = after !== null && key(after)?.nbf != null && key(after)!.nbf! * 1000 === at;
  if (after === null) return `${before} expires and no key is usable`;
  if (before === null) return `${after} starts`;
  if (started && !expired) return `${after} overtakes ${before} (a later nbf)`;
  return `${before} expires; ${after} takes over`;
}

/**
 * The active key of a key set over time, from `from` (ms) to `to` (ms, or for as long as anything changes): the
 * segments, each with its active kid or null where no key is usable, and every change point with its reason.
 * @example
 * const { segments } = keyTimeline(keys, Date.now(), Date.now() + 30 * 86_400_000);
 * for (const s of segments) console.log(new Date(s.from).toISOString(), s.kid ?? 'NO KEY');
 */
export function keyTimeline(keys: readonly GuardKey[], from: number, to?: number): KeyTimeline {
  const starts = [from, ...changePoints(keys, from, to)];
  const segments: TimelineSegment[] = [];
  const changes: TimelineChange[] = [];
  for (const at of starts) {
    const kid = activeKey(keys, at)?.kid ?? null;
    const last = segments.at(-1);
    if (last && last.kid === kid) continue;
    if (last) {
      last.to = at;
      changes.push({ at, before: last.kid, after: kid, why: whyChange(keys, at, last.kid, kid) });
    }
    segments.push({ from: at, to: null, kid });
  }
  if (to !== undefined) segments.at(-1)!.to = to;
  return { segments, changes };
}

/** A gap: a stretch with no usable key. `to` is null when no key ever becomes usable again. */
export interface Gap {
  from: number;
  to: number | null;
}

/** Every gap of a timeline that begins after `from` and no later than `until` (ms). */
export function gapsBeginning(timeline: KeyTimeline, from: number, until: number): Gap[] {
  return timeline.segments.filter((s) => s.kid === null && s.from > from && s.from <= until).map((s) => ({ from: s.from, to: s.to }));
}

const inDays = (at: number, now: number) => {
  const days = Math.floor((at - now) / DAY_MS);
  return days === 0 ? 'today' : `in ${days} day${days === 1 ? '' : 's'}`;
};
const iso = (ms: number) => isoDate(ms / 1000);

/** The verdict of `tfkey check` for one key set, with dates as ISO strings: its JSON shape. */
export interface KeySetCheck {
  keySetId: string;
  /** error: no usable key now; warn: usable now, but a gap begins within the horizon; ok: a usable key throughout. */
  verdict: 'ok' | 'warn' | 'error';
  active: string | null;
  /** When the active key stops being the active one (it expires, or a later key overtakes it); null if never. */
  activeUntil: string | null;
  /** The key active right after it; null if none (a gap follows, or nothing changes). */
  next: { kid: string; from: string } | null;
  /** Every gap that begins within the horizon; `to: null` when no key ever becomes usable again. */
  gaps: { from: string; to: string | null }[];
  /** Why, in words, naming the keys involved. */
  reasons: string[];
}

/**
 * Why a gap opens at `at`, naming the keys: the one that runs out, a disabled key that would have taken over (and
 * that enabling it closes the gap), or a successor dated too late.
 */
function explainGap(keySetId: string, keys: readonly GuardKey[], gap: Gap, before: string | null, now: number): string[] {
  const ran = keys.find((k) => k.kid === before);
  const out = [`${keySetId} has no usable key from ${iso(gap.from)} (${inDays(gap.from, now)})${gap.to === null ? ' on: no key becomes usable again' : ` to ${iso(gap.to)}`}${ran?.exp != null && ran.exp * 1000 === gap.from ? `: ${ran.kid}, the active key, expires then` : ''}`];
  // A key that is not enabled but would be usable at the gap's start: enabling it closes (or shortens) the gap.
  for (const k of keys) {
    if (k.status === 'enabled') continue;
    const enabled = withChanges(keys, [{ kid: k.kid, status: 'enabled' }]);
    if (activeKey(enabled, gap.from)?.kid === k.kid) out.push(`${k.kid} would take over then but is ${k.status ?? 'without a status'}: enabling it closes the gap`);
  }
  if (gap.to !== null) {
    const successor = activeKey(keys, gap.to);
    if (successor) out.push(`${successor.kid} becomes usable only on ${iso(gap.to)}, ${Math.ceil((gap.to - gap.from) / DAY_MS)} day(s) after the gap begins`);
  }
  return out;
}

/**
 * Judges one key set over `now … now + days` (ms, days): `error` with no usable key now, `warn` when a gap begins
 * within the horizon, `ok` with a usable key throughout (a handover from one key to the next is fine).
 * @example
 * const verdict = checkKeySet('B2C_1A_TokenSigningKeyContainer', keys, Date.now(), 30);
 * if (verdict.verdict !== 'ok') console.error(verdict.reasons.join('\n'));
 */
export function checkKeySet(keySetId: string, keys: readonly GuardKey[], now: number, days: number): KeySetCheck {
  const timeline = keyTimeline(keys, now);
  const [first, second] = timeline.segments as [TimelineSegment, TimelineSegment | undefined];
  const until = now + days * DAY_MS;
  const gaps = gapsBeginning(timeline, now, until);
  const reasons: string[] = [];
  let verdict: KeySetCheck['verdict'] = 'ok';
  if (first.kid === null) {
    verdict = 'error';
    reasons.push(`${keySetId} has no usable key now, and every policy using it fails: ${keys.map((k) => unusableBecause(k, now)).join('; ') || 'it has no keys'}`);
    if (first.to !== null) reasons.push(`${second!.kid} becomes usable on ${iso(first.to)} (${inDays(first.to, now)})`);
  } else if (gaps.length) {
    verdict = 'warn';
    for (const gap of gaps) {
      const before = timeline.segments[timeline.segments.findIndex((s) => s.from === gap.from) - 1]?.kid ?? null;
      reasons.push(...explainGap(keySetId, keys, gap, before, now));
    }
  } else if (first.to !== null && first.to <= until && second) {
    reasons.push(`${first.kid} hands over to ${second.kid} on ${iso(first.to)} (${inDays(first.to, now)})`);
  }
  return {
    keySetId,
    verdict,
    active: first.kid,
    activeUntil: first.kid === null || first.to === null ? null : iso(first.to),
    next: first.kid !== null && second?.kid ? { kid: second.kid, from: iso(second.from) } : null,
    gaps: gaps.map((g) => ({ from: iso(g.from), to: g.to === null ? null : iso(g.to) })),
    reasons,
  };
}
