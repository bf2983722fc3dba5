// The runtime half of the type-level check: the spec's enum is the one the type tests pin.
import { expect, it } from 'vitest';
import { loadSpec } from '../scripts/lib/spec.js';

it('the spec status enum is enabled, disabled, unknownFutureValue', () => {
  expect(loadSpec().components.schemas.TrustFrameworkKeyStatus.enum).toEqual(['enabled', 'disabled', 'unknownFutureValue']);
});

it('the settable status enum leaves out the sentinel, and the update body uses it', () => {
  const spec = loadSpec();
  expect(spec.components.schemas.TrustFrameworkKeyStatusUpdate.enum).toEqual(['enabled', 'disabled']);
  expect(spec.components.schemas.TrustFrameworkKeyV2Update.properties.status.$ref).toBe('#/components/schemas/TrustFrameworkKeyStatusUpdate');
});
