// For every response the spec documents, each provider is asked for it (Prism with Prefer: code=NNN, the fake with a
// scripted outcome) and the client's outcome is checked: against Prism, with the spec's example (the resolved value,
// or a GraphError with the example's status, code, message); against the fake, with the response's schema.
import { afterAll, describe, expect, it } from 'vitest';
import { GraphError } from '../src/index.js';
import { operations, loadSpec, type Operation } from '../scripts/lib/spec.js';
import { responseExample, responseFor, schemaProblems } from '../scripts/lib/contract.js';
import { resolveRef } from '../scripts/lib/spec.js';
import { coverageKey, coverageTable, markExercised } from '../scripts/lib/coverage.js';
import { documentedResponses } from '../scripts/lib/contract.js';
import { clientFor, KEY_SET, KID, providers, recordingFetch, type Provider } from './lib/providers.js';

const spec = loadSpec();

// A documented range is driven with a representative code that has no entry of its own.
const RANGE_REPRESENTATIVE: Record<string, number> = { '2XX': 200, '4XX': 409, '5XX': 502 };

const cases = operations(spec).flatMap((operation) =>
  Object.keys(operation.op.responses).map((response) => {
    const status = RANGE_REPRESENTATIVE[response] ?? Number(response);
    return { name: `${operation.operationId} → ${status} (documented as ${response})`, operation, response, status };
  }),
);

/** The first `n` items of an async iterable, without asking for more. */
async function* take<T>(items: AsyncIterable<T>, n: number): AsyncGenerator<T> {
  if (n <= 0) return;
  for await (const item of items) {
    yield item;
    if (--n === 0) return;
  }
}

const call = (p: Provider, operation: Operation, f: typeof fetch): Promise<unknown> => {
  const client = clientFor(p, { fetch: f });
  if (operation.operationId === 'updateTrustFrameworkKeyV2') return client.updateKeyStatus({ keySetId: KEY_SET, keyId: KID, status: 'enabled' });
  if (operation.operationId === 'getTrustFrameworkKeyV2') return client.getKey({ keySetId: KEY_SET, keyId: KID });
  if (operation.operationId === 'getActiveTrustFrameworkKey') return client.getActiveKey({ keySetId: KEY_SET });
  // A listing resolves to its first page, as the documented example shows it (Prism's nextLink is the example's).
  const firstPage = async (items: AsyncIterable<unknown>) => {
    const value: unknown[] = [];
    for await (const item of items) value.push(item);
    return { value };
  };
  if (operation.operationId === 'listTrustFrameworkKeySets') return firstPage(take(client.listKeySets(), 2));
  if (operation.operationId === 'listTrustFrameworkKeysV2') return firstPage(take(client.listKeys({ keySetId: KEY_SET }), 1));
  throw new Error(`no client method for ${operation.operationId}: add it here`);
};

// The response-coverage gate: every documented response of every operation must be exercised by a passing test of
// this file, for each provider. It fails the run itself (a hook's failure), whatever reporter prints the results,
// and so also when a filter (-t) leaves responses out. The summary reporter prints the table.
const exercised = new Set<string>();
afterAll(() => {
  const { table, missing } = coverageTable(documentedResponses(spec), exercised);
  if (missing.length) throw new Error(`Unexercised documented responses (every one must be exercised by a passing test): ${missing.join(', ')}\n${table}`);
});

describe('status matrix', () => {
  it('covers every documented response and the representatives the issue names', () => {
    const statuses = new Set(cases.map((c) => c.status));
    for (const s of [204, 200, 400, 401, 403, 404, 409, 429, 500, 503, 504]) expect(statuses).toContain(s);
  });

  const schemaOf = (operation: Operation, response: string) => resolveRef(spec, operation.op.responses[response]).content?.['application/json']?.schema;
  it.for(providers().flatMap((p) => cases.map((c) => ({ ...c, p, title: `${p.name}: ${c.name}` }))))('$title', async ({ p, operation, response, status }, { task }) => {
    expect(responseFor(operation, status)).toBe(response);
    // A 2xx is the provider's own answer; only errors are asked for.
    const { fetch, exchanges } = recordingFetch(p, status < 300 ? undefined : status);
    const outcome = await call(p, operation, fetch).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    expect(exchanges.map((e) => e.status)).toEqual([status]);
    const example = responseExample(spec, operation, response);
    if (p.name === 'fake') {
      const schema = schemaOf(operation, response);
      if (status < 300) expect(schema ? schemaProblems(spec, schema, (outcome as { value: unknown }).value) : (outcome as { value: unknown }).value).toEqual(schema ? [] : undefined);
      else {
        const error = (outcome as { error: GraphError }).error;
        expect(error).toBeInstanceOf(GraphError);
        expect(error.status).toBe(status);
        expect(schemaProblems(spec, schema, error.body)).toEqual([]);
      }
    } else if (status < 300) {
      expect(outcome).not.toHaveProperty('error');
      // A listing is compared by its items: the client follows nextLink itself and does not hand it out.
      const listed = (example as { value?: unknown } | undefined)?.value;
      expect((outcome as { value: unknown }).value).toEqual(listed === undefined ? example : { value: listed });
    } else {
      const error = (outcome as { error: GraphError }).error;
      expect(error).toBeInstanceOf(GraphError);
      const { code, message, innerError } = (example as { error: { code: string; message: string; innerError: Record<string, string> } }).error;
      expect(error).toMatchObject({ status, code, message, requestId: innerError['request-id'], date: innerError.date });
    }
    markExercised(task, operation.operationId, response, p.name);
    exercised.add(coverageKey(operation.operationId, response, p.name));
  });
});
