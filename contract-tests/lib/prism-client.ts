// Clients and raw requests against the run's Prism mock.
import { inject } from 'vitest';
import { createKeysClient, type KeysClientOptions } from '../../src/index.js';
import type { WireRequest } from './contract.js';

export const prismUrl = () => inject('prismUrl');

export const KEY_SET = 'B2C_1A_TokenSigningKeyContainer';
export const KID = 'aTREvwojOB9ph3fr2r6eTf_5eD5fmQsfsapVMwYI3o';

export interface Exchange {
  request: WireRequest;
  status: number;
}

/** A fetch that forwards to Prism unchanged and records each request with Prism's status; `prefer` asks for a code. */
export function recordingFetch(prefer?: number): { fetch: typeof fetch; exchanges: Exchange[] } {
  const exchanges: Exchange[] = [];
  const record: typeof fetch = async (input, init) => {
    const req = new Request(input, init);
    if (prefer !== undefined) req.headers.set('prefer', `code=${prefer}`);
    const body = typeof init?.body === 'string' ? init.body : undefined;
    const res = await fetch(req);
    exchanges.push({ request: { method: req.method, path: new URL(req.url).pathname, headers: req.headers, body }, status: res.status });
    return res;
  };
  return { fetch: record, exchanges };
}

export function prismClient(options: Partial<KeysClientOptions> = {}) {
  return createKeysClient({ token: 'contract-test-token', baseUrl: prismUrl(), maxRetries: 0, retryDelayMs: 1, ...options });
}

/** A raw PATCH that bypasses the client. */
export function rawPatch(body: string | undefined, headers: Record<string, string> = { authorization: 'Bearer t', 'content-type': 'application/json' }, kid = KID) {
  return fetch(`${prismUrl()}/trustFramework/keySets/${KEY_SET}/keys_v2/${kid}`, { method: 'PATCH', headers, body });
}
