// `npm run spec:conformance`: the divergence ledger. Lists every difference between spec/ and Microsoft's
// description (spec/reference/), and fails on one that spec/divergences.yaml does not explain, or on an entry
// there that no longer differs. --spec, --ledger, --official and --overlay point elsewhere (for tests).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkLedger, compareWithMicrosoft, differenceTable, microsoftDescription, type LedgerEntry } from './lib/conformance.js';
import { loadSpec, parseYaml, root, specPath } from './lib/spec.js';

const ref = (f: string) => join(root, 'spec/reference', f);
export const CONFORMANCE_FILES = {
  spec: specPath,
  ledger: join(root, 'spec/divergences.yaml'),
  official: ref('graph-beta-trustframeworkkey-v2.official.yaml'),
  overlay: ref('graph-beta-trustframeworkkey-v2.docs-overlay.yaml'),
};

/** The ledger's verdict on the files: ok, and what to print. */
export function checkConformance(files = CONFORMANCE_FILES): { ok: boolean; output: string } {
  const yaml = (f: string) => parseYaml(readFileSync(f, 'utf8'));
  const differences = compareWithMicrosoft(loadSpec(files.spec), microsoftDescription(yaml(files.official), yaml(files.overlay)));
  const ledger: LedgerEntry[] = yaml(files.ledger)?.divergences ?? [];
  const { unlisted, stale, unexplained } = checkLedger(differences, ledger);
  if (unlisted.length === 0 && stale.length === 0 && unexplained.length === 0) {
    return { ok: true, output: `spec:conformance: ${differences.length} difference(s) from Microsoft's description, each explained in spec/divergences.yaml` };
  }
  const parts: string[] = [];
  if (unlisted.length) parts.push(`Differences from Microsoft's description that spec/divergences.yaml does not explain:\n${differenceTable(unlisted)}\n`);
  if (stale.length) parts.push(`Entries in spec/divergences.yaml that no longer differ (remove them):\n${stale.map((e) => `  ${e.id}`).join('\n')}\n`);
  if (unexplained.length) parts.push(`Entries without a reason:\n${unexplained.map((e) => `  ${e.id}`).join('\n')}\n`);
  return { ok: false, output: parts.join('\n') };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { spec: { type: 'string' }, ledger: { type: 'string' }, official: { type: 'string' }, overlay: { type: 'string' } } });
  const defined = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  const r = checkConformance({ ...CONFORMANCE_FILES, ...defined });
  console.log(r.output);
  process.exit(r.ok ? 0 : 1);
}
