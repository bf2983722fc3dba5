// What the built CLI loads to start (docs/performance.md, `npm run bench:startup`): the test kit, the key jobs'
// apply, undici and the progress bar only when a command needs them; never Node's own fetch classes (the bundle has
// its own, src/cli/fetch-classes.ts), nor TLS for a plain-http URL, nor child_process (commander's, bundled).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../scripts/lib/spec.js';
import { distCli, ensureBuilt } from './helpers/dist.js';
import { answersListing, KEY_SET, send, startServer, type TestServer } from './helpers/server.js';
import { spawnTfkey } from './helpers/tfkey.js';

/** The modules a built file imports statically (`import … from "x"` and `import "x"`), in esbuild's output. */
const staticImports = (text: string) => [...text.matchAll(/^import\s*(?:[\w*{][^;]*?\sfrom\s*)?["']([^"']+)["'];/gm)].map((m) => m[1]!);

/** Every file reached by static imports from `file`, and every module outside dist/ they import. */
function startPath(file: string): { files: Map<string, string>; external: Set<string> } {
  const files = new Map<string, string>();
  const external = new Set<string>();
  const visit = (path: string) => {
    if (files.has(path)) return;
    const text = readFileSync(path, 'utf8');
    files.set(path, text);
    for (const spec of staticImports(text)) (spec.startsWith('.') ? visit(join(dirname(path), spec)) : external.add(spec));
  };
  visit(file);
  return { files, external };
}

let graph: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'tfkey-start-up-'));
beforeAll(async () => {
  await ensureBuilt();
  graph = await startServer((req, res) => {
    if (answersListing(req, res)) return;
    send(res, 500);
  });
});
afterAll(async () => {
  await graph.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the built CLI at start-up', () => {
  it('reads, before any command runs, no test kit, no key job code beyond the guard, and no dependency but node’s own modules', () => {
    const { files, external } = startPath(distCli);
    expect(files.size).toBeGreaterThan(1);
    const text = [...files.values()].join('\n');
    // The fake (and its validators) and apply are in chunks of their own, imported when a command needs them.
    expect(text).not.toContain('function createFakeGraph(');
    expect(text).not.toContain('function applyKeyStatusChanges(');
    expect([...external].filter((m) => !m.startsWith('node:'))).toEqual([]);
    for (const heavy of ['node:https', 'node:crypto', 'node:child_process']) expect(external).not.toContain(heavy);
    // commander is bundled, not imported from node_modules.
    expect(text).toContain('function suggestSimilar(');
  });

  it('the check above sees a static import: the test kit’s own entry reaches the fake', () => {
    const { files } = startPath(join(root, 'dist/testing.js'));
    expect([...files.values()].join('\n')).toContain('function createFakeGraph(');
    expect(staticImports('import {\n  a,\n  b\n} from "./x.js";\nimport "./y.js";\nimport * as z from \'node:z\';\nconst c = await import("./lazy.js");')).toEqual(['./x.js', './y.js', 'node:z']);
  });

  it('a --dry-run set-status process (it reads the key set over http) loads neither Node’s fetch, TLS nor child_process (a process)', async () => {
    const report = join(dir, 'modules.txt');
    const r = await spawnTfkey(['--base-url', `${graph.url}/beta`, '--dry-run', 'set-status', KEY_SET, 'spare-1', 'disabled'], {
      env: { GRAPH_TOKEN: 'start-up-token', TFKEY_TEST_LOADED_MODULES: report },
      node: ['--import', join(root, 'test/fixtures/report-loaded-modules.mjs')],
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('PATCH ');
    const loaded = readFileSync(report, 'utf8').split('\n');
    // The report is real: the key set was read over node:http.
    expect(loaded).toContain('NativeModule http');
    expect(loaded.filter((m) => /^NativeModule (internal\/deps\/undici\/undici|https|tls|child_process)$/.test(m))).toEqual([]);
  });
});
