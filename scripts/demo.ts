// `npm start`: the main job on the embedded default. Starts the Prism mock on the spec, runs the documentation's
// example (enable a key) and reads the key back through the client, shows a bad input being refused before
// anything is sent, prints a transcript and stops Prism. Then the same key against the test kit's fake, which keeps
// state where Prism cannot. No credentials needed: both accept any bearer token.
import { createKeysClient, isRequestValidationError } from '../src/index.js';
import { createFakeGraph } from '../src/testing/index.js';
import { startPrism } from './lib/prism.js';

const KEY_SET = 'B2C_1A_TokenSigningKeyContainer';
const KID = 'aTREvwojOB9ph3fr2r6eTf_5eD5fmQsfsapVMwYI3o'; // the kid of the documentation's example

const out = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  out('tfkey — Update trustFrameworkKey_v2, against the embedded Prism mock of spec/trustframework-keys-v2.yaml');
  const prism = await startPrism();
  let sent = 0;
  try {
    out(`Prism mock listening on ${prism.url}\n`);
    // An observing fetch: it only prints what crosses the wire and passes everything on unchanged.
    const observed: typeof fetch = async (input, init) => {
      sent++;
      const req = new Request(input, init);
      const path = new URL(req.url).pathname;
      const body = init?.body ? `  ${init.body}` : '';
      out(`  → ${req.method} ${path}${body}`);
      const t0 = performance.now();
      const res = await fetch(input, init);
      out(`  ← ${res.status} ${res.statusText}  (${(performance.now() - t0).toFixed(0)} ms, client-request-id ${req.headers.get('client-request-id')})`);
      return res;
    };
    const keys = createKeysClient({ token: 'demo-token-not-secret', baseUrl: prism.url, fetch: observed });

    out(`1. Enable the key (the documentation's example request)`);
    await keys.updateKeyStatus({ keySetId: KEY_SET, keyId: KID, status: 'enabled' });
    out('   updateKeyStatus resolved: the status was set.\n');

    out('2. Read the key back');
    const key = await keys.getKey({ keySetId: KEY_SET, keyId: KID });
    out(`   kid ${key.kid}, use ${key.use}, kty ${key.kty}, status ${key.status}, expires ${key.exp ? new Date(key.exp * 1000).toISOString() : 'never'}\n`);

    out('3. A bad input is refused before anything is sent');
    const before = sent;
    try {
      await keys.updateKeyStatus({ keySetId: KEY_SET, keyId: KID, status: 'Enabled' as never });
      throw new Error('the bad input was not refused');
    } catch (e) {
      if (!isRequestValidationError(e)) throw e;
      out(`   ${e.name}: ${e.message}`);
      out(`   requests sent for it: ${sent - before}\n`);
      if (sent !== before) throw new Error('a refused input reached the server');
    }
  } finally {
    await prism.stop();
    out('Prism stopped.');
  }
}

/** The stateful half: Prism answers every GET with the spec's example; the fake answers with what was set. */
async function withTheFake(): Promise<void> {
  out('\n4. The same key against tfkey/testing\'s fake (in-process, stateful): disable it, then read it back');
  const graph = createFakeGraph();
  const keys = createKeysClient({ token: 'demo-token-not-secret', fetch: graph.fetch, baseUrl: graph.baseUrl });
  await keys.updateKeyStatus({ keySetId: KEY_SET, keyId: KID, status: 'disabled' });
  const key = await keys.getKey({ keySetId: KEY_SET, keyId: KID });
  out(`   status ${key.status} (Prism would still say enabled: it keeps no state)`);
  graph.assertNoViolations();
  out(`   ${graph.requests.length} requests, ${graph.violations.length} contract violations`);
  if (key.status !== 'disabled') throw new Error('the fake did not keep the change');
}

main().then(withTheFake).then(
  () => out('Done: 4 calls succeeded, 1 bad input refused.'),
  (e: unknown) => {
    process.stderr.write(`demo failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  },
);
