// Input checks with the validators compiled from the spec (generated/validators.js), turned into messages that name
// the field and what is allowed. Nothing is sent unless these pass.
import type { Validator } from '../generated/validators.js';
import { RequestValidationError } from './errors.js';

type AjvError = NonNullable<Validator['errors']>[number];

const show = (v: unknown): string => {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v === null || Array.isArray(v)) return v === null ? 'null' : 'an array';
  return typeof v === 'object' ? 'an object' : String(v);
};
const list = (values: unknown[]) => values.map(String).join(', ');

function describe(e: AjvError, rename: Record<string, string>): [field: string, message: string] {
  const at = e.instancePath.slice(1);
  const name = (f: string) => rename[f] ?? f;
  switch (e.keyword) {
    case 'required':
      return [name(e.params.missingProperty), `${name(e.params.missingProperty)} is required`];
    case 'additionalProperties': {
      const allowed = Object.keys(e.parentSchema?.properties ?? {}).map(name);
      const extra = name(e.params.additionalProperty);
      return [extra, `${extra} is not allowed: only ${list(allowed)} may be given`];
    }
    case 'enum':
      return [name(at), `${name(at)} must be one of ${list(e.params.allowedValues)} (got ${show(e.data)})`];
    case 'not':
      // The spec's PathSegment: "", "." and ".." would be dropped or collapsed by a URL parser, hitting another resource.
      return [name(at), `${name(at)} must be one path segment, not ${((e.schema as { enum?: unknown[] } | undefined)?.enum ?? []).map(show).join(', ')} (got ${show(e.data)})`];
    case 'type':
      return [name(at), `${name(at)} must be a ${e.params.type} (got ${show(e.data)})`];
    default:
      return [name(at) || 'input', `${name(at) || 'input'} ${e.message ?? 'is invalid'}`];
  }
}

// The most useful message per field: the one that lists allowed values.
const RANK: Record<string, number> = { enum: 0, not: 1, required: 2, additionalProperties: 3, type: 4 };

/** Throws a RequestValidationError naming every bad field, unless `data` passes `validator`. */
export function check(validator: Validator, data: unknown, rename: Record<string, string> = {}): void {
  if (validator(data)) return;
  const best = new Map<string, [number, string]>();
  for (const e of validator.errors ?? []) {
    const [field, message] = describe(e, rename);
    const rank = RANK[e.keyword] ?? 9;
    if (!best.has(field) || best.get(field)![0] > rank) best.set(field, [rank, message]);
  }
  const [first] = best.keys();
  throw new RequestValidationError(first ?? 'input', [...best.values()].map(([, m]) => m).join('; '));
}
