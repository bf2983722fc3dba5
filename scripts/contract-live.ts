// `npm run contract:live`: the contract checks against real Graph, through `prism proxy`, non-destructively (GET
// the key, PATCH it to the status it already has, GET again and compare). Needs GRAPH_TOKEN, TFK_KEYSET_ID and
// TFK_KEY_ID; TFK_CLOUD (global, usgov, dod, china) or GRAPH_BASE_URL pick the endpoint. Never runs in CI.
import { CLOUDS, cloudBaseUrl, type Cloud } from '../src/index.js';
import { formatReport, liveCheck } from './lib/live-check.js';

const required = ['GRAPH_TOKEN', 'TFK_KEYSET_ID', 'TFK_KEY_ID'] as const;
const missing = required.filter((k) => !process.env[k]);
if (missing.length > 0) {
  console.log(`contract:live skipped: set ${required.join(', ')} to check real Graph (missing: ${missing.join(', ')})`);
  process.exit(0);
}
const cloud = (process.env.TFK_CLOUD ?? 'global') as Cloud;
if (!CLOUDS.includes(cloud)) {
  console.error(`TFK_CLOUD must be one of ${CLOUDS.join(', ')} (got "${cloud}")`);
  process.exit(2);
}
const upstream = process.env.GRAPH_BASE_URL ?? cloudBaseUrl(cloud);
console.log(`contract:live against ${upstream} through prism proxy (key set ${process.env.TFK_KEYSET_ID}, key ${process.env.TFK_KEY_ID})`);
const report = await liveCheck({ upstream, token: process.env.GRAPH_TOKEN!, keySetId: process.env.TFK_KEYSET_ID!, keyId: process.env.TFK_KEY_ID! });
console.log(formatReport(report));
process.exit(report.problems.length ? 1 : 0);
