// What the spec says, in the shapes the contract tests check against: its examples, its documented responses, and
// whether a request that went over the wire is one the spec allows.
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import { createAjv, operations, resolveRef, SPEC_ID, type Operation, type Spec } from './spec.js';

export interface Example {
  where: string;
  schema: unknown;
  value: unknown;
}

function mediaExamples(spec: Spec, where: string, media: any): Example[] {
  const schema = media.schema;
  const out: Example[] = [];
  if (media.example !== undefined) out.push({ where: `${where} example`, schema, value: media.example });
  for (const [name, ex] of Object.entries<any>(media.examples ?? {})) out.push({ where: `${where} examples.${name}`, schema, value: resolveRef(spec, ex).value });
  return out;
}

/** Every example in the spec (parameters, headers, request bodies, responses, schemas) with the schema it must fit. */
export function collectExamples(spec: Spec): Example[] {
  const out: Example[] = [];
  const withSchema = (where: string, node: any) => {
    if (node.example !== undefined) out.push({ where: `${where} example`, schema: node.schema, value: node.example });
    for (const [name, ex] of Object.entries<any>(node.examples ?? {})) out.push({ where: `${where} examples.${name}`, schema: node.schema, value: resolveRef(spec, ex).value });
  };
  for (const { method, path, op, parameters } of operations(spec)) {
    const at = `${method.toUpperCase()} ${path}`;
    for (const p of parameters) withSchema(`${at} parameter ${p.name}`, p);
    for (const [type, media] of Object.entries<any>(resolveRef(spec, op.requestBody)?.content ?? {})) out.push(...mediaExamples(spec, `${at} requestBody ${type}`, media));
    for (const [code, r] of Object.entries<any>(op.responses ?? {})) {
      const res = resolveRef(spec, r);
      for (const [type, media] of Object.entries<any>(res.content ?? {})) out.push(...mediaExamples(spec, `${at} ${code} ${type}`, media));
      for (const [name, h] of Object.entries<any>(res.headers ?? {})) withSchema(`${at} ${code} header ${name}`, resolveRef(spec, h));
    }
  }
  for (const [name, schema] of Object.entries<any>(spec.components?.schemas ?? {})) {
    for (const [i, value] of (schema.examples ?? []).entries()) out.push({ where: `schema ${name} examples[${i}]`, schema, value });
    if (schema.example !== undefined) out.push({ where: `schema ${name} example`, schema, value: schema.example });
  }
  return out;
}

const ajvs = new WeakMap<Spec, Ajv2020>();
/** The shared Ajv (strict, with formats) for this spec, compiled once. */
export function ajvFor(spec: Spec): Ajv2020 {
  let ajv = ajvs.get(spec);
  if (!ajv) ajvs.set(spec, (ajv = createAjv(spec)));
  return ajv;
}

const compiled = new WeakMap<Ajv2020, Map<string, ValidateFunction>>();

/** Validates `value` against a schema taken from the spec (its `$ref`s resolve into the spec); returns problems. */
export function schemaProblems(spec: Spec, schema: unknown, value: unknown): string[] {
  const ajv = ajvFor(spec);
  // Local refs point into the spec, which the shared Ajv holds under SPEC_ID.
  const text = JSON.stringify(schema ?? {}).replace(/"\$ref":"#\//g, `"$ref":"${SPEC_ID}#/`);
  let cache = compiled.get(ajv);
  if (!cache) compiled.set(ajv, (cache = new Map()));
  let validate = cache.get(text);
  if (!validate) cache.set(text, (validate = ajv.compile(JSON.parse(text))));
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`);
}

export function invalidExamples(spec: Spec): string[] {
  return collectExamples(spec).flatMap((ex) => schemaProblems(spec, ex.schema, ex.value).map((p) => `${ex.where}: ${p}`));
}

export interface WireRequest {
  method: string;
  /** The URL path after the server's base path, still percent-encoded. */
  path: string;
  headers: Headers;
  body: string | undefined;
}

function templateRegex(path: string): RegExp {
  const source = path.split(/\{[^}]+\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('([^/]+)');
  return new RegExp(`^${source}$`);
}

/** Finds the operation a wire request is for, or undefined when the spec has none. */
export function matchOperation(spec: Spec, req: WireRequest): { operation: Operation; params: Record<string, string> } | undefined {
  for (const operation of operations(spec)) {
    if (operation.method !== req.method.toLowerCase()) continue;
    const m = templateRegex(operation.path).exec(req.path);
    if (!m) continue;
    const names = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]!);
    return { operation, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
  }
  return undefined;
}

/** Everything about a request that the spec does not allow: operation, path parameters, headers, security, body. */
export function requestProblems(spec: Spec, req: WireRequest): string[] {
  const found = matchOperation(spec, req);
  if (!found) return [`no operation in the spec for ${req.method} ${req.path}`];
  const { operation, params } = found;
  const problems: string[] = [];
  for (const p of operation.parameters) {
    const value = p.in === 'path' ? params[p.name] : p.in === 'header' ? req.headers.get(p.name) ?? undefined : undefined;
    if (p.in !== 'path' && p.in !== 'header') continue;
    if (value === undefined) {
      if (p.required) problems.push(`missing required ${p.in} parameter ${p.name}`);
      continue;
    }
    const typed = p.schema?.type === 'integer' && /^-?\d+$/.test(value) ? Number(value) : value;
    problems.push(...schemaProblems(spec, p.schema, typed).map((e) => `${p.in} parameter ${p.name}: ${e}`));
  }
  const security = operation.op.security ?? spec.security ?? [];
  if (security.length > 0 && !/^Bearer \S+$/.test(req.headers.get('authorization') ?? '')) problems.push('no bearer token in Authorization');
  const body = resolveRef(spec, operation.op.requestBody);
  if (body) {
    const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const media = body.content?.[type];
    if (!media) problems.push(`content type "${type}" is not one of ${Object.keys(body.content ?? {}).join(', ')}`);
    else if (req.body === undefined || req.body === '') {
      if (body.required) problems.push('missing required request body');
    } else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(req.body);
        problems.push(...schemaProblems(spec, media.schema, parsed).map((e) => `body ${e}`));
      } catch {
        problems.push('body is not JSON');
      }
    }
  } else if (req.body) problems.push('a body was sent to an operation that takes none');
  return problems;
}

export interface DocumentedResponse {
  operationId: string;
  /** As written in the spec: "204", "404", "4XX". */
  response: string;
}

export function documentedResponses(spec: Spec): DocumentedResponse[] {
  return operations(spec).flatMap(({ operationId, op }) => Object.keys(op.responses ?? {}).map((response) => ({ operationId, response })));
}

/** The documented response that answers `status`: the exact code, else its range (as Graph's SDKs and OpenAPI do). */
export function responseFor(operation: Operation, status: number): string | undefined {
  const responses = operation.op.responses ?? {};
  if (responses[String(status)]) return String(status);
  const range = `${String(status)[0]}XX`;
  return responses[range] ? range : responses.default ? 'default' : undefined;
}

/** The JSON example of a documented response (its first example when there are several). */
export function responseExample(spec: Spec, operation: Operation, response: string): unknown {
  const media = resolveRef(spec, operation.op.responses[response]).content?.['application/json'];
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const first = Object.values<any>(media.examples ?? {})[0];
  return first && resolveRef(spec, first).value;
}
