// The lint ruleset, run through Spectral's own engine as npm test's checks and the review run it
// (scripts/lib/lint.ts): the real spec and the base fixture pass; every fixture in test/fixtures/lint/ fails with
// exactly the rule it is named after.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSpec } from '../scripts/lib/lint.js';
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
