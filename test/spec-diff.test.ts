// The breaking-change gate: one case per rule, each a small edit of the real spec, and the command end to end.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { changeId, diffSpecs, loadAcknowledgements, type Change } from '../scripts/lib/breaking.js';
import { loadSpec, root, type Spec } from '../scripts/lib/spec.js';
import { runSpecDiff } from '../scripts/spec-diff.js';

const base = loadSpec();
const P = '/trustFramework/keySets/{keySetId}/keys_v2/{kid}';
const edit = (f: (s: Spec) => void): Spec => {
  const s = structuredClone(base);
  f(s);
  return s;
};
const find = (changes: Change[], kind: string) => changes.filter((c) => c.kind === kind);

describe('classification', () => {
  it('the same spec has no changes', () => {
    expect(diffSpecs(base, structuredClone(base))).toEqual([]);
  });

  it.each([
    { name: 'removed operation', kind: 'operation-removed', breaking: true, f: (s: Spec) => delete s.paths[P].get },
    { name: 'changed path', kind: 'operation-path-changed', breaking: true, f: (s: Spec) => ((s.paths['/trustFramework/keySets/{keySetId}/keys/{kid}'] = s.paths[P]), delete s.paths[P]) },
    { name: 'removed parameter', kind: 'parameter-removed', breaking: true, f: (s: Spec) => s.paths[P].parameters.pop() },
    { name: 'parameter became required', kind: 'parameter-became-required', breaking: true, f: (s: Spec) => (s.components.parameters.clientRequestId.required = true) },
    { name: 'new required parameter', kind: 'required-parameter-added', breaking: true, f: (s: Spec) => s.paths[P].parameters.push({ name: 'x-tenant', in: 'header', required: true, schema: { type: 'string' } }) },
    { name: 'new optional parameter', kind: 'optional-parameter-added', breaking: false, f: (s: Spec) => s.paths[P].parameters.push({ name: 'x-trace', in: 'header', schema: { type: 'string' } }) },
    { name: 'removed enum value (request)', kind: 'enum-value-removed', breaking: true, f: (s: Spec) => s.components.schemas.TrustFrameworkKeyStatusUpdate.enum.splice(1, 1) },
    { name: 'added enum value (evolvable enum)', kind: 'enum-value-added', breaking: false, f: (s: Spec) => s.components.schemas.TrustFrameworkKeyStatus.enum.push('revoked') },
    { name: 'new required request field', kind: 'required-property-added', breaking: true, f: (s: Spec) => ((s.components.schemas.TrustFrameworkKeyV2Update.properties.reason = { type: 'string' }), s.components.schemas.TrustFrameworkKeyV2Update.required.push('reason')) },
    { name: 'narrowed request type', kind: 'type-narrowed', breaking: true, f: (s: Spec) => (s.components.schemas.PathSegment.type = 'integer') },
    { name: 'widened response type', kind: 'type-widened', breaking: true, f: (s: Spec) => (s.components.schemas.TrustFrameworkKeyV2.properties.kid.type = ['string', 'null']) },
    { name: 'tightened request constraint', kind: 'constraint-tightened', breaking: true, f: (s: Spec) => (s.components.schemas.PathSegment.maxLength = 64) },
    { name: 'removed documented response', kind: 'response-removed', breaking: true, f: (s: Spec) => delete s.paths[P].patch.responses['404'] },
    { name: 'new documented error response', kind: 'response-added', breaking: false, f: (s: Spec) => (s.paths[P].patch.responses['409'] = { $ref: '#/components/responses/ClientError' }) },
    { name: 'removed response property', kind: 'property-removed', breaking: true, f: (s: Spec) => delete s.components.schemas.TrustFrameworkKeyV2.properties.x5t },
    { name: 'request body became required', kind: 'request-body-became-required', breaking: true, f: (s: Spec) => (s.paths[P].patch.requestBody.required = false) },
    { name: 'changed security scope', kind: 'security-changed', breaking: true, f: (s: Spec) => (s.security = [{ azureadv2: ['Directory.ReadWrite.All'] }]) },
    { name: 'new operation', kind: 'operation-added', breaking: false, f: (s: Spec) => (s.paths['/trustFramework/keySets/{keySetId}'] = { get: { operationId: 'getKeySet', responses: { '200': { description: 'ok' } } } }) },
    { name: 'removed response header', kind: 'response-header-removed', breaking: true, f: (s: Spec) => delete s.paths[P].patch.responses['204'].headers['request-id'] },
    { name: 'response header became optional', kind: 'response-header-became-optional', breaking: true, before: (s: Spec) => void (s.components.headers['request-id'].required = true), f: (s: Spec) => delete s.components.headers['request-id'].required },
    { name: 'new response header', kind: 'response-header-added', breaking: false, f: (s: Spec) => (s.paths[P].patch.responses['204'].headers['x-ms-ags-diagnostic'] = { schema: { type: 'string' } }) },
    { name: 'removed response media type', kind: 'response-media-type-removed', breaking: true, f: (s: Spec) => ((s.paths[P].get.responses['200'].content['application/xml'] = s.paths[P].get.responses['200'].content['application/json']), delete s.paths[P].get.responses['200'].content['application/json']) },
    { name: 'new request media type', kind: 'request-media-type-added', breaking: false, f: (s: Spec) => (s.paths[P].patch.requestBody.content['application/merge-patch+json'] = s.paths[P].patch.requestBody.content['application/json']) },
    { name: 'removed security flow', kind: 'security-flow-removed', breaking: true, f: (s: Spec) => delete s.components.securitySchemes.azureaadv2.flows.clientCredentials },
    { name: 'changed token URL', kind: 'security-flow-url-changed', breaking: true, f: (s: Spec) => (s.components.securitySchemes.azureaadv2.flows.authorizationCode.tokenUrl = 'https://login.example/token') },
    { name: 'scope removed from a flow', kind: 'security-scope-removed', breaking: true, f: (s: Spec) => delete s.components.securitySchemes.azureaadv2.flows.authorizationCode.scopes['TrustFrameworkKeySet.Read.All'] },
    { name: 'removed security scheme', kind: 'security-scheme-removed', breaking: true, f: (s: Spec) => ((s.components.securitySchemes.other = s.components.securitySchemes.azureaadv2), delete s.components.securitySchemes.azureaadv2) },
    { name: 'removed server', kind: 'server-removed', breaking: true, f: (s: Spec) => s.servers.pop() },
    { name: 'new server', kind: 'server-added', breaking: false, f: (s: Spec) => s.servers.push({ url: 'https://canary.graph.microsoft.com/beta' }) },
    { name: 'changed request default', kind: 'default-changed', breaking: true, before: (s: Spec) => void (s.components.parameters.top.schema.default = 100), f: (s: Spec) => void (s.components.parameters.top.schema.default = 50) },
    { name: 'response property became writeOnly', kind: 'became-write-only', breaking: true, f: (s: Spec) => (s.components.schemas.TrustFrameworkKeyV2.properties.kid.writeOnly = true) },
    { name: 'request property became readOnly', kind: 'became-read-only', breaking: true, f: (s: Spec) => (s.components.schemas.TrustFrameworkKeyStatusUpdate.readOnly = true) },
    { name: 'removed response link', kind: 'response-link-removed', breaking: true, f: (s: Spec) => delete s.paths[P].patch.responses['204'].links },
    { name: 'nullable response property (3.1 type array)', kind: 'type-widened', breaking: true, f: (s: Spec) => (s.components.schemas.TrustFrameworkKeyV2.properties.status = { oneOf: undefined, type: ['string', 'null'], enum: ['enabled', 'disabled', 'unknownFutureValue', null] }) },
    { name: 'removed paging property', kind: 'property-removed', breaking: true, f: (s: Spec) => delete s.components.schemas.TrustFrameworkKeyV2Collection.properties['@odata.nextLink'] },
    { name: 'closed response enum gains a value', kind: 'enum-value-added', breaking: true, before: (s: Spec) => void (s.components.schemas.TrustFrameworkKeyV2.properties.use = { type: 'string', enum: ['sig', 'enc'] }), f: (s: Spec) => void (s.components.schemas.TrustFrameworkKeyV2.properties.use = { type: 'string', enum: ['sig', 'enc', 'wrap'] }) },
  ] as { name: string; kind: string; breaking: boolean; f: (s: Spec) => unknown; before?: (s: Spec) => void }[])('$name → $kind (breaking: $breaking)', ({ kind, breaking, f, name, before }) => {
    // `before` sets up what the change starts from, where the spec as it is cannot (a default, a closed enum).
    const start = before ? edit(before) : base;
    const changed = structuredClone(start);
    f(changed);
    // "became required" is a change from an optional body: compare in that direction.
    const [from, to] = name === 'request body became required' ? [changed, start] : [start, changed];
    const found = find(diffSpecs(from, to), kind);
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((c) => c.breaking === breaking)).toBe(true);
  });

  it('a path parameter renamed in place is no change on the wire', () => {
    const renamed = edit((s) => {
      s.paths['/trustFramework/keySets/{keySetId}/keys_v2/{keyId}'] = s.paths[P];
      delete s.paths[P];
      s.components.parameters.kid.name = 'keyId';
    });
    expect(diffSpecs(base, renamed).filter((c) => c.breaking)).toEqual([]);
  });
});

describe('npm run spec:diff', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfkey-diff-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const removed = edit((s) => s.components.schemas.TrustFrameworkKeyStatusUpdate.enum.splice(1, 1));
  const oldFile = join(dir, 'old.yaml');
  const newFile = join(dir, 'new.yaml');
  writeFileSync(oldFile, stringify(base));
  writeFileSync(newFile, stringify(removed));
  /** npm run spec:diff, in-process: its exit code and what it printed. */
  const run = (...args: string[]) => {
    const out: string[] = [];
    const status = runSpecDiff(args, { stdout: (l) => out.push(l), stderr: (l) => out.push(l) });
    return { status, stdout: `${out.join('\n')}\n` };
  };
  const [breaking] = diffSpecs(base, removed).filter((c) => c.breaking);

  it('removing an enum value reports a breaking change and exits non-zero', () => {
    const r = run('--against', oldFile, '--spec', newFile, '--ack', join(dir, 'none.yaml'));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/BREAKING\s+enum-value-removed\s+PATCH .* request body\.status\s+disabled/);
    expect(r.stdout).toContain(JSON.stringify(changeId(breaking!)));
  });

  it('an acknowledged breaking change passes', () => {
    const ack = join(dir, 'ack.yaml');
    writeFileSync(ack, stringify({ acknowledged: [{ change: changeId(breaking!), reason: 'Graph retired the status.' }] }));
    const ok = run('--against', oldFile, '--spec', newFile, '--ack', ack);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('breaking (acknowledged)');
  });

  it('an acknowledgement without a reason is refused', () => {
    const ack = join(dir, 'no-reason.yaml');
    writeFileSync(ack, stringify({ acknowledged: [{ change: changeId(breaking!) }] }));
    expect(() => loadAcknowledgements(ack)).toThrow('every acknowledgement needs a change and a reason');
    expect(loadAcknowledgements(join(dir, 'absent.yaml'))).toEqual(new Set());
  });
});
