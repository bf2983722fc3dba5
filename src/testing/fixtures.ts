// Seed data for the fake, held to the spec: the key sets a test gives are checked once, at creation, by the spec's
// own schema for a key, so the fake never serves what the contract forbids. And a builder for keys with readable
// dates, since `nbf` and `exp` are NumericDates (seconds since 1970), not the ISO strings a test would write.
import { validators } from '../../generated/contract.js';
import { RequestValidationError, type TrustFrameworkKeyV2 } from '../index.js';

const KEY = validators.getTrustFrameworkKeyV2Response200!;
const IDS = validators.getTrustFrameworkKeyV2Path!;
const NUMERIC_DATES = new Set(['nbf', 'exp']);

const shown = (v: unknown) => JSON.stringify(v) ?? String(v);

/** One spec error of a key as a sentence: `nbf must be a NumericDate: seconds since 1970 (got "2026-01-01")`. */
function sentence(key: Record<string, unknown>, e: NonNullable<typeof KEY.errors>[number]): { field: string; text: string } {
  const field = e.instancePath.slice(1).split('/')[0] || String((e.params as { missingProperty?: string }).missingProperty ?? '');
  const got = shown(key[field]);
  if (NUMERIC_DATES.has(field)) return { field, text: `${field} must be a NumericDate: seconds since 1970 (got ${got})` };
  const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
  if (allowed) return { field, text: `${field} must be one of ${allowed.join(', ')} (got ${got})` };
  if (e.keyword === 'required') return { field, text: `${field} is required` };
  return { field, text: `${field} ${e.message ?? 'is invalid'} (got ${got})` };
}

/**
 * Checks seed key sets against the spec: each key set a list of keys, each key a `TrustFrameworkKeyV2` with a kid
 * that is a valid path segment, no kid twice in a set. Throws a RequestValidationError naming the key set, the key
 * and the field.
 */
export function checkKeySets(keySets: unknown): asserts keySets is Record<string, TrustFrameworkKeyV2[]> {
  const refuse = (field: string, text: string): never => {
    throw new RequestValidationError(field, text);
  };
  if (keySets === null || typeof keySets !== 'object' || Array.isArray(keySets)) refuse('keySets', `keySets must be an object of key set ids to lists of keys (got ${shown(keySets)})`);
  for (const [keySetId, keys] of Object.entries(keySets as object)) {
    const set = `keySets[${shown(keySetId)}]`;
    if (!IDS({ keySetId, kid: 'k' })) refuse(set, `${set}: the key set id must be a path segment: not empty, "." or ".."`);
    if (!Array.isArray(keys)) refuse(set, `${set} must be a list of keys (got ${shown(keys)})`);
    const seen = new Set<string>();
    (keys as unknown[]).forEach((key, i) => {
      const at = `${set}[${i}]`;
      if (key === null || typeof key !== 'object' || Array.isArray(key)) refuse(at, `${at} must be a key object (got ${shown(key)})`);
      const k = key as Record<string, unknown>;
      const named = typeof k.kid === 'string' ? `${at} (kid ${shown(k.kid)})` : at;
      if (!KEY(k)) {
        const { field, text } = sentence(k, KEY.errors![0]!);
        refuse(`${at}.${field}`, `${named}: ${text}`);
      }
      if (!IDS({ keySetId, kid: k.kid })) refuse(`${at}.kid`, `${named}: kid must be a path segment: not empty, "." or ".."`);
      if (seen.has(k.kid as string)) refuse(`${at}.kid`, `${named}: kid appears twice in the key set`);
      seen.add(k.kid as string);
    });
  }
}

/** A date as a test writes it: a Date, an ISO 8601 string, or a NumericDate (seconds since 1970). */
export type ReadableDate = Date | string | number;

/** What {@link fakeKey} takes: a kid, and anything of a key, with readable dates. */
export interface FakeKeyInit extends Omit<Partial<TrustFrameworkKeyV2>, 'nbf' | 'exp'> {
  kid: string;
  /** Not valid before: a Date, an ISO string, or seconds since 1970. */
  nbf?: ReadableDate | null;
  /** Expiry: a Date, an ISO string, or seconds since 1970. */
  exp?: ReadableDate | null;
}

const DATE_RULE = 'a Date, an ISO 8601 date ("2026-01-01" or "2026-01-01T00:00:00Z")';

/** Milliseconds since the epoch for a Date or an ISO string, or a RequestValidationError naming `field`. */
export function msOf(value: Date | string, field: string, numbers = ''): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw new RequestValidationError(field, `${field} must be ${DATE_RULE}${numbers} (got ${value instanceof Date ? 'an invalid Date' : shown(value)})`);
  return ms;
}

/** Seconds since 1970 for a readable date. */
function numericDate(value: ReadableDate, field: string): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new RequestValidationError(field, `${field} must be ${DATE_RULE} or whole seconds since 1970 (got ${value})`);
    return value;
  }
  return Math.floor(msOf(value, field, ' or whole seconds since 1970') / 1000);
}

/**
 * A key for the fake's seed, with readable dates: `nbf` and `exp` become NumericDates. Defaults: enabled, an RSA
 * signing key. The result is checked by the spec like any seed.
 * @example
 * createFakeGraph({ keySets: { B2C_1A_Signing: [fakeKey({ kid: 'k1', nbf: '2026-01-01', exp: '2027-01-01' })] } });
 */
export function fakeKey(init: FakeKeyInit): TrustFrameworkKeyV2 {
  const { nbf, exp, ...rest } = init;
  const key: TrustFrameworkKeyV2 = { use: 'sig', kty: 'RSA', status: 'enabled', ...rest };
  if (nbf != null) key.nbf = numericDate(nbf, 'nbf');
  if (exp != null) key.exp = numericDate(exp, 'exp');
  checkKeySets({ fakeKey: [key] });
  return key;
}
