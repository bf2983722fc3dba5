// The live mode's proxy path, proven here against a local server standing in for Graph (real Graph is not
// reachable from tests): one key set answers per the spec, the other violates it, and the check must say so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContractLive } from '../scripts/contract-live.js';
import { checkThrough, formatReport, type LiveReport } from '../scripts/lib/live-check.js';
import { startPrism } from '../scripts/lib/prism.js';
import { HOT_CODE_ONLY } from '../scripts/lib/v8-tuning.js';
import { graphErrorBody, send, startServer, type TestServer } from '../test/helpers/server.js';

const KEY = { kid: 'k1', use: 'sig', kty: 'RSA', e: 'AQAB', n: 'abc', status: 'disabled', exp: 1767225600, nbf: 1704067200, x5c: ['MIIC'] };

let graph: TestServer;
const statuses: Record<string, string> = { conforming: 'disabled', violating: 'disabled' };
beforeAll(async () => {
  graph = await startServer((req, res) => {
    const [, , , , keySet] = req.path.split('/'); // /beta/trustFramework/keySets/<set>/keys_v2/<kid>
    if (!req.headers.authorization?.startsWith('Bearer ')) return send(res, 401, graphErrorBody('InvalidAuthenticationToken', 'no token'));
    if (keySet === 'conforming') {
      if (req.method === 'PATCH') {
        statuses.conforming = JSON.parse(req.body).status;
        return send(res, 204);
      }
      return send(res, 200, JSON.stringify({ '@odata.context': 'https://graph/$metadata#keys', ...KEY, status: statuses.conforming }));
    }
    // Violating: a 200 with a body on PATCH (the spec documents 204 only) and a GET with a string for `exp`.
    if (req.method === 'PATCH') return send(res, 200, JSON.stringify({ ...KEY, unexpected: true }));
    return send(res, 200, JSON.stringify({ ...KEY, exp: 'next year' }));
  });
});
afterAll(() => graph.close());

describe('live check through prism proxy', () => {
  let conforming: LiveReport;
  let violating: LiveReport;
  beforeAll(async () => {
    // One proxy serves both key sets (liveCheck would start one per call); the npm script uses liveCheck.
    const prism = await startPrism({ mode: 'proxy', upstream: `${graph.url}/beta`, nodeOptions: [HOT_CODE_ONLY] });
    try {
      conforming = await checkThrough(prism.url, { token: 'live-token', keySetId: 'conforming', keyId: 'k1' });
      violating = await checkThrough(prism.url, { token: 'live-token', keySetId: 'violating', keyId: 'k1' });
    } finally {
      await prism.stop();
    }
  }, 30_000);

  it('a service that answers per the spec passes, and nothing changes', () => {
    expect(conforming.problems).toEqual([]);
    expect(conforming.steps.map((s) => [s.step, s.status])).toEqual([
      ['GET the key', 200],
      ['PATCH it to the status it has (disabled)', 204],
      ['GET it again', 200],
    ]);
    expect(statuses.conforming).toBe('disabled');
    expect(graph.requests.filter((r) => r.method === 'PATCH').every((r) => r.body === '{"status":"disabled"}')).toBe(true);
    expect(formatReport(conforming)).toContain('the service agrees with the spec');
  });

  it('a service that violates the spec is reported, by Prism and by the suite', () => {
    const text = violating.problems.join('\n');
    expect(text).toMatch(/GET the key: .*exp/);
    expect(text).toMatch(/PATCH .*: 200 is not a documented response/);
    expect(text).toMatch(/prism: response Unable to match the returned status code/);
    expect(formatReport(violating)).toMatch(/problem\(s\): the service differs from the spec/);
  });
});

it('without credentials the live mode skips with a one-line reason; an unknown cloud is refused', async () => {
  const env = { ...process.env };
  for (const k of ['GRAPH_TOKEN', 'TFK_KEYSET_ID', 'TFK_KEY_ID']) delete env[k];
  let stdout = '';
  let stderr = '';
  const io = { stdout: (s: string) => (stdout += s), stderr: (s: string) => (stderr += s) };
  expect(await runContractLive(env, io)).toBe(0);
  expect([stdout, stderr]).toEqual(['contract:live skipped: set GRAPH_TOKEN, TFK_KEYSET_ID, TFK_KEY_ID to check real Graph (missing: GRAPH_TOKEN, TFK_KEYSET_ID, TFK_KEY_ID)\n', '']);
  stdout = '';
  expect(await runContractLive({ GRAPH_TOKEN: 't', TFK_KEYSET_ID: 's', TFK_KEY_ID: 'k', TFK_CLOUD: 'mars' }, io)).toBe(2);
  expect([stdout, stderr]).toEqual(['', 'TFK_CLOUD must be one of global, usgov, dod, china (got "mars")\n']);
});
