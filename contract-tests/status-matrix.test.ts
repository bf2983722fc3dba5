// For every response the spec documents, Prism is asked for it (Prefer: code=NNN) and the client's outcome is
// checked against the spec's example: the resolved value, or a GraphError with the example's status, code, message.
import { describe, expect, it } from 'vitest';
import { GraphError } from '../src/index.js';
import { operations, loadSpec, type Operation } from '../scripts/lib/spec.js';
import { responseExample, responseFor } from './lib/contract.js';
import { markExercised } from './lib/coverage.js';
import { KEY_SET, KID, prismClient, recordingFetch } from './lib/prism-client.js';

const spec = loadSpec();

// A documented range is driven with a representative code that has no entry of its own.
const RANGE_REPRESENTATIVE: Record<string, number> = { '2XX': 200, '4XX': 409, '5XX': 502 };

const cases = operations(spec).flatMap((operation) =>
  Object.keys(operation.op.responses).map((response) => {
    const status = RANGE_REPRESENTATIVE[response] ?? Number(response);
    return { name: `${operation.operationId} → ${status} (documented as ${response})`, operation, response, status };
  }),
);

const call = (operation: Operation, f: typeof fetch) => {
  const client = prismClient({ fetch: f });
  if (operation.operationId === 'updateTrustFrameworkKeyV2') return client.updateKeyStatus({ keySetId: KEY_SET, keyId: KID, status: 'enabled' });
  if (operation.operationId === 'getTrustFrameworkKeyV2') return client.getKey({ keySetId: KEY_SET, keyId: KID });
  throw new Error(`no client method for ${operation.operationId}: add it here`);
};

describe('status matrix', () => {
  it('covers every documented response and the representatives the issue names', () => {
    const statuses = new Set(cases.map((c) => c.status));
    for (const s of [204, 200, 400, 401, 403, 404, 409, 429, 500, 503, 504]) expect(statuses).toContain(s);
  });

  it.for(cases)('$name', async ({ operation, response, status }, { task }) => {
    expect(responseFor(operation, status)).toBe(response);
    const { fetch, exchanges } = recordingFetch(status);
    const outcome = await call(operation, fetch).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    expect(exchanges.map((e) => e.status)).toEqual([status]);
    const example = responseExample(spec, operation, response);
    if (status < 300) {
      expect(outcome).not.toHaveProperty('error');
      expect((outcome as { value: unknown }).value).toEqual(example);
    } else {
      const error = (outcome as { error: GraphError }).error;
      expect(error).toBeInstanceOf(GraphError);
      const { code, message, innerError } = (example as { error: { code: string; message: string; innerError: Record<string, string> } }).error;
      expect(error).toMatchObject({ status, code, message, requestId: innerError['request-id'], date: innerError.date });
    }
    markExercised(task, operation.operationId, response);
  });
});
