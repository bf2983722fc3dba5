// createKeysClient: the hand-written face over the generated SDK. It checks input with the spec's validators,
// calls the generated functions through the transport, and turns every outcome into a value or an Error.
import { createClient, createConfig } from '../../generated/hey-api/client/index.js';
import { getActiveTrustFrameworkKey, getTrustFrameworkKeyV2, listTrustFrameworkKeySets, listTrustFrameworkKeysV2, updateTrustFrameworkKeyV2 } from '../../generated/hey-api/sdk.gen.js';
import type { TrustFrameworkKey, TrustFrameworkKeySet, TrustFrameworkKeyStatusUpdate, TrustFrameworkKeyV2 } from '../../generated/hey-api/types.gen.js';
import { getActiveTrustFrameworkKeyPath, getTrustFrameworkKeyV2Path, updateTrustFrameworkKeyV2Body, updateTrustFrameworkKeyV2Path } from '../../generated/validators.js';
import type { AbortSignalLike } from './fetch-types.js';
import { tokenGetter } from './auth.js';
import { cloudScope } from './clouds.js';
import { GraphError, RequestValidationError } from './errors.js';
import { refuse, resolveOptions } from './options.js';
import { nextPage } from './paging.js';
import { settle, snippet, type Result } from './outcome.js';
import { GRAPH_RETRY_TIMING } from './retry-policy.js';
import { createThrottleGate } from './throttle-gate.js';
import { createTransport } from './transport.js';
import type { CallOptions, KeysClient, KeysClientOptions, ListOptions } from './types.js';
import { check, checkPathIds } from './validate.js';

function asObject(input: unknown, fields: string): Record<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new RequestValidationError('input', `input must be an object with ${fields}`);
  }
  return input as Record<string, unknown>;
}

function callSignal(call: CallOptions | undefined): AbortSignalLike | undefined {
  const signal = (call === undefined ? undefined : asObject(call, 'an optional signal').signal) as AbortSignalLike | undefined;
  if (signal === undefined || (typeof signal === 'object' && signal !== null && typeof signal.aborted === 'boolean' && typeof signal.addEventListener === 'function')) return signal;
  throw new RequestValidationError('signal', 'signal must be an AbortSignal');
}

/**
 * Creates a client for one Graph tenant's trustFramework keys.
 * @example
 * const keys = createKeysClient({ token: process.env.GRAPH_TOKEN! });
 * await keys.updateKeyStatus({ keySetId: 'B2C_1A_TokenSigningKeyContainer', keyId: kid, status: 'disabled' });
 */
export function createKeysClient(options: KeysClientOptions): KeysClient {
  const o = asObject(options, 'token and optional baseUrl, cloud, fetch, maxRetries, timeoutMs') as unknown as KeysClientOptions;
  const r = resolveOptions(o);
  const gate = createThrottleGate();
  const transport = createTransport({
    fetch: r.fetch,
    token: tokenGetter(o.token, cloudScope(r.cloud)),
    origin: r.origin,
    maxRetries: r.maxRetries,
    timeoutMs: r.timeoutMs,
    timing: {
      baseDelayMs: r.retryDelayMs ?? GRAPH_RETRY_TIMING.baseDelayMs,
      maxDelayMs: r.maxRetryAfterMs ?? GRAPH_RETRY_TIMING.maxDelayMs,
    },
    onRetry: o.onRetry,
    gate,
  });
  const client = createClient(createConfig({ baseUrl: r.baseUrl }));

  const ids = (input: unknown, fields: string, pathValidator: typeof updateTrustFrameworkKeyV2Path) => {
    const { keySetId, keyId, ...rest } = asObject(input, fields);
    checkPathIds(pathValidator, { keySetId, kid: keyId }, { kid: 'keyId' });
    return { path: { keySetId: keySetId as string, kid: keyId as string }, rest };
  };
  const keySet = (input: unknown) => {
    const { keySetId, ...rest } = asObject(input, 'keySetId');
    const extra = Object.keys(rest)[0];
    if (extra !== undefined) throw new RequestValidationError(extra, `${extra} is not allowed: only keySetId may be given`);
    checkPathIds(getActiveTrustFrameworkKeyPath, { keySetId }, {});
    return { keySetId: keySetId as string };
  };
  const pageSize = (call: ListOptions | undefined) => {
    const size = call?.pageSize;
    if (size !== undefined && !(Number.isInteger(size) && size >= 1 && size <= 999)) refuse('pageSize', 'an integer from 1 to 999', size);
    return size;
  };

  /** Sends one generated SDK call through the transport; resolves to the 2xx response and its text. */
  type SdkCall = (o: { client: typeof client; headers: Record<string, string>; fetch: typeof globalThis.fetch; parseAs: 'text' }) => unknown;
  const send = (sdk: SdkCall, signal: AbortSignalLike | undefined, body?: string) => {
    const id = crypto.randomUUID();
    const viaTransport = ((request: Request) => transport({ request, body, signal, readSuccessBody: body === undefined })) as typeof globalThis.fetch;
    return settle(sdk({ client, headers: { 'client-request-id': id }, fetch: viaTransport, parseAs: 'text' }) as Promise<Result>, id);
  };

  /** A 2xx body as the JSON object the operation promises, or a GraphError that says what came instead. */
  const object = ({ res, text }: { res: Response; text: string }, what: string): Record<string, unknown> => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {}
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    throw new GraphError({
      status: res.status,
      code: 'InvalidResponse',
      message: `expected a ${what} JSON object in the ${res.status} response${snippet(text)}`,
      requestId: res.headers.get('request-id') ?? undefined,
      clientRequestId: res.headers.get('client-request-id') ?? undefined,
      body: text,
    });
  };

  /** Every item of a paged collection: the first page, then each `@odata.nextLink` that stays on this API. */
  async function* pages<T>(first: (query: Record<string, unknown>) => SdkCall, call: ListOptions | undefined, what: string): AsyncGenerator<T> {
    const signal = callSignal(call);
    const top = pageSize(call);
    let query: Record<string, unknown> = top === undefined ? {} : { $top: top };
    let url: string | undefined;
    for (;;) {
      const sdk = first(query);
      // The page's own URL, as sent, is what a nextLink must stay on.
      const got = await send((x) => sdk({ ...x, fetch: ((request: Request) => ((url = request.url), x.fetch(request))) as typeof globalThis.fetch }), signal);
      const page = object(got, what);
      if (!Array.isArray(page.value)) throw new GraphError({ status: got.res.status, code: 'InvalidResponse', message: `expected a ${what} with a value array in the ${got.res.status} response${snippet(got.text)}`, body: got.text });
      for (const item of page.value) yield item as T;
      const next = page['@odata.nextLink'];
      if (next === undefined || next === null) return;
      query = nextPage(next, url!, got.res);
    }
  }

  return {
    get throttling() {
      return { events: gate.events, episodes: gate.episodes, pacePerSecond: gate.pacePerSecond, reason: gate.reason };
    },

    async updateKeyStatus(input, call) {
      const { path, rest } = ids(input, 'keySetId, keyId and status', updateTrustFrameworkKeyV2Path);
      // Everything but the ids is the body, and must be exactly what the spec allows: only `status`.
      check(updateTrustFrameworkKeyV2Body, rest);
      const body = { status: rest.status as TrustFrameworkKeyStatusUpdate };
      // The transport is handed the body it would otherwise read back from the Request hey-api built. A 2xx body
      // is not read at all: 204 is the documented answer, and whatever an unexpected `200 {…}` carries (or fails
      // to deliver) cannot fail a status change that happened.
      await send((x) => updateTrustFrameworkKeyV2({ ...x, path, body }), callSignal(call), JSON.stringify(body));
    },

    async getKey(input, call) {
      const { path, rest } = ids(input, 'keySetId and keyId', getTrustFrameworkKeyV2Path);
      const extra = Object.keys(rest)[0];
      if (extra !== undefined) throw new RequestValidationError(extra, `${extra} is not allowed: only keySetId, keyId may be given`);
      return object(await send((x) => getTrustFrameworkKeyV2({ ...x, path }), callSignal(call)), 'trustFrameworkKey_v2') as TrustFrameworkKeyV2;
    },

    async getActiveKey(input, call) {
      const path = keySet(input);
      return object(await send((x) => getActiveTrustFrameworkKey({ ...x, path }), callSignal(call)), 'trustFrameworkKey') as TrustFrameworkKey;
    },

    listKeySets(call) {
      return pages<TrustFrameworkKeySet>((query) => (x) => listTrustFrameworkKeySets({ ...x, query }), call, 'trustFrameworkKeySet collection');
    },

    listKeys(input, call) {
      const path = keySet(input);
      return pages<TrustFrameworkKeyV2>((query) => (x) => listTrustFrameworkKeysV2({ ...x, path, query }), call, 'trustFrameworkKey_v2 collection');
    },
  };
}
