// The Retry-After header as the spec declares it: what RFC 9110 allows, plus the fractional seconds Graph's
// throttling documentation shows ("2.128"), so a real 429 never counts as a contract violation.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect, it } from 'vitest';
import { loadSpec } from '../scripts/lib/spec.js';

const retryAfter = new Ajv2020().compile(loadSpec().components.headers['Retry-After'].schema);

it.each(['0', '2', '120', '2.128', 'Wed, 21 Oct 2015 07:28:00 GMT'])('Retry-After %s is allowed', (value) => {
  expect(retryAfter(value)).toBe(true);
});

it.each(['', '-1', '2.', '.5', '1e3', 'soon', '2 ', 'Wed, 21 Oct 2015 07:28:00 UTC'])('Retry-After "%s" is not', (value) => {
  expect(retryAfter(value)).toBe(false);
});
