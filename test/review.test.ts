// npm run review: one report per spec change. A planted breaking change exits 1 and is named in every format; a
// description-only change exits 0; new lint errors and ledger changes are reported.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { FORMATS, render } from '../scripts/lib/review-format.js';
import { apiMoves, ledgerChanges, QUOTES_ONLY, quotesOnly, review, type Review } from '../scripts/lib/review.js';
import { runReview } from '../scripts/review.js';
import { changedPart } from '../scripts/lib/review-findings.js';
import { generatedFor } from '../scripts/check-generated.js';
import { loadSpec, root, specPath, type Spec } from '../scripts/lib/spec.js';

const dir = mkdtempSync(join(tmpdir(), 'tfkey-review-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const P = '/trustFramework/keySets/{keySetId}/keys_v2/{kid}';

function planted(name: string, f: (s: Spec) => void): string {
  const spec = loadSpec();
  f(spec);
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify(spec));
  return file;
}
/** npm run review, in-process: its exit code and what it printed. */
async function run(spec: string, format: string) {
  let stdout = '';
  let stderr = '';
  const status = await runReview(['--against', specPath, '--spec', spec, '--format', format], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { status, stdout, stderr };
}

const headLedger = readFileSync(join(root, 'spec/divergences.yaml'), 'utf8');
const baseText = readFileSync(specPath, 'utf8');
/**
 * The review of a planted change against the spec as it is, made in-process. By default generated/ is the
 * committed one (stale against any planted change, as when `npm run generate` was forgotten); `regenerated` judges
 * it against output generated from the planted spec, as after `npm run generate`.
 */
async function reviewOf(file: string, o: { regenerated?: boolean; ledger?: string; generated?: null } = {}) {
  const generatedDir = o.regenerated ? await generatedFor(readFileSync(file, 'utf8')) : o.generated;
  return review({ base: 'HEAD', baseSpec: baseText, headSpec: readFileSync(file, 'utf8'), baseLedger: headLedger, headLedger: o.ledger ?? headLedger, deep: false, buildHead: async () => {}, generatedDir, version: '0.1.0' });
}

describe.each([
  { name: 'a request enum value removed', f: (s: Spec) => s.components.schemas.TrustFrameworkKeyStatusUpdate.enum.pop(), kind: 'enum-value-removed', detail: 'disabled' },
  { name: 'a response header removed', f: (s: Spec) => delete s.paths[P].patch.responses['204'].headers['request-id'], kind: 'response-header-removed', detail: 'request-id' },
])('$name', ({ name, f, kind, detail }) => {
  const file = planted(name.replace(/ /g, '-'), f);
  it('is named in every format', async () => {
    const report = await reviewOf(file, { generated: null });
    expect(report).toMatchObject({ exitCode: 1, breaking: [{ kind, detail, acknowledged: false }] });
    for (const format of FORMATS) {
      const text = render(report, format);
      expect(text, format).toContain(kind);
      expect(text, format).toContain(detail);
    }
    expect(render(report, 'markdown')).toMatch(/^## Spec review against HEAD: 1 breaking \(0 acknowledged\)/);
    expect(render(report, 'junit')).toMatch(/<testcase classname="tfkey.review" name="breaking [^"]+" file="spec\/trustframework-keys-v2.yaml" line="\d+"><failure message="unacknowledged breaking change/);
    expect(render(report, 'github')).toMatch(new RegExp(`^::error file=spec/trustframework-keys-v2.yaml,line=\\d+,title=Breaking change::${kind}`, 'm'));
    expect(JSON.parse(render(report, 'json'))).toMatchObject({ exitCode: 1 });
  }, 30_000);
});

it('npm run review exits 1 on a planted breaking change, naming it and the entry to add', async () => {
  const r = await run(planted('script-enum', (s) => s.components.schemas.TrustFrameworkKeyStatusUpdate.enum.pop()), 'text');
  expect(r.status).toBe(1);
  expect(r.stdout.split('\n')[0]).toMatch(/1 breaking \(0 acknowledged\), \d+ compatible, \d+ new lint errors?(, [^;]+)?; release: major \(\d+\.\d+\.\d+ → \d+\.\d+\.\d+/);
  expect(r.stdout).toContain('NOT ACKNOWLEDGED  enum-value-removed');
  expect(r.stdout).toContain('Add to spec/breaking-changes.yaml');
}, 30_000);

describe('a description edit', () => {
  const file = planted('description', (s) => (s.paths[P].patch.description = 'Reworded.'));
  it('is listed as a documentation change, before → after, at its line; once regenerated: exit 0, release patch', async () => {
    const report = await reviewOf(file, { regenerated: true });
    expect(report.exitCode).toBe(0);
    expect(report.verdict).toBe('0 breaking (0 acknowledged), 0 compatible, 0 new lint errors; release: patch (0.1.0 → 0.1.1)');
    expect(report.release).toBe('patch');
    const [doc] = report.documentation;
    expect(doc).toMatchObject({ kind: 'description-changed', where: `paths.${P}.patch.description`, after: 'Reworded.' });
    expect(doc!.before).toMatch(/^Enable or disable/);
    expect(readFileSync(file, 'utf8').split('\n')[doc!.line - 1]).toMatch(/^\s+description: Reworded\.$/);
    for (const format of FORMATS) expect(render(report, format), format).toContain('description-changed');
    expect(render(report, 'github')).toMatch(new RegExp(`^::notice file=spec/trustframework-keys-v2.yaml,line=${doc!.line},title=Documentation changed::description-changed paths\\.`, 'm'));
    expect(JSON.parse(render(report, 'json'))).toMatchObject({ release: 'patch', nextVersion: { from: '0.1.0', to: '0.1.1' } });
  }, 30_000);

  it('without npm run generate: generated/ is named stale with the command that fixes it, and the review fails', async () => {
    const report = await reviewOf(file);
    expect(report.exitCode).toBe(1);
    expect(report.generated).toMatchObject({ stale: true, diff: expect.stringContaining('Reworded.') });
    expect(report.verdict).toContain(', generated/ is stale;');
    expect(render(report, 'text')).toContain('STALE against this spec: run npm run generate and commit generated/ with the spec');
    expect(render(report, 'junit')).toContain('<testcase classname="tfkey.review" name="generated/ matches the spec"><failure message="generated/ is stale against the spec');
    expect(render(report, 'github')).toContain('::error file=generated/,title=generated/ is stale::');
    expect(JSON.parse(render(report, 'json')).generated.stale).toBe(true);
  }, 30_000);
});

it('an optional $select on the key’s GET: release minor, and the ledger entry it makes stale fails the review', async () => {
  const file = planted('select', (s) => (s.paths[P].get.parameters ??= []).push({ name: '$select', in: 'query', required: false, schema: { type: 'string' } }));
  // generated/ left out: the ledger alone fails this review.
  const report = await reviewOf(file, { generated: null });
  expect(report.compatible).toEqual([expect.objectContaining({ kind: 'optional-parameter-added', detail: 'query $select' })]);
  expect(report.release).toBe('minor');
  expect(report.conformance).toMatchObject({ ok: false, output: expect.stringContaining('no longer differ') });
  expect(report.exitCode).toBe(1);
  expect(report.verdict).toContain('0 breaking (0 acknowledged), 1 compatible, 0 new lint errors, the divergence ledger fails; release: minor');
  expect(render(report, 'text')).toContain("FAILS, as npm run spec:conformance would");
  expect(render(report, 'github')).toContain('::error file=spec/divergences.yaml,line=1,title=Divergence ledger::');
  expect(render(report, 'junit')).toMatch(/name="divergence ledger \(spec:conformance\)"><failure/);
  expect(render(report, 'markdown')).toMatch(/release: minor \(0\.1\.0 → 0\.1\.1: an addition; during 0\.x that is released as 0\.1\.1\)/);
}, 30_000);

it('a removed 404: breaking, saying why and that 4XX still covers it at run time; release major', async () => {
  const file = planted('no-404', (s) => delete s.paths[P].patch.responses['404']);
  const report = await reviewOf(file, { generated: null });
  expect(report.breaking).toEqual([expect.objectContaining({ kind: 'response-removed', detail: '404', why: expect.stringContaining('error unions lose this status'), stillHolds: expect.stringContaining('4XX still documents it') })]);
  expect(report.release).toBe('major');
  expect(report.nextVersion).toEqual({ from: '0.1.0', to: '0.2.0', note: 'a major change; during 0.x that is released as 0.2.0' });
  for (const format of ['text', 'markdown', 'github', 'json'] as const) expect(render(report, format), format).toContain('4XX still documents it');
  expect(render(report, 'junit')).toContain('error unions lose this status');
}, 30_000);

it('a new lint error is reported and fails the review', async () => {
  const report = await reviewOf(planted('lint', (s) => delete s.paths[P].patch.responses['4XX']), { generated: null });
  expect(report.exitCode).toBe(1);
  expect(report.lint).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'tfk-graph-error-responses', severity: 'error' })]));
}, 30_000);

it('an unknown format is refused, exit 2', async () => {
  const r = await run(specPath, 'pdf');
  expect(r.status).toBe(2);
  expect(r.stderr).toBe('review: --format must be one of text, markdown, json, junit, github (got "pdf")\n');
});

it('ledger entries added, removed and changed are told apart', () => {
  const before = stringify({ divergences: [{ id: 'a', reason: 'x' }, { id: 'b', reason: 'y' }] });
  const after = stringify({ divergences: [{ id: 'b', reason: 'z' }, { id: 'c', reason: 'w' }] });
  expect(ledgerChanges(before, after)).toEqual([
    { id: 'c', change: 'added', after: 'w' },
    { id: 'a', change: 'removed', before: 'x' },
    { id: 'b', change: 'changed', before: 'y', after: 'z' },
  ]);
});

it('an API report whose only change is its quotes (another TypeScript wrote it) is no API change, so no major release', () => {
  const v59 = "export type TrustFrameworkKeyStatus = 'enabled' | 'disabled';\nexport function isGraphError(e: unknown): e is GraphError;\n";
  const v7 = v59.replaceAll("'", '"');
  expect(quotesOnly(v59, v7)).toBe(true);
  expect(quotesOnly(v59, v59)).toBe(false);
  expect(quotesOnly(v59, v7.replace('"disabled"', '"disabled" | "unknownFutureValue"'))).toBe(false);
  const entry = (diff: string) => [{ entry: 'tfkey', report: 'etc/tfkey.api.md', diff }];
  expect(apiMoves(entry(QUOTES_ONLY))).toEqual({ removed: false, added: false });
  expect(apiMoves(entry(`-export type TrustFrameworkKeyStatus = 'enabled' | 'disabled';\n+export type TrustFrameworkKeyStatus = "enabled" | "disabled";`))).toEqual({ removed: true, added: true });
});

it('markdown shows each entry point’s API diff and the bundle-size delta', () => {
  const r: Review = {
    base: 'abc1234', verdict: '0 breaking (0 acknowledged), 1 compatible, 0 new lint errors', exitCode: 0, breaking: [], compatible: [{ kind: 'operation-added', where: 'GET /x', detail: 'getX', line: 3 }], lint: [], ledger: [],
    api: [{ entry: 'tfkey', report: 'etc/tfkey.api.md', diff: '+export function getX(): void;' }, { entry: 'tfkey/jobs', report: 'etc/tfkey-jobs.api.md', diff: '' }],
    size: { base: 10_000, head: 10_240 }, docs: 'npm run docs renders the spec to docs-out/index.html',
    documentation: [], generated: { stale: false, diff: '' }, conformance: { ok: true, output: '' }, release: 'minor', nextVersion: { from: '0.1.0', to: '0.1.1', note: 'an addition; during 0.x that is released as 0.1.1' },
  };
  const md = render(r, 'markdown');
  expect(md).toContain('**tfkey** (etc/tfkey.api.md):\n\n```diff\n+export function getX(): void;\n```');
  expect(md).toContain('**tfkey/jobs** (etc/tfkey-jobs.api.md): unchanged');
  expect(md).toContain('9.77 KB → 10.00 KB (+240 bytes)');
  expect(md).toContain('| operation-added | GET /x | getX |');
});

it('the review guide shows a real sample report, in the format the script prints', () => {
  expect(readFileSync(join(root, 'docs/review.md'), 'utf8')).toMatch(/## Spec review against [0-9a-f]{7}: \d+ breaking \(\d+ acknowledged\), \d+ compatible, \d+ new lint errors/);
});

it('a documentation change shows the part that differs, with a little context', () => {
  expect(changedPart('How long to wait: delta-seconds or an HTTP-date. Whole seconds here.', 'How long to wait: delta-seconds or an HTTP-date. Graph may send fractions.')).toEqual(['… an HTTP-date. Whole seconds here.', '… an HTTP-date. Graph may send fractions.']);
  expect(changedPart('Short.', 'Reworded.')).toEqual(['Short.', 'Reworded.']);
  expect(changedPart(`${'x'.repeat(100)}a${'y'.repeat(100)}`, `${'x'.repeat(100)}b${'y'.repeat(100)}`)).toEqual([`…${'x'.repeat(15)}a${'y'.repeat(15)}…`, `…${'x'.repeat(15)}b${'y'.repeat(15)}…`]);
});

describe('annotations and JUnit cases point at the changed line', () => {
  const lines = baseText.split('\n');
  /** A textual edit of the spec, as a contributor makes it: the rest of the file stays byte for byte. */
  function edited(name: string, edit: (lines: string[]) => string[]): { file: string; head: string[] } {
    const head = edit([...lines]);
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, head.join('\n'));
    return { file, head };
  }
  const patchAt = lines.findIndex((l) => l.trim() === 'patch:');
  const getAt = lines.findIndex((l, i) => i > lines.findIndex((x) => x.trim() === `${P}:`) && l.trim() === 'get:');

  it('a removed response: at the nearest line that still exists, where it was', async () => {
    const at = lines.findIndex((l, i) => i > patchAt && l.trim() === "'404':");
    const { file, head } = edited('no-404', (l) => (l.splice(at, 2), l));
    const report = await reviewOf(file, { generated: null });
    const b = report.breaking.find((x) => x.kind === 'response-removed')!;
    expect(b.line).toBe(at + 1);
    expect(head[b.line - 1]!.trim()).toBe("'429':");
    expect(render(report, 'github')).toContain(`::error file=spec/trustframework-keys-v2.yaml,line=${b.line},title=Breaking change::response-removed PATCH`);
    expect(render(report, 'junit')).toMatch(new RegExp(`name="breaking response-removed PATCH [^"]+ 404" file="spec/trustframework-keys-v2.yaml" line="${b.line}"><failure`));
  }, 30_000);

  it('an added parameter: at its new line', async () => {
    const paramsAt = lines.findIndex((l, i) => i > getAt && l.trim() === 'responses:');
    const pad = ' '.repeat(lines[paramsAt]!.length - lines[paramsAt]!.trimStart().length);
    const { file, head } = edited('select', (l) => (l.splice(paramsAt, 0, `${pad}parameters:`, `${pad}  - name: $select`, `${pad}    in: query`, `${pad}    schema:`, `${pad}      type: string`), l));
    const report = await reviewOf(file, { generated: null });
    const c = report.compatible.find((x) => x.kind === 'optional-parameter-added')!;
    expect(head[c.line - 1]!.trim()).toBe('- name: $select');
    expect(render(report, 'github')).toContain(`::notice file=spec/trustframework-keys-v2.yaml,line=${c.line},title=Compatible change::optional-parameter-added GET`);
  }, 30_000);

  it('a change in a shared schema: at the schema’s changed line, not the operation', async () => {
    const at = lines.findIndex((l, i) => i > lines.findIndex((x) => x.trim() === 'TrustFrameworkKeyStatusUpdate:') && l.trim() === '- disabled');
    const { file, head } = edited('enum', (l) => (l.splice(at, 1), l));
    const report = await reviewOf(file, { generated: null });
    const b = report.breaking.find((x) => x.kind === 'enum-value-removed')!;
    expect(b.line).toBe(at + 1);
    expect(head[b.line - 2]!.trim()).toBe('- enabled');
  }, 30_000);
});
