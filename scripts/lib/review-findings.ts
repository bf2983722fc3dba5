// What the review adds to the spec diff, for the people who release the package: prose that changed (it carries
// contract meaning here: 204 only, idempotency), why each breaking change breaks and what still holds at run time,
// and the kind of release the change needs.
import type { Spec } from './spec.js';

export interface DocChange {
  /** A JSON path in the spec, e.g. paths./trustFramework/…/{kid}.patch.description */
  where: string;
  kind: 'description-changed' | 'summary-changed' | 'example-changed' | 'title-changed';
  before: string;
  after: string;
}

const PROSE: Record<string, DocChange['kind']> = { description: 'description-changed', summary: 'summary-changed', title: 'title-changed', example: 'example-changed', examples: 'example-changed' };
const show = (v: unknown): string => (v === undefined ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v));
/** At most `n` characters, on one line. */
export const shorten = (s: string, n = 80): string => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
};

/**
 * The part of two texts that differs, with a little context, each at most `n` characters: two long descriptions
 * that differ in one word show that word, not two identical beginnings.
 */
export function changedPart(before: string, after: string, n = 60): [string, string] {
  const [a, b] = [before.replace(/\s+/g, ' ').trim(), after.replace(/\s+/g, ' ').trim()];
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const from = Math.max(0, start - 15);
  const cut = (s: string) => {
    const middle = s.slice(from, s.length - end + Math.min(end, 15));
    const text = `${from > 0 ? '…' : ''}${middle}${s.length - end + Math.min(end, 15) < s.length ? '…' : ''}`;
    return text.length > n ? `${text.slice(0, n - 1)}…` : text;
  };
  return [cut(a), cut(b)];
}

/** Every description, summary, title and example that differs between the two specs, wherever it is. */
export function docChanges(a: Spec, b: Spec): DocChange[] {
  const out: DocChange[] = [];
  const walk = (x: unknown, y: unknown, path: string[]) => {
    if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return;
    const keys = new Set([...Object.keys(x as object), ...Object.keys(y as object)]);
    for (const k of keys) {
      const [vx, vy] = [(x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]];
      const kind = PROSE[k];
      // `examples` under a schema is a list of values; under a media type, a map of example objects: both prose-like.
      if (kind && !(k === 'examples' && !path.length)) {
        if (JSON.stringify(vx) !== JSON.stringify(vy) && (typeof vx !== 'object' || typeof vy !== 'object' || kind === 'example-changed')) {
          out.push({ where: [...path, k].join('.'), kind, before: show(vx), after: show(vy) });
        }
        continue;
      }
      walk(vx, vy, [...path, k]);
    }
  };
  walk(a, b, []);
  return out;
}

/** Why a kind of breaking change breaks, for a client of the contract and for code compiled against its types. */
const WHY: Record<string, string> = {
  'operation-removed': 'clients calling it get 404/405; the generated SDK function and its types disappear',
  'operation-path-changed': 'clients calling the old path fail; generated code must be regenerated',
  'operation-id-changed': 'the generated SDK function is renamed: code calling the old name no longer compiles',
  'parameter-removed': 'clients sending it are refused or ignored; its type disappears from the generated options',
  'parameter-became-required': 'existing calls without it are refused; generated types now demand it',
  'required-parameter-added': 'existing calls lack it and are refused; generated types now demand it',
  'request-body-removed': 'clients sending a body are refused',
  'request-body-became-required': 'calls without a body are refused',
  'request-media-type-removed': 'clients sending that content type get 415',
  'response-removed': 'the generated response and error unions lose this status, so code that narrows on it no longer compiles',
  'response-added': 'a new success status: clients that expect only the old one may mishandle it',
  'response-header-removed': 'clients reading the header get nothing',
  'response-header-became-optional': 'clients reading the header may get nothing',
  'security-changed': 'tokens that were enough are refused (401/403)',
  'enum-value-removed': 'clients sending the value are refused (400); the generated union loses it, so code using it no longer compiles',
  'enum-value-added': 'a closed response enum gained a value that existing clients do not handle',
  'enum-added': 'values that were accepted are now refused',
  'type-narrowed': 'values that were accepted are now refused; generated types narrow',
  'type-widened': 'clients may receive values of a type they do not handle; generated types widen',
  'constraint-tightened': 'values that were accepted are now refused',
  'constraint-loosened': 'clients may receive values outside what they were promised',
  'pattern-changed': 'values that matched the old pattern may be refused',
  'format-changed': 'values that were accepted may be refused',
  'property-removed': 'clients reading the property get nothing; it leaves the generated types',
  'required-property-added': 'requests without it are refused; generated types demand it',
  'server-removed': 'clients configured for that endpoint fail',
};

/** Why `kind` breaks, and what still holds at run time (a documented range still covering a removed status). */
export function whyBreaking(kind: string, detail: string, responses: readonly string[] = []): { why: string; stillHolds?: string } {
  const why = WHY[kind] ?? 'a client built against the old contract may fail against the new one';
  if (kind === 'response-removed') {
    const range = `${detail[0]}XX`;
    if (/^\d{3}$/.test(detail) && responses.includes(range)) return { why, stillHolds: `at run time ${range} still documents it: a ${detail} is still described (as ${range}) and still a GraphError with Graph's error body` };
  }
  return { why };
}

export type Release = 'major' | 'minor' | 'patch' | 'none';

/**
 * The release a change needs, from the spec diff and the public TypeScript API diff together: breaking → major;
 * additions (compatible changes, or exports added) → minor; documentation or internals only → patch; nothing → none.
 */
export function releaseOf(input: { breaking: number; compatible: number; docs: number; apiRemoved: boolean; apiAdded: boolean; other: boolean }): Release {
  if (input.breaking || input.apiRemoved) return 'major';
  if (input.compatible || input.apiAdded) return 'minor';
  if (input.docs || input.other) return 'patch';
  return 'none';
}

/** The next version for `release` from `version`, and what the 0.x convention (semver item 4) makes of it. */
export function nextVersion(version: string, release: Release): { next: string; note?: string } {
  const [major, minor, patch] = version.split('.').map((n) => Number.parseInt(n, 10)) as [number, number, number];
  if (release === 'none') return { next: version };
  if (major === 0) {
    // During 0.x anything may change; by convention a breaking change bumps the minor, everything else the patch.
    if (release === 'major') return { next: `0.${minor + 1}.0`, note: `a major change; during 0.x that is released as ${`0.${minor + 1}.0`}` };
    return { next: `0.${minor}.${patch + 1}`, note: release === 'minor' ? `an addition; during 0.x that is released as 0.${minor}.${patch + 1}` : undefined };
  }
  if (release === 'major') return { next: `${major + 1}.0.0` };
  if (release === 'minor') return { next: `${major}.${minor + 1}.0` };
  return { next: `${major}.${minor}.${patch + 1}` };
}
