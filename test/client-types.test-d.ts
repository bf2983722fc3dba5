import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import { expectTypeOf, it } from 'vitest';
import { createKeysClient, type FetchLike, type KeysClient, type TrustFrameworkKey, type TrustFrameworkKeySet, type TrustFrameworkKeyStatus, type TrustFrameworkKeyV2 } from '../src/index.js';

const keys = createKeysClient({ token: 't' });

it('the public signatures are the documented ones', () => {
  expectTypeOf(keys).toEqualTypeOf<KeysClient>();
  expectTypeOf(keys.updateKeyStatus).returns.toEqualTypeOf<Promise<void>>();
  expectTypeOf(keys.getKey).returns.toEqualTypeOf<Promise<TrustFrameworkKeyV2>>();
  expectTypeOf<TrustFrameworkKeyStatus>().toEqualTypeOf<'enabled' | 'disabled' | 'unknownFutureValue'>();
});

it('token accepts a string, a function and a credential', () => {
  createKeysClient({ token: () => 't' });
  createKeysClient({ token: async () => 't' });
  createKeysClient({ token: { getToken: async () => ({ token: 't' }) } });
  // @ts-expect-error a number is not a token
  createKeysClient({ token: 1 });
  // @ts-expect-error the cloud must be one of the four
  createKeysClient({ token: 't', cloud: 'mars' });
});

it('bad inputs do not compile', () => {
  // @ts-expect-error a status outside the enum
  void keys.updateKeyStatus({ keySetId: 'a', keyId: 'b', status: 'Enabled' });
  // @ts-expect-error the sentinel is received, never set
  void keys.updateKeyStatus({ keySetId: 'a', keyId: 'b', status: 'unknownFutureValue' });
  // @ts-expect-error status is required
  void keys.updateKeyStatus({ keySetId: 'a', keyId: 'b' });
  // @ts-expect-error an extra property
  void keys.updateKeyStatus({ keySetId: 'a', keyId: 'b', status: 'enabled', displayName: 'x' });
});

it('the fetch option takes the global fetch and undici’s, with or without a proxy agent, with no cast', () => {
  expectTypeOf(globalThis.fetch).toExtend<FetchLike>();
  expectTypeOf(undiciFetch).toExtend<FetchLike>();
  createKeysClient({ token: 't', fetch: undiciFetch });
  const agent = new EnvHttpProxyAgent();
  createKeysClient({ token: 't', fetch: (url, init) => undiciFetch(url, { ...init, dispatcher: agent }) });
  // @ts-expect-error a fetch must return a promise of a response
  createKeysClient({ token: 't', fetch: (url: string) => url });
});

it('a token function and a credential are handed the attempt’s abort signal', () => {
  createKeysClient({ token: ({ abortSignal }) => (abortSignal.aborted ? '' : 't') });
  createKeysClient({ token: { getToken: async (_scopes, options) => (options?.abortSignal.throwIfAborted(), { token: 't' }) } });
});

it('listings are async iterables of the generated types; getActiveKey gives the v1 key', () => {
  expectTypeOf(keys.listKeySets()).toEqualTypeOf<AsyncIterable<TrustFrameworkKeySet>>();
  expectTypeOf(keys.listKeys({ keySetId: 'a' }, { pageSize: 10 })).toEqualTypeOf<AsyncIterable<TrustFrameworkKeyV2>>();
  expectTypeOf(keys.getActiveKey({ keySetId: 'a' })).toEqualTypeOf<Promise<TrustFrameworkKey>>();
  expectTypeOf(keys.throttling.events).toEqualTypeOf<number>();
  // @ts-expect-error listKeys needs the key set
  void keys.listKeys({});
});
