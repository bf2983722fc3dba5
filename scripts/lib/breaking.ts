// Classifies every difference between two versions of the spec as breaking or not, for a client of the contract.
// A focused checker. The maintained npm candidate, api-smart-diff 1.0.6, installs here and reads OpenAPI 3.1, but
// calls a removed response property and a response type change (string → integer) non-breaking, which a gate for
// clients cannot accept; test/spec-diff-library.test.ts pins that finding, so an upgrade that fixes it shows up.
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { operations, resolveRef, type Operation, type Spec } from './spec.js';

export interface Change {
  /** e.g. enum-value-removed */
  kind: string;
  /** e.g. PATCH /trustFramework/…/{kid} request body .status */
  where: string;
  detail: string;
  breaking: boolean;
}

/** The stable identity an acknowledgement refers to. */
export const changeId = (c: Change) => `${c.kind} ${c.where}: ${c.detail}`;

type Ctx = 'request' | 'response';

const types = (s: any): string[] => (s?.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type]);
const opName = (o: Operation) => `${o.method.toUpperCase()} ${o.path}`;
// Path templates compared by shape: {keySetId} and {id} in the same place are the same path to a client.
const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}');

function compareSchemas(oldSpec: Spec, newSpec: Spec, a: any, b: any, ctx: Ctx, where: string, out: Change[], seen = new Set<string>()): void {
  a = resolveRef(oldSpec, a);
  b = resolveRef(newSpec, b);
  if (!a || !b || seen.has(where)) return;
  seen.add(where);
  const add = (kind: string, detail: string, breaking: boolean) => out.push({ kind, where, detail, breaking });

  const [ta, tb] = [types(a), types(b)];
  if (ta.length && tb.length) {
    const lost = ta.filter((t) => !tb.includes(t) && !(t === 'integer' && tb.includes('number')));
    const gained = tb.filter((t) => !ta.includes(t) && !(t === 'number' && ta.includes('integer')));
    // Requests break when the server accepts less; responses break when the client may receive more.
    if (lost.length) add('type-narrowed', `${ta.join('|')} → ${tb.join('|')}`, ctx === 'request');
    if (gained.length) add('type-widened', `${ta.join('|')} → ${tb.join('|')}`, ctx === 'response');
  } else if (!ta.length && tb.length && ctx === 'request') add('type-narrowed', `any → ${tb.join('|')}`, true);

  if (Array.isArray(a.enum) || Array.isArray(b.enum)) {
    const ea: unknown[] = a.enum ?? [];
    const eb: unknown[] = b.enum ?? [];
    for (const v of ea) if (b.enum && !eb.includes(v)) add('enum-value-removed', String(v), ctx === 'request');
    // Graph's evolvable enums end in unknownFutureValue: clients are told to expect new members.
    for (const v of eb) if (a.enum && !ea.includes(v)) add('enum-value-added', String(v), ctx === 'response' && !eb.includes('unknownFutureValue'));
    if (!a.enum && b.enum && ctx === 'request') add('enum-added', eb.join(', '), true);
  }

  for (const [k, kind] of [['minLength', 'min'], ['minimum', 'min'], ['maxLength', 'max'], ['maximum', 'max'], ['maxItems', 'max'], ['minItems', 'min']] as const) {
    if (a[k] === b[k]) continue;
    const tighter = b[k] !== undefined && (a[k] === undefined || (kind === 'min' ? b[k] > a[k] : b[k] < a[k]));
    add(tighter ? 'constraint-tightened' : 'constraint-loosened', `${k} ${a[k] ?? '-'} → ${b[k] ?? '-'}`, tighter ? ctx === 'request' : ctx === 'response');
  }
  if (a.pattern !== b.pattern) add('pattern-changed', `${a.pattern ?? '-'} → ${b.pattern ?? '-'}`, b.pattern !== undefined && ctx === 'request');
  if (a.format !== b.format) add('format-changed', `${a.format ?? '-'} → ${b.format ?? '-'}`, b.format !== undefined && ctx === 'request');
  if (a.default !== undefined && JSON.stringify(a.default) !== JSON.stringify(b.default)) add('default-changed', `${JSON.stringify(a.default)} → ${JSON.stringify(b.default ?? null)}`, ctx === 'request');
  // A property a client reads that becomes writeOnly vanishes from responses; one it sends that becomes readOnly is refused.
  if (!a.writeOnly && b.writeOnly) add('became-write-only', '', ctx === 'response');
  if (!a.readOnly && b.readOnly) add('became-read-only', '', ctx === 'request');
  if (JSON.stringify(a.not) !== JSON.stringify(b.not)) add('not-changed', `${JSON.stringify(a.not ?? null)} → ${JSON.stringify(b.not ?? null)}`, b.not !== undefined && ctx === 'request');

  const ra: string[] = a.required ?? [];
  const rb: string[] = b.required ?? [];
  for (const p of rb) if (!ra.includes(p)) add('required-property-added', p, ctx === 'request');
  for (const p of ra) if (!rb.includes(p)) add('required-property-removed', p, ctx === 'response');

  const pa = a.properties ?? {};
  const pb = b.properties ?? {};
  for (const p of Object.keys(pa)) {
    if (!(p in pb)) add('property-removed', p, ctx === 'response' || b.additionalProperties === false);
    else compareSchemas(oldSpec, newSpec, pa[p], pb[p], ctx, `${where}.${p}`, out, seen);
  }
  for (const p of Object.keys(pb)) if (!(p in pa)) add('property-added', p, false);
  if (a.additionalProperties !== false && b.additionalProperties === false) add('additional-properties-closed', '', ctx === 'request');
  if (a.items || b.items) compareSchemas(oldSpec, newSpec, a.items, b.items, ctx, `${where}[]`, out, seen);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) add(`${key}-changed`, '', true);
  }
}

const jsonSchemaOf = (spec: Spec, bodyOrResponse: any) => resolveRef(spec, bodyOrResponse)?.content?.['application/json']?.schema;

export function diffSpecs(oldSpec: Spec, newSpec: Spec): Change[] {
  const out: Change[] = [];
  const oldOps = operations(oldSpec);
  const newOps = operations(newSpec);
  const key = (o: Operation) => `${o.method} ${shape(o.path)}`;
  for (const o of oldOps) {
    const n = newOps.find((x) => key(x) === key(o));
    if (!n) {
      const moved = newOps.find((x) => x.operationId && x.operationId === o.operationId);
      if (moved) out.push({ kind: 'operation-path-changed', where: opName(o), detail: `now ${opName(moved)}`, breaking: true });
      else out.push({ kind: 'operation-removed', where: opName(o), detail: o.operationId ?? '', breaking: true });
      continue;
    }
    const where = opName(n);
    if (o.operationId !== n.operationId) out.push({ kind: 'operation-id-changed', where, detail: `${o.operationId} → ${n.operationId}`, breaking: true });

    // Parameters: path parameters by position (a rename is not a change on the wire), others by (in, name).
    const pkey = (op: Operation, p: any) => (p.in === 'path' ? `path#${[...op.path.matchAll(/\{([^}]+)\}/g)].findIndex((m) => m[1] === p.name)}` : `${p.in}:${p.name.toLowerCase()}`);
    const np = new Map(n.parameters.map((p) => [pkey(n, p), p]));
    const op = new Map(o.parameters.map((p) => [pkey(o, p), p]));
    for (const [k, p] of op) {
      const q = np.get(k);
      if (!q) out.push({ kind: 'parameter-removed', where, detail: `${p.in} ${p.name}`, breaking: true });
      else {
        if (!p.required && q.required) out.push({ kind: 'parameter-became-required', where, detail: `${q.in} ${q.name}`, breaking: true });
        compareSchemas(oldSpec, newSpec, p.schema, q.schema, 'request', `${where} ${q.in} parameter ${q.name}`, out);
      }
    }
    for (const [k, q] of np) if (!op.has(k)) out.push({ kind: q.required ? 'required-parameter-added' : 'optional-parameter-added', where, detail: `${q.in} ${q.name}`, breaking: Boolean(q.required) });

    const [ob, nb] = [resolveRef(oldSpec, o.op.requestBody), resolveRef(newSpec, n.op.requestBody)];
    if (ob && !nb) out.push({ kind: 'request-body-removed', where, detail: '', breaking: true });
    if (!ob && nb) out.push({ kind: 'request-body-added', where, detail: '', breaking: Boolean(nb.required) });
    if (ob && nb) {
      if (!ob.required && nb.required) out.push({ kind: 'request-body-became-required', where, detail: '', breaking: true });
      for (const type of Object.keys(ob.content ?? {})) if (!nb.content?.[type]) out.push({ kind: 'request-media-type-removed', where, detail: type, breaking: true });
      for (const type of Object.keys(nb.content ?? {})) if (!ob.content?.[type]) out.push({ kind: 'request-media-type-added', where, detail: type, breaking: false });
      compareSchemas(oldSpec, newSpec, jsonSchemaOf(oldSpec, ob), jsonSchemaOf(newSpec, nb), 'request', `${where} request body`, out);
    }

    for (const code of Object.keys(o.op.responses ?? {})) {
      if (!n.op.responses?.[code]) out.push({ kind: 'response-removed', where, detail: code, breaking: true });
      else {
        const [or, nr] = [resolveRef(oldSpec, o.op.responses[code]), resolveRef(newSpec, n.op.responses[code])];
        compareSchemas(oldSpec, newSpec, jsonSchemaOf(oldSpec, or), jsonSchemaOf(newSpec, nr), 'response', `${where} response ${code}`, out);
        compareResponseParts(oldSpec, newSpec, or, nr, `${where} response ${code}`, out);
      }
    }
    for (const code of Object.keys(n.op.responses ?? {})) if (!o.op.responses?.[code]) out.push({ kind: 'response-added', where, detail: code, breaking: /^2/.test(code) });

    const scopes = (spec: Spec, x: Operation) => JSON.stringify(x.op.security ?? spec.security ?? []);
    if (scopes(oldSpec, o) !== scopes(newSpec, n)) out.push({ kind: 'security-changed', where, detail: `${scopes(oldSpec, o)} → ${scopes(newSpec, n)}`, breaking: true });
  }
  for (const n of newOps) {
    if (!oldOps.some((o) => key(o) === key(n)) && !oldOps.some((o) => o.operationId && o.operationId === n.operationId)) {
      out.push({ kind: 'operation-added', where: opName(n), detail: n.operationId ?? '', breaking: false });
    }
  }
  out.push(...diffServers(oldSpec, newSpec));
  return out;
}

/** What a response carries besides its JSON schema: headers, media types and links. */
function compareResponseParts(oldSpec: Spec, newSpec: Spec, a: any, b: any, where: string, out: Change[]): void {
  const add = (kind: string, detail: string, breaking: boolean) => out.push({ kind, where, detail, breaking });
  const [ha, hb] = [a.headers ?? {}, b.headers ?? {}];
  const header = (h: Record<string, any>, name: string, spec: Spec) => resolveRef(spec, Object.entries(h).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1]);
  for (const name of Object.keys(ha)) {
    const [x, y] = [header(ha, name, oldSpec), header(hb, name, newSpec)];
    if (!y) add('response-header-removed', name, true);
    else {
      if (x?.required && !y.required) add('response-header-became-optional', name, true);
      compareSchemas(oldSpec, newSpec, x?.schema, y.schema, 'response', `${where} header ${name}`, out);
    }
  }
  for (const name of Object.keys(hb)) if (!header(ha, name, oldSpec)) add('response-header-added', name, false);
  for (const type of Object.keys(a.content ?? {})) if (!b.content?.[type]) add('response-media-type-removed', type, true);
  for (const type of Object.keys(b.content ?? {})) if (!a.content?.[type]) add('response-media-type-added', type, Object.keys(a.content ?? {}).length > 0);
  for (const link of Object.keys(a.links ?? {})) if (!b.links?.[link]) add('response-link-removed', link, true);
}

/** Changes that are not about one operation: the servers a client may call, and how it gets a token. */
export function diffServers(oldSpec: Spec, newSpec: Spec): Change[] {
  const urls = (s: Spec) => (s.servers ?? []).map((x: { url: string }) => x.url.replace(/\/$/, ''));
  const [a, b] = [urls(oldSpec), urls(newSpec)];
  const out: Change[] = [
    ...a.filter((u: string) => !b.includes(u)).map((u: string) => ({ kind: 'server-removed', where: 'servers', detail: u, breaking: true })),
    ...b.filter((u: string) => !a.includes(u)).map((u: string) => ({ kind: 'server-added', where: 'servers', detail: u, breaking: false })),
  ];
  // A scheme's flows, their URLs and scopes are what a client configures to get a token.
  const [sa, sb] = [oldSpec.components?.securitySchemes ?? {}, newSpec.components?.securitySchemes ?? {}];
  for (const [name, x] of Object.entries<any>(sa)) {
    const where = `security scheme ${name}`;
    const y = sb[name];
    if (!y) {
      out.push({ kind: 'security-scheme-removed', where, detail: x.type, breaking: true });
      continue;
    }
    if (x.type !== y.type) out.push({ kind: 'security-scheme-type-changed', where, detail: `${x.type} → ${y.type}`, breaking: true });
    for (const [flow, f] of Object.entries<any>(x.flows ?? {})) {
      const g = y.flows?.[flow];
      if (!g) out.push({ kind: 'security-flow-removed', where, detail: flow, breaking: true });
      else {
        for (const url of ['authorizationUrl', 'tokenUrl'] as const) if (f[url] !== g[url]) out.push({ kind: 'security-flow-url-changed', where, detail: `${flow} ${url}: ${f[url] ?? '-'} → ${g[url] ?? '-'}`, breaking: true });
        for (const scope of Object.keys(f.scopes ?? {})) if (!(scope in (g.scopes ?? {}))) out.push({ kind: 'security-scope-removed', where, detail: `${flow} ${scope}`, breaking: true });
      }
    }
    for (const flow of Object.keys(y.flows ?? {})) if (!x.flows?.[flow]) out.push({ kind: 'security-flow-added', where, detail: flow, breaking: false });
  }
  return out;
}

export function changeTable(changes: Change[], acknowledged: Set<string>): string {
  if (changes.length === 0) return 'no changes a client could notice';
  const rows = changes.map((c) => [c.breaking ? (acknowledged.has(changeId(c)) ? 'breaking (acknowledged)' : 'BREAKING') : 'compatible', c.kind, c.where, c.detail]);
  const head = ['verdict', 'change', 'where', 'detail'];
  const w = head.map((_, i) => Math.max(...[head, ...rows].map((r) => r[i]!.length)));
  return [head, ...rows].map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]!))).join('  ')).join('\n');
}

/** The change ids acknowledged in `file` (spec/breaking-changes.yaml); every entry needs a change and a reason. */
export function loadAcknowledgements(file: string): Set<string> {
  if (!existsSync(file)) return new Set();
  const entries: { change?: string; reason?: string }[] = parse(readFileSync(file, 'utf8'))?.acknowledged ?? [];
  for (const e of entries) {
    if (!e.change || !e.reason?.trim()) throw new Error(`every acknowledgement needs a change and a reason (got ${JSON.stringify(e)})`);
  }
  return new Set(entries.map((e) => e.change!));
}
