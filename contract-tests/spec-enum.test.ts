// The runtime half of the type-level check: the spec's enum is the one the type tests pin.
import { expect, it } from 'vitest';
import { loadSpec } from '../scripts/lib/spec.js';

it('the spec status enum is enabled, disabled, unknownFutureValue', () => {
  expect(loadSpec().components.schemas.TrustFrameworkKeyStatus.enum).toEqual(['enabled', 'disabled', 'unknownFutureValue']);
});
