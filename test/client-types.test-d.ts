import { expectTypeOf, it } from 'vitest';
import { createKeysClient, type KeysClient, type TrustFrameworkKeyStatus, type TrustFrameworkKeyV2 } from '../src/index.js';

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
  // @ts-expect-error status is required
  void keys.updateKeyStatus({ keySetId: 'a', keyId: 'b' });
  // @ts-expect-error an extra property
  void keys.updateKeyStatus({ keySetId: 'a', keyId: 'b', status: 'enabled', displayName: 'x' });
});
