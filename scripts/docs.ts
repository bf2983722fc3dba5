// `npm run docs [-- <out.html>]`: renders the spec as a static, self-contained HTML API reference with Redocly
// (Redoc's scripts inlined, so the page needs no network), into docs-out/ (ignored by git).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { root, specPath } from './lib/spec.js';

/** Builds the reference and returns the path of the HTML file. */
export function buildDocs(out = join(root, 'docs-out', 'index.html')): string {
  const pkg = createRequire(import.meta.url).resolve('@redocly/cli/package.json');
  const cli = join(dirname(pkg), 'bin', 'cli.js');
  const run = spawnSync(process.execPath, [cli, 'build-docs', specPath, '-o', out, '--inlineBundle'], {
    cwd: root,
    encoding: 'utf8',
    // No telemetry or update checks: the page must build on a machine with no network.
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  if (run.status !== 0) throw new Error(`redocly build-docs failed:\n${run.stdout}${run.stderr}`);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = buildDocs(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`API reference written to ${relative(process.cwd(), out)}`);
}
