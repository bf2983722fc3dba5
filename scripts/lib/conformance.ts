// Compares our fragment with Microsoft's description of the same resource (the reconstructed official fragment
// plus the documentation overlay for the PATCH): operations by path shape and method, parameters by position and
// meaning, schemas by role (key, update body, error body), types, nullability, enums, success and error codes,
// security and servers. Every difference gets a stable id that spec/divergences.yaml must list with a reason.
import { operations, resolveRef, type Operation, type Spec } from './spec.js';

export interface Difference {
  id: string;
  ours: string;
  theirs: string;
}

const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}');
const opKey = (o: Operation) => `${o.method.toUpperCase()} ${shape(o.path)}`;
const show = (v: unknown) => (v === undefined ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v));

/** Merges the documentation overlay's operations into the official description's path items. */
export function microsoftDescription(official: Spec, overlay: Spec): Spec {
  const merged = structuredClone(official);
  for (const [path, item] of Object.entries<any>(overlay.paths ?? {})) merged.paths[path] = { ...(merged.paths[path] ?? {}), ...item };
  return merged;
}

/** A schema reduced to what a client can observe; OpenAPI 3.0 `nullable` and 3.1 type arrays meet here. */
function node(spec: Spec, s: any) {
  s = resolveRef(spec, s) ?? {};
  const t = s.type === undefined ? [] : Array.isArray(s.type) ? [...s.type] : [s.type];
  if (s.nullable === true && !t.includes('null')) t.push('null');
  return {
    type: t.length ? t.sort().join('|') : undefined,
    format: s.format,
    enum: s.enum ? [...s.enum].join(', ') : undefined,
    pattern: s.pattern,
    required: s.required?.length ? [...s.required].sort().join(', ') : undefined,
    additionalProperties: s.additionalProperties === undefined || s.additionalProperties === true ? undefined : JSON.stringify(s.additionalProperties),
    not: s.not ? JSON.stringify(s.not) : undefined,
    properties: s.properties ?? {},
    items: s.items,
  };
}

function compareSchemas(ours: Spec, theirs: Spec, a: any, b: any, where: string, out: Difference[], depth = 0): void {
  if (depth > 8) return;
  const [n, m] = [node(ours, a), node(theirs, b)];
  for (const k of ['type', 'format', 'enum', 'pattern', 'required', 'additionalProperties', 'not'] as const) {
    if (n[k] !== m[k]) out.push({ id: `${k} ${where}`, ours: show(n[k]), theirs: show(m[k]) });
  }
  for (const p of new Set([...Object.keys(n.properties), ...Object.keys(m.properties)])) {
    if (!(p in m.properties)) out.push({ id: `property ${where}.${p}`, ours: 'present', theirs: '(none)' });
    else if (!(p in n.properties)) out.push({ id: `property ${where}.${p}`, ours: '(none)', theirs: 'present' });
    else compareSchemas(ours, theirs, n.properties[p], m.properties[p], `${where}.${p}`, out, depth + 1);
  }
  if (n.items || m.items) compareSchemas(ours, theirs, n.items ?? {}, m.items ?? {}, `${where}[]`, out, depth + 1);
}

const jsonSchema = (spec: Spec, r: any) => resolveRef(spec, r)?.content?.['application/json']?.schema;
const codes = (o: Operation) => Object.keys(o.op.responses ?? {}).sort();
const successCodes = (o: Operation) => codes(o).filter((c) => c.startsWith('2'));

export function compareWithMicrosoft(ours: Spec, theirs: Spec): Difference[] {
  const out: Difference[] = [];
  const oursOps = operations(ours);
  const theirOps = operations(theirs);

  for (const key of new Set([...oursOps.map(opKey), ...theirOps.map(opKey)])) {
    const o = oursOps.find((x) => opKey(x) === key);
    const t = theirOps.find((x) => opKey(x) === key);
    if (!o || !t) {
      out.push({ id: `operation ${key}`, ours: o ? 'present' : '(none)', theirs: t ? 'present' : '(none)' });
      continue;
    }
    // Parameters: path parameters by position, the others by where they go and their name.
    const pkey = (op: Operation, p: any) => (p.in === 'path' ? `path param ${[...op.path.matchAll(/\{([^}]+)\}/g)].findIndex((m) => m[1] === p.name) + 1}` : `${p.in} ${p.name}`);
    const oursParams = new Map(o.parameters.map((p) => [pkey(o, p), p]));
    const theirParams = new Map(t.parameters.map((p) => [pkey(t, p), p]));
    for (const k of new Set([...oursParams.keys(), ...theirParams.keys()])) {
      const [p, q] = [oursParams.get(k), theirParams.get(k)];
      if (!p || !q) out.push({ id: `parameter ${key} ${k}`, ours: p ? 'present' : '(none)', theirs: q ? 'present' : '(none)' });
      else {
        if (Boolean(p.required) !== Boolean(q.required)) out.push({ id: `parameter-required ${key} ${k}`, ours: String(Boolean(p.required)), theirs: String(Boolean(q.required)) });
        compareSchemas(ours, theirs, p.schema, q.schema, `${key} ${k}`, out);
      }
    }
    const [ob, tb] = [resolveRef(ours, o.op.requestBody), resolveRef(theirs, t.op.requestBody)];
    if (ob || tb) {
      if (Boolean(ob?.required) !== Boolean(tb?.required)) out.push({ id: `request-body-required ${key}`, ours: String(Boolean(ob?.required)), theirs: String(Boolean(tb?.required)) });
      compareSchemas(ours, theirs, jsonSchema(ours, ob), jsonSchema(theirs, tb), `${key} request body`, out);
    }
    const [os, ts] = [successCodes(o), successCodes(t)];
    if (os.join() !== ts.join()) out.push({ id: `success-codes ${key}`, ours: os.join(', '), theirs: ts.join(', ') });
    for (const c of os.filter((c) => ts.includes(c))) {
      const hasBody = (spec: Spec, op: Operation) => Boolean(resolveRef(spec, op.op.responses[c])?.content);
      if (hasBody(ours, o) !== hasBody(theirs, t)) out.push({ id: `success-body ${key} ${c}`, ours: String(hasBody(ours, o)), theirs: String(hasBody(theirs, t)) });
    }
    if (os.length && ts.length) compareSchemas(ours, theirs, jsonSchema(ours, o.op.responses[os[0]!]), jsonSchema(theirs, t.op.responses[ts[0]!]), `${key} success body`, out);
    const [oe, te] = [codes(o).filter((c) => !c.startsWith('2')), codes(t).filter((c) => !c.startsWith('2'))];
    if (oe.join() !== te.join()) out.push({ id: `error-codes ${key}`, ours: oe.join(', '), theirs: te.join(', ') });
    // The error body, once per operation: the 4XX range both sides document.
    if (o.op.responses['4XX'] && t.op.responses['4XX']) compareSchemas(ours, theirs, jsonSchema(ours, o.op.responses['4XX']), jsonSchema(theirs, t.op.responses['4XX']), `${key} error body`, out);
    // Scheme names count: a generator names the auth provider after them, and Microsoft's SDKs match on the name.
    const scopes = (spec: Spec, op: Operation) =>
      JSON.stringify((op.op.security ?? spec.security ?? []).map((r: Record<string, string[]>) => Object.entries(r).map(([name, s]) => `${name}: ${[...s].sort().join(' ')}`.trim())));
    if (scopes(ours, o) !== scopes(theirs, t)) out.push({ id: `security-scopes ${key}`, ours: scopes(ours, o), theirs: scopes(theirs, t) });
  }

  const servers = (spec: Spec) => (spec.servers ?? []).map((s: { url: string }) => s.url.replace(/\/$/, '')).sort().join(', ');
  if (servers(ours) !== servers(theirs)) out.push({ id: 'servers', ours: servers(ours), theirs: servers(theirs) });
  const schemes = (spec: Spec) => Object.entries<any>(spec.components?.securitySchemes ?? {});
  const schemeNames = (spec: Spec) => schemes(spec).map(([name]) => name).sort().join(', ');
  if (schemeNames(ours) !== schemeNames(theirs)) out.push({ id: 'security-scheme-names', ours: schemeNames(ours), theirs: schemeNames(theirs) });
  const schemeTypes = (spec: Spec) => schemes(spec).map(([, s]) => `${s.type}:${Object.keys(s.flows ?? {}).sort().join('+')}`).sort().join(', ');
  if (schemeTypes(ours) !== schemeTypes(theirs)) out.push({ id: 'security-schemes', ours: schemeTypes(ours), theirs: schemeTypes(theirs) });
  return out;
}

export interface LedgerEntry {
  id: string;
  reason: string;
}

export interface LedgerCheck {
  unlisted: Difference[];
  stale: LedgerEntry[];
  unexplained: LedgerEntry[];
}

export function checkLedger(differences: Difference[], ledger: LedgerEntry[]): LedgerCheck {
  const listed = new Set(ledger.map((e) => e.id));
  const found = new Set(differences.map((d) => d.id));
  return {
    unlisted: differences.filter((d) => !listed.has(d.id)),
    stale: ledger.filter((e) => !found.has(e.id)),
    unexplained: ledger.filter((e) => !e.reason?.trim()),
  };
}

export function differenceTable(rows: Difference[]): string {
  const head = { id: 'difference', ours: 'ours', theirs: 'Microsoft' };
  const w = (k: keyof Difference) => Math.min(90, Math.max(...[head, ...rows].map((r) => r[k].length)));
  const line = (r: Difference) => `${r.id.padEnd(w('id'))}  ${r.ours.padEnd(w('ours'))}  ${r.theirs}`;
  return [line(head), ...rows.map(line)].join('\n');
}
