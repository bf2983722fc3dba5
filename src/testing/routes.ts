// What the fake does for each operation of the contract, on its in-memory key sets. A test checks that every
// operation in generated/contract.js has a handler here, so a spec change cannot leave the fake behind.
import type { TrustFrameworkKeyV2 } from '../index.js';
import { activeKey } from '../jobs/index.js';
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

/** One page of `items` as Graph pages it: `value`, and `@odata.nextLink` carrying $top and $skiptoken while more remain. */
function page(items: unknown[], m: Matched, url: URL, pageSize: number): RouteResult {
  const top = (m.query.$top as number | undefined) ?? pageSize;
  const skip = Number(m.query.$skiptoken ?? 0);
  if (!Number.isInteger(skip) || skip < 0) return { status: 400, code: 'BadRequest', message: `$skiptoken '${String(m.query.$skiptoken)}' is not one this service issued` };
  const value = items.slice(skip, skip + top);
  if (skip + top >= items.length) return { status: 200, body: { value } };
  const next = new URL(url.href);
  next.search = '';
  next.searchParams.set('$top', String(top));
  next.searchParams.set('$skiptoken', String(skip + top));
  return { status: 200, body: { value, '@odata.nextLink': next.href } };
}

export function routeHandlers(state: FakeState, now: () => number, pageSize: number): Record<string, RouteHandler> {
  const find = (m: Matched) => {
    const set = state.get(m.params.keySetId!);
    return { set, key: set?.get(m.params.kid!) };
  };
  const context = (url: URL, m: Matched) => `${url.origin}${url.pathname.slice(0, url.pathname.indexOf('/trustFramework'))}/$metadata#trustFramework/keySets('${m.params.keySetId}')/keys_v2/$entity`;
  return {
    listTrustFrameworkKeySets(m, url) {
      return page([...state.keys()].map((id) => ({ id })), m, url, pageSize);
    },
    listTrustFrameworkKeysV2(m, url) {
      const set = state.get(m.params.keySetId!);
      if (!set) return notFound(m.params.keySetId!);
      return page([...set.values()].map((k) => structuredClone(k)), m, url, pageSize);
    },
    getActiveTrustFrameworkKey(m) {
      const set = state.get(m.params.keySetId!);
      if (!set) return notFound(m.params.keySetId!);
      const active = activeKey([...set.values()], now());
      if (!active) return { status: 404, code: 'AADB2C', message: `The key set '${m.params.keySetId}' has no active key.` };
      // The v1 trustFrameworkKey: the JSON Web Key without status.
      const { status: _status, ...v1 } = structuredClone(active);
      return { status: 200, body: v1 };
    },
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
