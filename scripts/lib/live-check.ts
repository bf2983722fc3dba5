// The live contract check: through `prism proxy` in front of a Graph endpoint, read a key, set it to the status it
// already has (so nothing changes), read it again, and report every way the service's answers differ from the spec:
// Prism's own violations (sl-violations) and this suite's checks of status codes and bodies.
import { createKeysClient, type TrustFrameworkKeyV2 } from '../../src/index.js';
import { loadSpec, operations, resolveRef, type Spec } from './spec.js';
import { startPrism } from './prism.js';
import { responseFor, schemaProblems } from './contract.js';

export interface LiveCheckOptions {
  /** The real service, e.g. https://graph.microsoft.com/beta. */
  upstream: string;
  token: string;
  keySetId: string;
  keyId: string;
}

export interface LiveStep {
  step: string;
  status: number;
  problems: string[];
}

export interface LiveReport {
  steps: LiveStep[];
  problems: string[];
}

/** What the spec says of one observed response: documented status, and a body that fits it. */
export function responseProblems(spec: Spec, operationId: string, status: number, contentType: string | null, body: string): string[] {
  const operation = operations(spec).find((o) => o.operationId === operationId)!;
  const documented = responseFor(operation, status);
  if (!documented) return [`${status} is not a documented response of ${operationId}`];
  const res = resolveRef(spec, operation.op.responses[documented]);
  if (!res.content) return body ? [`${status} must have no body (documented as ${documented}), got ${body.length} bytes`] : [];
  const media = res.content[(contentType ?? '').split(';')[0]!.trim()];
  if (!media) return [`${status} content type ${contentType} is not one of ${Object.keys(res.content).join(', ')}`];
  try {
    return schemaProblems(spec, media.schema, JSON.parse(body)).map((p) => `${status} body ${p}`);
  } catch {
    return [`${status} body is not JSON`];
  }
}

const OPERATION = { GET: 'getTrustFrameworkKeyV2', PATCH: 'updateTrustFrameworkKeyV2' } as const;

/** Starts `prism proxy` in front of `o.upstream`, runs the check through it and stops it. */
export async function liveCheck(o: LiveCheckOptions): Promise<LiveReport> {
  const prism = await startPrism({ mode: 'proxy', upstream: o.upstream });
  try {
    return await checkThrough(prism.url, o);
  } finally {
    await prism.stop();
  }
}

/** The check through an already running proxy at `proxyUrl`. */
export async function checkThrough(proxyUrl: string, o: Omit<LiveCheckOptions, 'upstream'>): Promise<LiveReport> {
  const spec = loadSpec();
  const steps: LiveStep[] = [];
  const problems: string[] = [];
  let current = '';
  // Observes each exchange: Prism's violations header and this suite's own checks of the response.
  const observe: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const text = await res.clone().text();
    const found: string[] = [];
    const violations = res.headers.get('sl-violations');
    if (violations) for (const v of JSON.parse(violations) as { message: string; location?: string[] }[]) found.push(`prism: ${v.location?.join('.') ?? ''} ${v.message}`.trim());
    const method = (init?.method ?? 'GET') as keyof typeof OPERATION;
    found.push(...responseProblems(spec, OPERATION[method], res.status, res.headers.get('content-type'), text));
    steps.push({ step: current, status: res.status, problems: found });
    problems.push(...found.map((p) => `${current}: ${p}`));
    return res;
  };
  try {
    const client = createKeysClient({ token: o.token, baseUrl: proxyUrl, fetch: observe, maxRetries: 2 });
    const ids = { keySetId: o.keySetId, keyId: o.keyId };
    current = 'GET the key';
    const before: TrustFrameworkKeyV2 = await client.getKey(ids);
    const status = before.status;
    if (status !== 'enabled' && status !== 'disabled') {
      problems.push(`the key's status is ${JSON.stringify(status)}: not set back, the check changes nothing it cannot restore`);
      return { steps, problems };
    }
    current = `PATCH it to the status it has (${status})`;
    await client.updateKeyStatus({ ...ids, status });
    current = 'GET it again';
    const after = await client.getKey(ids);
    if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`the key changed after setting the status it already had: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
  } catch (e) {
    problems.push(`${current}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  return { steps, problems };
}

export function formatReport(r: LiveReport): string {
  const lines = r.steps.map((s) => `${s.problems.length ? '✗' : '✓'} ${s.step} → ${s.status}${s.problems.map((p) => `\n    ${p}`).join('')}`);
  const extra = r.problems.filter((p) => !r.steps.some((s) => s.problems.some((sp) => p.endsWith(sp))));
  return [...lines, ...extra.map((p) => `✗ ${p}`), r.problems.length ? `${r.problems.length} problem(s): the service differs from the spec` : 'the service agrees with the spec'].join('\n');
}
