// The lint ruleset, run through Spectral's own engine as npm test's checks and the review run it
// (scripts/lib/lint.ts): the real spec and the base fixture pass; every fixture in test/fixtures/lint/ fails with
// exactly the rule it is named after.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schema } from '@stoplight/spectral-functions';
import { oas } from '@stoplight/spectral-rulesets';
import { describe, expect, it } from 'vitest';
import { lintSpec } from '../scripts/lib/lint.js';
import { sharingAjv } from '../scripts/spectral/functions.mjs';
import ruleset from '../scripts/spectral/ruleset.mjs';
import { root, specPath } from '../scripts/lib/spec.js';

const FIXTURES = join(root, 'test/fixtures/lint');

async function errors(file: string) {
  const results = await lintSpec(readFileSync(file, 'utf8'), file);
  return results.filter((r) => r.severity === 'error').map((r) => ({ code: r.rule, message: r.message }));
}

describe('spec lint', () => {
  it('the spec passes with no error', async () => {
    expect(await errors(specPath)).toEqual([]);
  });
  it('the base fixture passes with no error', async () => {
    expect(await errors(join(FIXTURES, 'base.yaml'))).toEqual([]);
  });
  const fixtures = readdirSync(FIXTURES).filter((f) => f !== 'base.yaml');
  it.each(fixtures.map((file) => ({ file, rule: file.replace(/(-body)?\.yaml$/, '') })))('$file fails with $rule', async ({ file, rule }) => {
    const found = await errors(join(FIXTURES, file));
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found.map((e) => e.code))).toEqual(new Set([rule]));
  });
  it('the ruleset has a default export only, which Spectral’s CLI (npm run lint:spec) requires of it', async () => {
    // Its bundler turns a module with named exports too into one it cannot load ("exports is not defined").
    expect(Object.keys(await import('../scripts/spectral/ruleset.mjs'))).toEqual(['default']);
  });
  it('messages say what is wrong', async () => {
    const [e] = await errors(join(FIXTURES, 'tfk-graph-error-responses.yaml'));
    expect(e!.message).toBe('the operation must document 5XX with the Graph error body');
  });
});

describe('the example rules remember their findings by value', () => {
  const invalid = readFileSync(join(FIXTURES, 'oas3-valid-media-example.yaml'), 'utf8');
  const findings = async (text: string) => (await lintSpec(text, 'remembered.yaml')).filter((r) => r.rule === 'oas3-valid-media-example').map((r) => `${r.path}: ${r.message}`);

  it('the same invalid example, judged again in another document, is found again at the same place', async () => {
    const first = await findings(invalid);
    expect(first.length).toBeGreaterThan(0);
    expect(await findings(`${invalid}\n# another document\n`)).toEqual(first);
  });

  it('a changed example is judged afresh, at the same place: mended, then broken another way', async () => {
    expect(await findings(invalid)).not.toEqual([]);
    expect(invalid).toContain('              status: on\n');
    expect(await findings(invalid.replace('              status: on\n', '              status: disabled\n'))).toEqual([]);
    const other = await findings(invalid.replace('              status: on\n', '              status: 7\n'));
    expect(other).toHaveLength(1);
    expect(other).not.toEqual(await findings(invalid));
  });
});

describe('Spectral’s Ajv, shared across documents', () => {
  it('a rule that validates with it is judged with one set of instances, but a value with an $id or an anchor with its own', () => {
    const seen: unknown[] = [];
    const rule = sharingAjv((_value: unknown, _opts: unknown, context: { documentInventory: unknown }) => seen.push(context.documentInventory));
    const [a, b] = [{ document: 'a' }, { document: 'b' }];
    rule(['x'], { schema: { type: 'array' } }, { documentInventory: a });
    rule(['y'], { schema: { type: 'array' } }, { documentInventory: b });
    rule({ $id: 'https://example.com/s' }, {}, { documentInventory: a });
    rule(['z'], { schema: { $id: 'https://example.com/s' } }, { documentInventory: b });
    rule(['z'], { schema: { $defs: { s: { $anchor: 's' } } } }, { documentInventory: a });
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]).not.toBe(a);
    expect(seen.slice(2)).toEqual([a, b, a]);
  });

  it('every recommended rule of Spectral’s OpenAPI ruleset that validates with it shares it', () => {
    const validating = (fn: { name?: string } | undefined) => fn === schema || fn?.name === 'oasSchema' || fn?.name === 'oasExample';
    const thens = (r: { then: unknown }) => [r.then].flat() as { function?: { name?: string } }[];
    const ours = (ruleset as { rules: Record<string, { then: unknown }> }).rules;
    const names = Object.entries(oas.rules as Record<string, { recommended?: boolean; then: unknown }>)
      .filter(([, r]) => r.recommended !== false && thens(r).some((t) => validating(t.function)))
      .map(([n]) => n);
    expect(names.length).toBeGreaterThan(4);
    for (const name of names) expect(thens(ours[name]!).map((t) => t.function?.name), name).not.toContain('wrappedFn');
    for (const name of names) expect(['sharing', 'remembered'], name).toContain(thens(ours[name]!)[0]!.function?.name);
  });

  it('two documents that give one $id different schemas are each judged by their own', async () => {
    const doc = (allowed: string) =>
      ['openapi: 3.1.0', 'info: {title: t, version: "1", description: d, contact: {name: n}}', 'servers: [{url: "https://example.com"}]', 'paths: {}', 'components:', '  schemas:', '    Key:', '      $id: https://example.com/key', '      type: object', `      properties: {status: {type: string, enum: [${allowed}]}}`, '      example: {status: paused}', ''].join('\n');
    const examples = async (text: string) => (await lintSpec(text, 'ids.yaml')).filter((r) => r.rule === 'oas3-valid-schema-example');
    expect(await examples(doc('enabled, disabled'))).toHaveLength(1);
    expect(await examples(doc('enabled, disabled, paused'))).toEqual([]);
    expect(await examples(doc('enabled, disabled'))).toHaveLength(1);
  });
});
