// createFakeGraph: a stateful, in-process fake of Graph's trustFramework key endpoints that judges the code under
// test by the spec. One request pipeline (handle) serves all three ways in: an injected fetch, a real HTTP server
// (listen) and msw handlers.
import { contract } from '../../generated/contract.js';
import type { TrustFrameworkKeyV2 } from '../index.js';
import { appOf, checkFaults, createThrottle, rateLimitsOf, seededRandom, type FaultOptions } from './faults.js';
import { checkKeySets } from './fixtures.js';
import { GRAPH_ERROR_CODES, graphErrorBody, graphHeaders } from './graph-responses.js';
import { firstStatus, judge, type Matched, type Violation } from './judge.js';
import { routeHandlers, type FakeState } from './routes.js';

export type FakeKey = TrustFrameworkKeyV2;

export interface FakeGraphOptions {
  /** The key sets and their keys. Default: the documentation's example key set with its one key. */
  keySets?: Record<string, FakeKey[]>;
  faults?: FaultOptions;
  /** Where `graph.fetch` answers. Default: the global cloud's beta endpoint. */
  baseUrl?: string;
  /**
   * The keys' clock (ms since the epoch): which key is active, and the Date headers. Default: Date.now. The fault
   * model keeps real time unless given `faults.now`, so a pinned clock never stops a bucket from refilling.
   */
  now?: () => number;
  /** Items per page of a listing when the caller sends no $top. Default 20. */
  pageSize?: number;
}

/** One request the fake received, in order, with what it answered. */
export interface FakeRequest {
  method: string;
  /** Below the base URL, still percent-encoded, e.g. `/trustFramework/keySets/B2C_1A_X/keys_v2/k1`. */
  path: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The operation it matched, when it matched one. */
  operationId: string | undefined;
  status: number;
  /** Why it got a fault rather than the contract's answer, if it did. */
  fault: 'scripted' | 'rate-limit' | 'random-error' | undefined;
}

/** A one-shot outcome: the next `times` requests that match get `status` (or a dropped connection). */
export interface ScriptedOutcome {
  method?: string;
  operationId?: string;
  keySetId?: string;
  kid?: string;
  status: number | 'network-error';
  times?: number;
  retryAfterSeconds?: number;
}

/** Thrown by `assertNoViolations()`: the message lists every violation with its spec pointer. */
export class ContractViolationError extends Error {
  override name = 'ContractViolationError' as const;
  constructor(readonly violations: Violation[]) {
    super(
      `${violations.length} contract violation${violations.length === 1 ? '' : 's'} by the code under test:\n` +
        violations.map((v, i) => `  ${i + 1}. ${v.method} ${v.path} → ${v.status}: ${v.message}\n     spec: ${v.pointer}`).join('\n'),
    );
  }
}

/** Signals a scripted dropped connection; each way in turns it into its own kind of network failure. */
export class DroppedConnection extends Error {
  override name = 'DroppedConnection' as const;
}

export const DEFAULT_BASE_URL = contract.servers[0]!;

/**
 * The documentation's example key set and key, dated around the fake's clock (valid since 30 days before it, for a
 * year after it): the example's own dates have passed, and a default that is expired would have no active key.
 */
const defaultKeySets = (now: number): Record<string, FakeKey[]> => {
  const example = contract.operations.find((o) => o.operationId === 'getTrustFrameworkKeyV2')!.responses['200']!.example as FakeKey;
  const seconds = Math.floor(now / 1000);
  return { [contract.exampleKeySetId]: [{ ...example, nbf: seconds - 30 * 86_400, exp: seconds + 365 * 86_400 }] };
};

export function createPipeline(options: FakeGraphOptions = {}) {
  checkFaults(options.faults);
  if (options.keySets !== undefined) checkKeySets(options.keySets);
  const now = options.now ?? Date.now;
  const faults = options.faults ?? {};
  const seed = faults.seed ?? faults.errors?.seed ?? Math.floor(Math.random() * 2 ** 32);
  const random = seededRandom(seed);
  const errorRandom = faults.errors?.seed === undefined ? random : seededRandom(faults.errors.seed);
  const limits = rateLimitsOf(faults);
  const throttle = limits.length ? createThrottle(limits, faults.now ?? Date.now, faults.timeScale) : undefined;
  const state: FakeState = new Map(Object.entries(options.keySets ?? defaultKeySets(now())).map(([id, keys]) => [id, new Map(keys.map((k) => [k.kid, structuredClone(k)]))]));
  const handlers = routeHandlers(state, now, options.pageSize ?? 20);
  const requests: FakeRequest[] = [];
  const violations: Violation[] = [];
  const scripts: (ScriptedOutcome & { times: number })[] = [];

  function respond(status: number, body: unknown, request: Request, extra: Record<string, string> = {}): Response {
    const headers = { ...graphHeaders({ clientRequestId: request.headers.get('client-request-id') ?? undefined, date: new Date(now()) }), ...extra };
    if (body === undefined) return new Response(null, { status, headers });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
  }
  const error = (status: number, message: string, request: Request, extra: Record<string, string> = {}, code = GRAPH_ERROR_CODES[status] ?? 'UnknownError') => {
    const headers = graphHeaders({ clientRequestId: request.headers.get('client-request-id') ?? undefined, date: new Date(now()) });
    const body = graphErrorBody({ code, message, requestId: headers['request-id'], clientRequestId: headers['client-request-id'], date: new Date(now()) });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers, ...extra } });
  };

  const delay = (signal: AbortSignal) => {
    const l = faults.latencyMs;
    const ms = l === undefined ? 0 : typeof l === 'number' ? l : l[0] + random() * (l[1] - l[0]);
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const t = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
    });
  };

  function scripted(m: Matched | undefined, method: string): ScriptedOutcome | undefined {
    const i = scripts.findIndex(
      (s) =>
        (s.method === undefined || s.method.toUpperCase() === method) &&
        (s.operationId === undefined || s.operationId === m?.op.operationId) &&
        (s.keySetId === undefined || s.keySetId === m?.params.keySetId) &&
        (s.kid === undefined || s.kid === m?.params.kid),
    );
    if (i < 0) return undefined;
    const s = scripts[i]!;
    if (--s.times <= 0) scripts.splice(i, 1);
    return s;
  }

  /** Answers one request as the fake Graph mounted at `base` (a URL ending in the API version, e.g. …/beta). */
  async function handle(request: Request, base: string): Promise<Response> {
    const url = new URL(request.url);
    const basePath = new URL(base).pathname.replace(/\/+$/, '');
    const path = url.pathname.startsWith(`${basePath}/`) ? url.pathname.slice(basePath.length) : url.pathname;
    const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    const record: FakeRequest = { method: request.method, path, url: request.url, headers: Object.fromEntries(request.headers), body, operationId: undefined, status: 0, fault: undefined };
    requests.push(record);
    await delay(request.signal);
    const verdict = judge(request.method, path, url.searchParams, request.headers, body);
    record.operationId = verdict.matched?.op.operationId;
    const answer = (res: Response, fault?: FakeRequest['fault']) => ((record.status = res.status), (record.fault = fault), res);

    const script = scripted(verdict.matched, request.method);
    if (script) {
      if (script.status === 'network-error') throw new DroppedConnection('scripted network error');
      const retry: Record<string, string> = script.retryAfterSeconds === undefined ? {} : { 'retry-after': String(script.retryAfterSeconds) };
      return answer(error(script.status, `scripted ${script.status}`, request, retry), 'scripted');
    }
    if (verdict.violations.length) {
      for (const v of verdict.violations) violations.push({ ...v, method: request.method, path });
      const status = firstStatus(verdict.violations);
      return answer(error(status, verdict.violations.map((v) => v.message).join('; '), request));
    }
    const throttled = throttle?.(appOf(request.headers.get('authorization')));
    if (throttled) return answer(error(429, 'Too many requests. Please retry after some time.', request, { 'retry-after': throttled.retryAfter }), 'rate-limit');
    const e = faults.errors;
    if (e && errorRandom() < e.rate) {
      const statuses = e.statuses ?? [429, 500, 502, 503, 504];
      const status = statuses[Math.floor(errorRandom() * statuses.length)]!;
      const retry: Record<string, string> = status === 429 || status === 503 ? { 'retry-after': String(e.retryAfterSeconds ?? 1) } : {};
      return answer(error(status, `injected ${status} (random errors, seed ${seed})`, request, retry), 'random-error');
    }
    const m = verdict.matched!;
    const out = handlers[m.op.operationId]!(m, url);
    if (out.status >= 400) return answer(error(out.status, out.message!, request, {}, out.code));
    return answer(respond(out.status, out.body, request));
  }

  return {
    handle,
    seed,
    requests,
    violations,
    state,
    script(outcome: ScriptedOutcome) {
      scripts.push({ ...outcome, times: outcome.times ?? 1 });
    },
  };
}
