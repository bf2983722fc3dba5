// Bundle size as users pay it: esbuild bundles an entry that calls one client operation, minified, then gzip -9.
// Shared by `npm run bench` (the report) and the size-budget test in `npm test` (the gate).
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { root } from './spec.js';

/**
 * The enforced budget for one operation's bundle, in bytes (min+gz). The target is 5 KB; hey-api's emitted
 * fetch client alone is ~4.0 KB of that (interceptors, serializers and an SSE client it always emits), so the
 * gate sits just above today's size to catch regressions, and the bench prints the target beside it. The hardening
 * of issue 8 (bounded token and body waits, option bounds, base-URL checks, OAuth error bodies) cost ~0.95 KB; the
 * listings, getActiveKey, safe nextLink paging and the client's throttle gate of issue 10 ~0.9 KB more; the gate
 * that follows the service (episodes, demand time, a cubic pace with a floor, an ordered queue, its reason) ~0.65 KB.
 */
export const SIZE_BUDGET_BYTES = 11_000;
export const SIZE_TARGET_BYTES = 5_120;

export const ENTRIES = {
  updateKeyStatus: `import { createKeysClient } from './src/index.ts';
export const run = (token, input) => createKeysClient({ token }).updateKeyStatus(input);`,
  getKey: `import { createKeysClient } from './src/index.ts';
export const run = (token, input) => createKeysClient({ token }).getKey(input);`,
  // For scale: the generated SDK call and hey-api's client with nothing of ours.
  'hey-api SDK alone': `import { createClient, createConfig } from './generated/hey-api/client/index.ts';
import { updateTrustFrameworkKeyV2 } from './generated/hey-api/sdk.gen.ts';
export const run = (path, body) => updateTrustFrameworkKeyV2({ client: createClient(createConfig({ baseUrl: 'x' })), path, body });`,
} as const;

export interface BundleSize {
  minified: number;
  gzipped: number;
}

/** `source` bundled as users pay for it; `at` is the checkout it imports from (another one to measure a base). */
export async function bundleSize(source: string, at = root): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: source, resolveDir: at, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}
