// The lint ruleset, run through Spectral's own engine: the real spec and the base fixture pass; every fixture in
// test/fixtures/lint/ fails with exactly the rule it is named after.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Spectral } from '@stoplight/spectral-core';
import * as Parsers from '@stoplight/spectral-parsers';
import { beforeAll, describe, expect, it } from 'vitest';
import ruleset from '../scripts/spectral/ruleset.mjs';
import { root, specPath } from '../scripts/lib/spec.js';

const FIXTURES = join(root, 'test/fixtures/lint');
let spectral: Spectral;
beforeAll(() => {
  spectral = new Spectral();
  spectral.setRuleset(ruleset);
});

async function errors(file: string) {
  const results = await spectral.run(new Document(readFileSync(file, 'utf8'), Parsers.Yaml, file));
  return results.filter((r) => r.severity === 0).map((r) => ({ code: String(r.code), message: r.message }));
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
  it('messages say what is wrong', async () => {
    const [e] = await errors(join(FIXTURES, 'tfk-graph-error-responses.yaml'));
    expect(e!.message).toBe('the operation must document 5XX with the Graph error body');
  });
});
