// Every example in the spec validates against its own schema with Ajv in strict mode with formats.
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../scripts/lib/spec.js';
import { collectExamples, invalidExamples, schemaProblems } from '../scripts/lib/contract.js';

const spec = loadSpec();
const examples = collectExamples(spec);

describe('spec examples', () => {
  it('there are examples for requests, responses, errors and parameters', () => {
    const where = examples.map((e) => e.where).join('\n');
    expect(where).toMatch(/PATCH .* requestBody application\/json examples\.enable/);
    expect(where).toMatch(/GET .* 200 application\/json/);
    expect(where).toMatch(/PATCH .* 404 application\/json example/);
    expect(where).toMatch(/parameter kid example/);
    expect(examples.length).toBeGreaterThan(40);
  });

  it.each(examples.map((e) => ({ ...e, name: e.where })))('$name', ({ schema, value }) => {
    expect(schemaProblems(spec, schema, value)).toEqual([]);
  });

  it('the documentation example request is {"status": "enabled"}', () => {
    expect(examples.find((e) => e.where.endsWith('requestBody application/json examples.enable'))?.value).toEqual({ status: 'enabled' });
  });

  it('an example that breaks its own schema is caught (fixture)', () => {
    const broken = structuredClone(spec);
    broken.paths['/trustFramework/keySets/{keySetId}/keys_v2/{kid}'].patch.requestBody.content['application/json'].examples.enable.value = { status: 'on' };
    broken.components.responses.NotFound.content['application/json'].example.error.innerError.date = 'yesterday';
    const problems = invalidExamples(broken);
    expect(problems.some((p) => p.includes('examples.enable') && p.includes('allowed values'))).toBe(true);
    expect(problems.some((p) => p.includes('404') && p.includes('/error/innerError/date'))).toBe(true);
  });
});
