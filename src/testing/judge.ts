// Judges a consumer's request by the spec: which operation it is, and whether its path ids, query, headers, media
// type, body and bearer token are what the contract allows. Every rule comes from generated/contract.js (the spec's
// own schemas, compiled); nothing here restates a rule by hand.
import { contract, validators, type ContractOperation, type ParamGroup } from '../../generated/contract.js';

/** What was wrong with a request, where the spec says so, and the status the fake answered it with. */
export interface Violation {
  /** The part of the request: route, method, auth, path, query, header, content-type or body. */
  kind: 'route' | 'method' | 'auth' | 'path' | 'query' | 'header' | 'content-type' | 'body';
  message: string;
  /** A JSON pointer into the spec, e.g. `#/paths/…/patch/requestBody/content/application~1json/schema/properties/status`. */
  pointer: string;
  /** The request's method and path (below the base URL). */
  method: string;
  path: string;
  /** The status the fake answered with. */
  status: number;
}

export interface Matched {
  op: ContractOperation;
  params: Record<string, string>;
  query: Record<string, unknown>;
  /** The body parsed as JSON, when the operation takes one. */
  body: unknown;
}

const routes = contract.operations.map((op) => {
  const names: string[] = [];
  const source = op.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{([^}]+)\\\}/g, (_m, name: string) => (names.push(name), '([^/]*)'));
  return { op, names, re: new RegExp(`^${source}$`) };
});

const STATUS: Record<Violation['kind'], number> = { route: 400, method: 405, auth: 401, path: 400, query: 400, header: 400, 'content-type': 415, body: 400 };

/** Ajv's errors in one line each: where, what, and what was allowed. */
function describe(errors: NonNullable<(typeof validators)[string]['errors']>, where: string): string[] {
  return errors.map((e) => {
    const at = `${where}${e.instancePath.replace(/\//g, '.')}`;
    const p = e.params as Record<string, unknown>;
    const detail = p.allowedValues ? `: ${(p.allowedValues as unknown[]).join(', ')}` : p.additionalProperty ? `: "${String(p.additionalProperty)}"` : '';
    return `${at} ${e.message ?? 'is invalid'}${detail}`;
  });
}

/** Header and query values arrive as text: numbers are read as numbers where the spec's schema says so. */
function typed(values: Record<string, string>, types: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, (types[k] === 'integer' || types[k] === 'number') && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v]));
}

export type Judgement = { matched: Matched; violations: [] } | { matched: Matched | undefined; violations: Omit<Violation, 'method' | 'path'>[] };

export function judge(method: string, path: string, search: URLSearchParams, headers: Headers, bodyText: string): Judgement {
  const v = (kind: Violation['kind'], message: string, pointer: string) => ({ kind, message, pointer, status: STATUS[kind] });
  const onPath = routes.map((r) => ({ r, m: r.re.exec(path) })).filter((x) => x.m);
  if (!onPath.length) return { matched: undefined, violations: [v('route', `${path} is not a path of the contract`, '#/paths')] };
  const hit = onPath.find((x) => x.r.op.method === method);
  if (!hit) {
    const allowed = onPath.map((x) => x.r.op.method).join(', ');
    return { matched: undefined, violations: [v('method', `${method} is not an operation on this path (allowed: ${allowed})`, onPath[0]!.r.op.pointer.replace(/\/[a-z]+$/, ''))] };
  }
  const { op, names } = hit.r;
  const out: ReturnType<typeof v>[] = [];
  const params: Record<string, string> = {};
  names.forEach((name, i) => {
    try {
      params[name] = decodeURIComponent(hit.m![i + 1]!);
    } catch {
      out.push(v('path', `path parameter ${name} is not valid percent-encoding`, `${op.pointer}/parameters`));
    }
  });
  if (contract.bearer && !/^Bearer \S+$/i.test(headers.get('authorization') ?? '')) out.push(v('auth', 'Authorization must be "Bearer <token>" (the spec\'s security requirement)', '#/security'));
  const group = (g: ParamGroup | undefined, kind: 'path' | 'query' | 'header', values: Record<string, string>, where: string) => {
    if (!g) return {};
    const data = typed(values, g.types);
    const check = validators[g.validator]!;
    if (!check(data)) for (const message of describe(check.errors ?? [], where)) out.push(v(kind, message, g.pointer));
    return data;
  };
  if (Object.keys(params).length === names.length) group(op.pathParams, 'path', params, 'path');
  const query = group(op.query, 'query', Object.fromEntries(search), 'query');
  if (!op.query && [...search.keys()].length) out.push(v('query', `query parameters are not allowed here (got ${[...search.keys()].join(', ')})`, `${op.pointer}/parameters`));
  const declared = Object.keys(op.header?.types ?? {});
  group(op.header, 'header', Object.fromEntries(declared.flatMap((h) => (headers.has(h) ? [[h, headers.get(h)!]] : []))), 'header');
  let body: unknown;
  if (op.body) {
    const type = (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!op.body.mediaTypes.includes(type)) {
      out.push(v('content-type', `Content-Type must be ${op.body.mediaTypes.join(' or ')} (got ${type ? `"${type}"` : 'none'})`, op.body.pointer.replace(/\/content\/.*$/, '/content')));
    } else if (bodyText === '') {
      if (op.body.required) out.push(v('body', 'the request body is required', op.body.pointer.replace(/\/content\/.*$/, '')));
    } else {
      try {
        body = JSON.parse(bodyText);
        const check = validators[op.body.validator]!;
        if (!check(body)) for (const message of describe(check.errors ?? [], 'body')) out.push(v('body', message, op.body.pointer));
      } catch {
        out.push(v('body', 'the request body is not JSON', op.body.pointer));
      }
    }
  } else if (bodyText !== '') {
    out.push(v('body', `${method} takes no request body`, op.pointer));
  }
  const matched = { op, params, query, body };
  return out.length ? { matched, violations: out } : { matched, violations: [] };
}

/** The status to answer a request with several violations: the one Graph checks first. */
export const firstStatus = (violations: { status: number }[]): number => [401, 405, 415, 400].find((s) => violations.some((x) => x.status === s)) ?? 400;
