// The two generators read the same spec: their types for the same operation must agree, and must refuse what the
// spec refuses.
import { describe, expectTypeOf, it } from 'vitest';
import type * as Hey from '../generated/hey-api/types.gen.js';
import type { components, operations } from '../generated/openapi-types.js';
import { createClient, createConfig } from '../generated/hey-api/client/index.js';
import { getTrustFrameworkKeyV2, updateTrustFrameworkKeyV2 } from '../generated/hey-api/sdk.gen.js';
import type { TrustFrameworkKeyStatus, TrustFrameworkKeyStatusUpdate } from '../src/index.js';

type Update = operations['updateTrustFrameworkKeyV2'];
type Get = operations['getTrustFrameworkKeyV2'];
/** The status enum of the spec, as written there. */
type SpecStatus = 'enabled' | 'disabled' | 'unknownFutureValue';
/** The statuses a caller may set: the sentinel is received, never sent. */
type SpecStatusUpdate = 'enabled' | 'disabled';

describe('hey-api and openapi-typescript agree', () => {
  it('request body', () => {
    expectTypeOf<Hey.UpdateTrustFrameworkKeyV2Data['body']>().toExtend<Update['requestBody']['content']['application/json']>();
    expectTypeOf<Update['requestBody']['content']['application/json']>().toExtend<Hey.UpdateTrustFrameworkKeyV2Data['body']>();
  });
  it('path parameters', () => {
    expectTypeOf<Hey.UpdateTrustFrameworkKeyV2Data['path']>().toExtend<Update['parameters']['path']>();
    expectTypeOf<Update['parameters']['path']>().toExtend<Hey.UpdateTrustFrameworkKeyV2Data['path']>();
    expectTypeOf<Hey.GetTrustFrameworkKeyV2Data['path']>().toExtend<Get['parameters']['path']>();
    expectTypeOf<Get['parameters']['path']>().toExtend<Hey.GetTrustFrameworkKeyV2Data['path']>();
  });
  it('GET 200 body', () => {
    type A = Hey.GetTrustFrameworkKeyV2Responses[200];
    type B = Get['responses'][200]['content']['application/json'];
    expectTypeOf<A>().toExtend<B>();
    expectTypeOf<B>().toExtend<A>();
  });
  it('error body', () => {
    expectTypeOf<Hey.ODataError>().toExtend<components['schemas']['ODataError']>();
    expectTypeOf<components['schemas']['ODataError']>().toExtend<Hey.ODataError>();
    expectTypeOf<Hey.UpdateTrustFrameworkKeyV2Errors[404]>().toEqualTypeOf<Hey.ODataError>();
  });
  it('the status union equals the spec enum, in all three places', () => {
    expectTypeOf<Hey.TrustFrameworkKeyStatus>().toEqualTypeOf<SpecStatus>();
    expectTypeOf<components['schemas']['TrustFrameworkKeyStatus']>().toEqualTypeOf<SpecStatus>();
    expectTypeOf<TrustFrameworkKeyStatus>().toEqualTypeOf<SpecStatus>();
  });
  it('the settable status union leaves out the sentinel, in all three places', () => {
    expectTypeOf<Hey.TrustFrameworkKeyStatusUpdate>().toEqualTypeOf<SpecStatusUpdate>();
    expectTypeOf<components['schemas']['TrustFrameworkKeyStatusUpdate']>().toEqualTypeOf<SpecStatusUpdate>();
    expectTypeOf<TrustFrameworkKeyStatusUpdate>().toEqualTypeOf<SpecStatusUpdate>();
  });
  it('PATCH success has no body', () => {
    expectTypeOf<Hey.UpdateTrustFrameworkKeyV2Responses[204]>().toEqualTypeOf<void>();
    expectTypeOf<Update['responses'][204]['content']>().toEqualTypeOf<undefined>();
  });
});

describe('the generated SDK refuses what the spec refuses', () => {
  const path = { keySetId: 'B2C_1A_Set', kid: 'k' };
  const client = createClient(createConfig());
  it('compiles the valid call', () => {
    expectTypeOf(updateTrustFrameworkKeyV2).toBeCallableWith({ client, path, body: { status: 'disabled' } });
    expectTypeOf(getTrustFrameworkKeyV2).toBeCallableWith({ client, path });
  });
  it('rejects a bogus status, an extra body property and a missing path parameter', () => {
    // @ts-expect-error a status outside the enum
    void updateTrustFrameworkKeyV2({ client, path, body: { status: 'revoked' } });
    // @ts-expect-error the evolvable-enum sentinel is never sent
    void updateTrustFrameworkKeyV2({ client, path, body: { status: 'unknownFutureValue' } });
    // @ts-expect-error an extra body property
    void updateTrustFrameworkKeyV2({ client, path, body: { status: 'enabled', displayName: 'x' } });
    // @ts-expect-error the kid path parameter is missing
    void updateTrustFrameworkKeyV2({ client, path: { keySetId: 'B2C_1A_Set' }, body: { status: 'enabled' } });
    // @ts-expect-error the body is required
    void updateTrustFrameworkKeyV2({ client, path });
  });
});
