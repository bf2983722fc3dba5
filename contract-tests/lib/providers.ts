// The two providers of the contract the suite checks: the run's Prism mock of the spec, and the test kit's fake.
// Each test that proves an agreement runs against both, through the same client and the same recording fetch.
import { inject } from 'vitest';
import { createKeysClient, type KeysClientOptions } from '../../src/index.js';
import { createFakeGraph, type FakeGraph } from '../../src/testing/index.js';
import { loadSpec, operations } from '../../scripts/lib/spec.js';
import { responseExample, type WireRequest } from '../../scripts/lib/contract.js';
import { sendToPrism } from '../../scripts/lib/prism.js';

export const KEY_SET = 'B2C_1A_TokenSigningKeyContainer';
export const KID = 'aTREvwojOB9ph3fr2r6eTf_5eD5fmQsfsapVMwYI3o';
/** Ids with characters that must be percent-encoded; the fake holds a key under them, Prism answers any id. */
export const ODD_KEY_SET = 'set/with?odd#chars';
export const ODD_KID = 'k %';

const spec = loadSpec();
/** The documentation's example key: what Prism answers a GET with, and what the fake holds. */
export const EXAMPLE_KEY = responseExample(spec, operations(spec).find((o) => o.operationId === 'getTrustFrameworkKeyV2')!, '200') as { kid: string };

export interface Exchange {
  request: WireRequest;
  status: number;
}

export interface Provider {
  name: 'prism' | 'fake';
  baseUrl: string;
  /** How requests reach it: the network for Prism, the fake's in-process fetch. */
  send: typeof fetch;
  /** Makes the next request answer `status` (Prism: `Prefer: code=`; the fake: a scripted outcome). */
  prefer(request: Request, status: number): void;
  /** What it answers a body the schema refuses: Prism 422, the fake 400 as Graph does. */
  refusesBodyWith: number;
}

function prism(): Provider {
  const baseUrl = inject('prismUrl');
  // The run's Prism may still be starting (contract-tests/global-setup.ts): the first request waits until it listens,
  // and one that did not start fails each request with its reason.
  return { name: 'prism', baseUrl, send: (i, o) => sendToPrism(baseUrl, i, o), prefer: (req, status) => req.headers.set('prefer', `code=${status}`), refusesBodyWith: 422 };
}

/** Within the example key's nbf..exp (2024–2025), so that it is the active key. */
const EXAMPLE_TIME = Date.UTC(2025, 5, 1);

function fake(graph: FakeGraph = createFakeGraph({ now: () => EXAMPLE_TIME, keySets: { [KEY_SET]: [EXAMPLE_KEY], [ODD_KEY_SET]: [{ kid: ODD_KID, status: 'enabled' }] } })): Provider {
  return { name: 'fake', baseUrl: graph.baseUrl, send: graph.fetch, prefer: (_req, status) => graph.script({ status }), refusesBodyWith: 400 };
}

/** Both providers, fresh for the calling test file (the fake holds the documentation's example key and the odd ids). */
export const providers = (): Provider[] => [prism(), fake()];

/** A fetch that forwards to the provider unchanged and records each request with its status; `prefer` asks for a code. */
export function recordingFetch(p: Provider, prefer?: number): { fetch: typeof fetch; exchanges: Exchange[] } {
  const exchanges: Exchange[] = [];
  const record: typeof fetch = async (input, init) => {
    const req = new Request(input, init);
    if (prefer !== undefined) p.prefer(req, prefer);
    const body = typeof init?.body === 'string' ? init.body : undefined;
    const res = await p.send(req);
    exchanges.push({ request: { method: req.method, path: new URL(req.url).pathname.slice(new URL(p.baseUrl).pathname.replace(/\/$/, '').length), headers: req.headers, body }, status: res.status });
    return res;
  };
  return { fetch: record, exchanges };
}

export function clientFor(p: Provider, options: Partial<KeysClientOptions> = {}) {
  return createKeysClient({ token: 'contract-test-token', baseUrl: p.baseUrl, fetch: p.send, maxRetries: 0, retryDelayMs: 1, ...options });
}

/** A raw PATCH that bypasses the client. */
export function rawPatch(p: Provider, body: string | undefined, headers: Record<string, string> = { authorization: 'Bearer t', 'content-type': 'application/json' }, kid = KID) {
  return p.send(`${p.baseUrl}/trustFramework/keySets/${KEY_SET}/keys_v2/${kid}`, { method: 'PATCH', headers, body });
}
