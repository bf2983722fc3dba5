// Input checks with the validators compiled from the spec (generated/validators.js), turned into messages that name
// the field and what is allowed. Nothing is sent unless these pass.
import type { Validator } from '../../generated/validators.js';
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
      // The validators are compiled with `verbose`, so every error carries its parentSchema and schema.
      const allowed = Object.keys(e.parentSchema!.properties ?? {}).map(name);
      const extra = name(e.params.additionalProperty);
      return [extra, `${extra} is not allowed: only ${list(allowed)} may be given`];
    }
    case 'type':
    case 'enum': {
      // A wrong type in an enum-typed field is still best answered with the allowed values.
      const allowed = (e.parentSchema as { enum?: unknown[] }).enum;
      if (allowed) return [name(at), `${name(at)} must be one of ${list(allowed)} (got ${show(e.data)})`];
      return [name(at), `${name(at)} must be a ${e.params.type} (got ${show(e.data)})`];
    }
    case 'not':
      // The spec's PathSegment: "", "." and ".." would be dropped or collapsed by a URL parser, hitting another resource.
      return [name(at), `${name(at)} must be one path segment, not ${(e.schema as { enum: unknown[] }).enum.map(show).join(', ')} (got ${show(e.data)})`];
    default:
      return [name(at) || 'input', `${name(at) || 'input'} ${e.message ?? 'is invalid'}`];
  }
}

/** Throws a RequestValidationError naming the bad field and what is allowed, unless `data` passes `validator`. */
export function check(validator: Validator, data: unknown, rename: Record<string, string> = {}): void {
  if (validator(data)) return;
  // The shipped validators stop at the first error (allErrors: false keeps them small): that one is reported.
  const [field, message] = describe(validator.errors![0]!, rename);
  throw new RequestValidationError(field, message);
}

// A lone UTF-16 surrogate has no UTF-8 form: no URL can carry it (encodeURIComponent throws a URIError on it).
const LONE_SURROGATE = /\p{Cs}/u;

/** `check` for path ids, which must also be well-formed Unicode to be percent-encoded into one segment. */
export function checkPathIds(validator: Validator, ids: Record<string, unknown>, rename: Record<string, string>): void {
  check(validator, ids, rename);
  for (const [key, value] of Object.entries(ids)) {
    // `check` passed: every id is a string.
    const at = (value as string).search(LONE_SURROGATE);
    if (at >= 0) {
      const field = rename[key] ?? key;
      throw new RequestValidationError(field, `${field} must be well-formed Unicode text (got a lone surrogate \\u${value!.toString().charCodeAt(at).toString(16)} at index ${at})`);
    }
  }
}
