// `npm run contract:live`: the contract checks against real Graph, through `prism proxy`, non-destructively (GET
// the key, PATCH it to the status it already has, GET again and compare). Needs GRAPH_TOKEN, TFK_KEYSET_ID and
// TFK_KEY_ID; TFK_CLOUD (global, usgov, dod, china) or GRAPH_BASE_URL pick the endpoint. Never runs in CI.
import { CLOUDS, cloudBaseUrl, type Cloud } from '../src/index.js';
import { formatReport, liveCheck } from './lib/live-check.js';

const required = ['GRAPH_TOKEN', 'TFK_KEYSET_ID', 'TFK_KEY_ID'] as const;

/** The whole command, with its environment and output handed in; resolves to the exit code. */
export async function runContractLive(env: NodeJS.ProcessEnv, io: { stdout: (s: string) => void; stderr: (s: string) => void }): Promise<number> {
  const missing = required.filter((k) => !env[k]);
  if (missing.length > 0) {
    io.stdout(`contract:live skipped: set ${required.join(', ')} to check real Graph (missing: ${missing.join(', ')})\n`);
    return 0;
  }
  const cloud = (env.TFK_CLOUD ?? 'global') as Cloud;
  if (!CLOUDS.includes(cloud)) {
    io.stderr(`TFK_CLOUD must be one of ${CLOUDS.join(', ')} (got "${cloud}")\n`);
    return 2;
  }
  const upstream = env.GRAPH_BASE_URL ?? cloudBaseUrl(cloud);
  io.stdout(`contract:live against ${upstream} through prism proxy (key set ${env.TFK_KEYSET_ID}, key ${env.TFK_KEY_ID})\n`);
  const report = await liveCheck({ upstream, token: env.GRAPH_TOKEN!, keySetId: env.TFK_KEYSET_ID!, keyId: env.TFK_KEY_ID! });
  io.stdout(`${formatReport(report)}\n`);
  return report.problems.length ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(await runContractLive(process.env, { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) }));
}
