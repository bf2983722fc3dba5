// tfkey/testing — the public face of the consumer test kit: a stateful fake of Graph's trustFramework key
// endpoints that judges the code under test by the spec, and typed builders for Graph's responses.
// msw is an optional peer dependency: only handlers() loads it. Its handler type is imported for the declarations;
// the build marks that import so that a consumer without msw still type-checks (handlers() is then typed any[]).
import type { HttpHandler } from 'msw';
import type { FaultOptions, RandomErrorFault, RateLimitFault } from './faults.js';
import { ContractViolationError, createPipeline, DEFAULT_BASE_URL, DroppedConnection, type FakeGraphOptions, type FakeKey, type FakeRequest, type ScriptedOutcome } from './fake-graph.js';
import type { Violation } from './judge.js';
import { listenOn, type Listening } from './server.js';

export { ContractViolationError };
export type { FakeGraphOptions, FakeKey, FakeRequest, ScriptedOutcome, Violation, FaultOptions, RandomErrorFault, RateLimitFault };
export { graphErrorBody, graphErrorResponse, graphHeaders, GRAPH_ERROR_CODES } from './graph-responses.js';
export { GRAPH_RATE_LIMITS } from './faults.js';
export { fakeKey } from './fixtures.js';
export type { FakeKeyInit, ReadableDate } from './fixtures.js';
export { createClock } from './clock.js';
export type { Clock, ClockStep, ClockTime } from './clock.js';
export type { GraphErrorInit, GraphHeadersInit } from './graph-responses.js';

/** The fake, as {@link createFakeGraph} returns it. */
export interface FakeGraph {
  /** A fetch served by the fake in-process (no socket): pass it with {@link FakeGraph.baseUrl} to the client. */
  readonly fetch: typeof fetch;
  /** The base URL `fetch` answers for, including `/beta`. */
  readonly baseUrl: string;
  /** The seed of every random draw (errors, latency): pass it back as `faults.seed` to replay a run. */
  readonly seed: number;
  /** Serves the fake over real HTTP on 127.0.0.1 (a free port unless given); resolves to its base URL (…/beta). */
  listen(options?: { port?: number; host?: string }): Promise<string>;
  /**
   * msw 2.x request handlers for the fake, mounted at `baseUrl` (default: the global cloud's beta endpoint).
   * @example
   * const server = setupServer(...(await graph.handlers()));
   */
  handlers(baseUrl?: string): Promise<HttpHandler[]>;
  /** Every request received, in order, with the status it got. */
  readonly requests: readonly FakeRequest[];
  /** Every contract violation seen; empty while the code under test is well-behaved. */
  readonly violations: readonly Violation[];
  /** Throws a {@link ContractViolationError} listing every violation, with its spec pointer. */
  assertNoViolations(): void;
  /** A copy of a key as the fake holds it now, or undefined. */
  key(keySetId: string, kid: string): FakeKey | undefined;
  /** Copies of a key set's keys, or undefined for an unknown key set. */
  keys(keySetId: string): FakeKey[] | undefined;
  /** Queues a one-shot outcome, e.g. `{ method: 'PATCH', kid: 'k1', status: 503, times: 2 }`. */
  script(outcome: ScriptedOutcome): void;
  /** Stops the HTTP server, if listening. */
  close(): Promise<void>;
}

/**
 * A stateful fake of Graph's trustFramework key endpoints, built from the spec: PATCH changes a key, GET reads it
 * back, and every request is judged by the contract (a violation gets Graph's 400, 401 or 415 and is recorded).
 * @example
 * const graph = createFakeGraph({ keySets: { B2C_1A_Signing: [{ kid: 'k1', use: 'sig', kty: 'RSA', status: 'enabled' }] } });
 * const keys = createKeysClient({ token: 'test', fetch: graph.fetch, baseUrl: graph.baseUrl });
 * await keys.updateKeyStatus({ keySetId: 'B2C_1A_Signing', keyId: 'k1', status: 'disabled' });
 * expect(graph.key('B2C_1A_Signing', 'k1')?.status).toBe('disabled');
 * graph.assertNoViolations();
 */
export function createFakeGraph(options: FakeGraphOptions = {}): FakeGraph {
  const p = createPipeline(options);
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  let server: Promise<Listening> | undefined;
  const fakeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (!request.url.startsWith(`${baseUrl}/`)) throw new TypeError(`fetch failed: the fake Graph serves ${baseUrl}, not ${request.url}`);
    try {
      return await p.handle(request, baseUrl);
    } catch (e) {
      throw e instanceof DroppedConnection ? new TypeError('fetch failed', { cause: e }) : e;
    }
  }) as typeof fetch;
  const copy = <T>(v: T): T => structuredClone(v);
  return {
    fetch: fakeFetch,
    baseUrl,
    seed: p.seed,
    requests: p.requests,
    violations: p.violations,
    async listen(o = {}) {
      server ??= listenOn(p.handle, new URL(baseUrl).pathname.replace(/\/+$/, ''), o.port, o.host);
      return (await server).url;
    },
    async handlers(mountAt = DEFAULT_BASE_URL) {
      const { http, HttpResponse } = await import('msw');
      const base = mountAt.replace(/\/+$/, '');
      return [
        http.all(`${base}/*`, async ({ request }) => {
          try {
            return await p.handle(request, base);
          } catch (e) {
            if (e instanceof DroppedConnection) return HttpResponse.error();
            throw e;
          }
        }),
      ];
    },
    assertNoViolations() {
      if (p.violations.length) throw new ContractViolationError([...p.violations]);
    },
    key: (keySetId, kid) => copy(p.state.get(keySetId)?.get(kid)),
    keys: (keySetId) => copy(p.state.has(keySetId) ? [...p.state.get(keySetId)!.values()] : undefined),
    script: p.script,
    async close() {
      const s = await server;
      server = undefined;
      await s?.close();
    },
  };
}
