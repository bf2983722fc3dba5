// The divergence ledger: every difference from Microsoft's description is explained, and only real ones are.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { checkLedger, compareWithMicrosoft, microsoftDescription } from '../scripts/lib/conformance.js';
import { loadSpec, root, type Spec } from '../scripts/lib/spec.js';
import { checkConformance, CONFORMANCE_FILES } from '../scripts/spec-conformance.js';

const refFile = (f: string) => join(root, 'spec/reference', f);
const official = parse(readFileSync(refFile('graph-beta-trustframeworkkey-v2.official.yaml'), 'utf8'));
const overlay = parse(readFileSync(refFile('graph-beta-trustframeworkkey-v2.docs-overlay.yaml'), 'utf8'));
const microsoft = microsoftDescription(official, overlay);
const ours = loadSpec();
const ledger = parse(readFileSync(join(root, 'spec/divergences.yaml'), 'utf8')).divergences;
const edit = (f: (s: Spec) => void) => {
  const s = structuredClone(ours);
  f(s);
  return s;
};
const ids = (s: Spec) => compareWithMicrosoft(s, microsoft).map((d) => d.id);

describe('comparison', () => {
  it('the overlay adds the PATCH that the official description lacks', () => {
    expect(Object.keys(official.paths['/trustFramework/keySets/{trustFrameworkKeySet-id}/keys_v2/{trustFrameworkKey_v2-kid}'])).not.toContain('patch');
    expect(Object.keys(microsoft.paths['/trustFramework/keySets/{trustFrameworkKeySet-id}/keys_v2/{trustFrameworkKey_v2-kid}'])).toContain('patch');
  });
  it('path parameters are matched by position, not name', () => {
    expect(ids(ours).some((id) => /keySetId|trustFrameworkKeySet-id/.test(id))).toBe(false);
  });
  it('3.0 nullable and a 3.1 type array with null are the same', () => {
    // e.g. `use`: {type: string, nullable: true} there, {type: [string, "null"]} here
    expect(ids(ours).some((id) => id.includes('success body.use'))).toBe(false);
    const notNullable = edit((s) => (s.components.schemas.TrustFrameworkKeyV2.properties.use.type = 'string'));
    expect(ids(notNullable)).toContain('type GET /trustFramework/keySets/{}/keys_v2/{} success body.use');
  });
  it.each([
    { name: 'an added enum member', f: (s: Spec) => s.components.schemas.TrustFrameworkKeyStatus.enum.push('revoked'), id: 'enum GET /trustFramework/keySets/{}/keys_v2/{} success body.status' },
    { name: 'a renamed security scheme', f: (s: Spec) => ((s.components.securitySchemes.azureadv2 = s.components.securitySchemes.azureaadv2), delete s.components.securitySchemes.azureaadv2, (s.security = [{ azureadv2: ['TrustFrameworkKeySet.ReadWrite.All'] }])), id: 'security-scheme-names' },
    { name: 'a removed property', f: (s: Spec) => delete s.components.schemas.TrustFrameworkKeyV2.properties.x5t, id: 'property GET /trustFramework/keySets/{}/keys_v2/{} success body.x5t' },
    { name: 'a changed success code', f: (s: Spec) => ((s.paths['/trustFramework/keySets/{keySetId}/keys_v2/{kid}'].patch.responses['200'] = { description: 'ok' })), id: 'success-codes PATCH /trustFramework/keySets/{}/keys_v2/{}' },
    { name: 'a changed error schema', f: (s: Spec) => (s.components.schemas.MainError.required = ['code']), id: 'required GET /trustFramework/keySets/{}/keys_v2/{} error body.error' },
  ])('$name is found', ({ f, id }) => {
    const { unlisted } = checkLedger(compareWithMicrosoft(edit(f as (s: Spec) => void), microsoft), ledger);
    expect(unlisted.map((d) => d.id)).toContain(id);
  });
});

describe('ledger', () => {
  it('the committed ledger explains exactly the differences there are', () => {
    expect(checkLedger(compareWithMicrosoft(ours, microsoft), ledger)).toEqual({ unlisted: [], stale: [], unexplained: [] });
  });
  it('a stale entry and an entry without reason are reported', () => {
    const r = checkLedger(compareWithMicrosoft(ours, microsoft), [...ledger, { id: 'servers-gone', reason: 'x' }, { ...ledger[0], reason: ' ' }]);
    expect(r.stale.map((e) => e.id)).toEqual(['servers-gone']);
    expect(r.unexplained.map((e) => e.id)).toEqual([ledger[0].id]);
  });
  it('npm run spec:conformance passes on the committed ledger, and prints a readable table of unlisted differences and fails', () => {
    expect(checkConformance()).toEqual({ ok: true, output: expect.stringMatching(/^spec:conformance: \d+ difference\(s\) from Microsoft's description, each explained/) });
    const dir = mkdtempSync(join(tmpdir(), 'tfkey-conf-'));
    const partial = join(dir, 'divergences.yaml');
    writeFileSync(partial, stringify({ divergences: ledger.filter((e: { id: string }) => e.id !== 'servers') }));
    const r = checkConformance({ ...CONFORMANCE_FILES, ledger: partial });
    rmSync(dir, { recursive: true, force: true });
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/does not explain:\ndifference\s+ours\s+Microsoft\nservers\s+https:\/\/dod-graph/);
  });
});

const shared = join(root, '..', 'shared', 'reference');
it('spec/reference/ is byte-identical to the shared reference files', (ctx) => {
  // The project's shared references live beside the repository, not in it: where they are not, that is said.
  if (!existsSync(shared)) return ctx.skip(`no shared reference folder beside the repository (${join('..', 'shared', 'reference')})`);
  for (const f of ['graph-beta-trustframeworkkey-v2.official.yaml', 'graph-beta-trustframeworkkey-v2.docs-overlay.yaml']) {
    expect(readFileSync(refFile(f), 'utf8'), f).toBe(readFileSync(join(shared, f), 'utf8'));
  }
});
