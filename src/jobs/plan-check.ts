// checkPlan: a plan read back from a file (perhaps edited by hand) is checked before anything of it runs, and a bad
// one is refused with the item, the field and what was found — the same verdict for apply and its dry run.
import { RequestValidationError } from '../index.js';
import type { KeyStatusPlan } from './plan.js';

const shown = (v: unknown) => (v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v)));

/** A key set id or kid as the spec allows it in a path: a string, not empty, "." or "..". */
export const isPathId = (v: unknown): v is string => typeof v === 'string' && v !== '' && v !== '.' && v !== '..';

const ITEM_RULES: [field: string, ok: (v: unknown) => boolean, allowed: string][] = [
  ['keySetId', isPathId, 'a key set id: a string other than "", "." and ".."'],
  ['kid', isPathId, 'a key id: a string other than "", "." and ".."'],
  ['status', (v) => v === 'enabled' || v === 'disabled', 'one of enabled, disabled'],
  ['action', (v) => v === 'change' || v === 'skip' || v === 'refuse', 'one of change, skip, refuse'],
];

/**
 * Checks that `plan` is a plan of version 1 that apply can run, as `tfkey plan --out` writes it. Throws a
 * RequestValidationError naming the field — `version`, `items`, or `items[2].kid` — and what was found.
 * @example
 * const plan: unknown = JSON.parse(readFileSync('rotate.json', 'utf8'));
 * checkPlan(plan); // throws: item 3 (B2C_1A_X, kid ".."): kid must be a key id: … (got "..")
 */
export function checkPlan(plan: unknown): asserts plan is KeyStatusPlan {
  const refuse = (field: string, message: string): never => {
    throw new RequestValidationError(field, message);
  };
  if (plan === null || typeof plan !== 'object' || Array.isArray(plan)) refuse('plan', `a plan must be a JSON object with "version": 1 and "items" (got ${Array.isArray(plan) ? 'a list' : shown(plan)})`);
  const p = plan as Record<string, unknown>;
  if (p.version !== 1) refuse('version', `version must be 1, the plan format this tfkey reads (got ${shown(p.version)}): make the plan again with this version`);
  if (p.horizonDays !== undefined && !(typeof p.horizonDays === 'number' && p.horizonDays >= 0 && Number.isFinite(p.horizonDays))) refuse('horizonDays', `horizonDays must be a number of days from 0 (got ${shown(p.horizonDays)})`);
  if (!Array.isArray(p.items)) refuse('items', `items must be a list of planned changes (got ${shown(p.items)})`);
  (p.items as unknown[]).forEach((item, i) => {
    const at = `item ${i + 1}`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) refuse(`items[${i}]`, `${at} must be an object with keySetId, kid, status and action (got ${shown(item)})`);
    const it = item as Record<string, unknown>;
    const named = isPathId(it.keySetId) && typeof it.kid === 'string' ? `${at} (${it.keySetId}, kid ${shown(it.kid)})` : at;
    for (const [field, ok, allowed] of ITEM_RULES) if (!ok(it[field])) refuse(`items[${i}].${field}`, `${named}: ${field} must be ${allowed} (got ${shown(it[field])})`);
  });
}
