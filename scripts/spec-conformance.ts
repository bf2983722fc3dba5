// `npm run spec:conformance`: the divergence ledger. Lists every difference between spec/ and Microsoft's
// description (spec/reference/), and fails on one that spec/divergences.yaml does not explain, or on an entry
// there that no longer differs. --spec, --ledger, --official and --overlay point elsewhere (for tests).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { checkLedger, compareWithMicrosoft, differenceTable, microsoftDescription, type LedgerEntry } from './lib/conformance.js';
import { loadSpec, root, specPath } from './lib/spec.js';

const ref = (f: string) => join(root, 'spec/reference', f);
const { values } = parseArgs({
  options: {
    spec: { type: 'string', default: specPath },
    ledger: { type: 'string', default: join(root, 'spec/divergences.yaml') },
    official: { type: 'string', default: ref('graph-beta-trustframeworkkey-v2.official.yaml') },
    overlay: { type: 'string', default: ref('graph-beta-trustframeworkkey-v2.docs-overlay.yaml') },
  },
});
const yaml = (f: string) => parse(readFileSync(f, 'utf8'));
const differences = compareWithMicrosoft(loadSpec(values.spec), microsoftDescription(yaml(values.official!), yaml(values.overlay!)));
const ledger: LedgerEntry[] = yaml(values.ledger!)?.divergences ?? [];
const { unlisted, stale, unexplained } = checkLedger(differences, ledger);

if (unlisted.length === 0 && stale.length === 0 && unexplained.length === 0) {
  console.log(`spec:conformance: ${differences.length} difference(s) from Microsoft's description, each explained in spec/divergences.yaml`);
  process.exit(0);
}
if (unlisted.length) console.log(`Differences from Microsoft's description that spec/divergences.yaml does not explain:\n${differenceTable(unlisted)}\n`);
if (stale.length) console.log(`Entries in spec/divergences.yaml that no longer differ (remove them):\n${stale.map((e) => `  ${e.id}`).join('\n')}\n`);
if (unexplained.length) console.log(`Entries without a reason:\n${unexplained.map((e) => `  ${e.id}`).join('\n')}\n`);
process.exit(1);
