// What the fake does for each operation of the contract, on its in-memory key sets. A test checks that every
// operation in generated/contract.js has a handler here, so a spec change cannot leave the fake behind.
import type { TrustFrameworkKeyV2 } from '../index.js';
import type { Matched } from './judge.js';

export type FakeState = Map<string, Map<string, TrustFrameworkKeyV2>>;

export interface RouteResult {
  status: number;
  body?: unknown;
  /** For an error: Graph's code and message. */
  code?: string;
  message?: string;
}

export type RouteHandler = (m: Matched, url: URL) => RouteResult;

/** The 404 Graph's B2C service sends for an unknown key set or kid (code as in the spec's example). */
function notFound(keySetId: string, kid?: string): RouteResult {
  return {
    status: 404,
    code: 'AADB2C',
    message: kid === undefined ? `The key set '${keySetId}' was not found.` : `The key set '${keySetId}' does not contain a key with kid '${kid}'.`,
  };
}

export function routeHandlers(state: FakeState, _now: () => number): Record<string, RouteHandler> {
  const find = (m: Matched) => {
    const set = state.get(m.params.keySetId!);
    return { set, key: set?.get(m.params.kid!) };
  };
  const context = (url: URL, m: Matched) => `${url.origin}${url.pathname.slice(0, url.pathname.indexOf('/trustFramework'))}/$metadata#trustFramework/keySets('${m.params.keySetId}')/keys_v2/$entity`;
  return {
    getTrustFrameworkKeyV2(m, url) {
      const { set, key } = find(m);
      if (!key) return notFound(m.params.keySetId!, set ? m.params.kid : undefined);
      return { status: 200, body: { '@odata.context': context(url, m), ...structuredClone(key) } };
    },
    updateTrustFrameworkKeyV2(m) {
      const { set, key } = find(m);
      if (!key) return notFound(m.params.keySetId!, set ? m.params.kid : undefined);
      key.status = (m.body as { status: TrustFrameworkKeyV2['status'] }).status;
      return { status: 204 };
    },
  };
}
