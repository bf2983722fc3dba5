// Every code example of the README and the guides (docs/*.md) runs here, as written, against the test kit's fake:
// - a TypeScript example is bundled (`tfkey`, `tfkey/jobs` and `tfkey/testing` from src/) and run with the global
//   fetch and GRAPH_TOKEN of a fake Graph: it must finish without an error and without a contract violation;
// - each `npx tfkey …` line of a shell example runs in-process, in order within its block, sharing a folder and a
//   fake (so `plan --out` feeds `apply`), with GRAPH_TOKEN and the network handed in as the fake: exit 0;
// - each `npm run <script>` line names a script package.json has.
// The consumer tests between <!-- consumer-tests:start/end --> run against the packed package in test/package.test.ts.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { root } from '../scripts/lib/spec.js';
import { run } from '../src/cli/main.js';
import type { FetchLike } from '../src/index.js';
import { createFakeGraph } from '../src/testing/index.js';

export interface Example {
  file: string;
  line: number;
  lang: string;
  code: string;
  consumerTest: boolean;
}

/** The fenced code blocks of a Markdown text, with their language and whether they are consumer tests. */
export function examplesOf(file: string, text: string): Example[] {
  const out: Example[] = [];
  let consumer = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.includes('<!-- consumer-tests:start -->')) consumer = true;
    if (lines[i]!.includes('<!-- consumer-tests:end -->')) consumer = false;
    const open = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.indexOf('```', i + 1);
    out.push({ file, line: i + 1, lang: open[1]!, code: lines.slice(i + 1, end).join('\n'), consumerTest: consumer });
    i = end;
  }
  return out;
}

const FILES = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const examples = FILES.flatMap((f) => examplesOf(f, readFileSync(join(root, f), 'utf8')));
const KID = 'aTREvwojOB9ph3fr2r6eTf_5eD5fmQsfsapVMwYI3o';
// Inside the repository, so that a bundled example's own imports (undici) resolve from its node_modules.
const work = join(root, 'node_modules/.cache/tfkey-docs-examples');
mkdirSync(work, { recursive: true });
const dir = mkdtempSync(join(work, 'run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const title = (e: Example) => `${e.file}:${e.line}`;

describe('TypeScript examples', () => {
  const ts = examples.filter((e) => e.lang === 'ts' && !e.consumerTest);
  it.each(ts.map((e) => ({ ...e, name: title(e) })))('$name runs against the fake', async (e) => {
    const graph = createFakeGraph();
    const file = join(dir, `${e.file.replace(/\W/g, '-')}-${e.line}.mjs`);
    await build({
      stdin: { contents: e.code, loader: 'ts', resolveDir: root },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: file,
      logLevel: 'silent',
      alias: { 'tfkey/testing': './src/testing/index.ts', 'tfkey/jobs': './src/jobs/index.ts', tfkey: './src/index.ts' },
      external: ['undici', 'msw'],
    });
    vi.stubGlobal('fetch', graph.fetch);
    vi.stubEnv('GRAPH_TOKEN', 'docs-example-token');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await import(pathToFileURL(file).href);
    } finally {
      log.mockRestore();
      vi.unstubAllGlobals();
      vi.unstubAllEnvs();
    }
    graph.assertNoViolations();
  });
});

/** The `npx tfkey` lines of a shell example, as argument lists with their environment. */
export function tfkeyLines(code: string): { env: Record<string, string>; args: string[]; text: string; exit: number }[] {
  return code.split('\n').flatMap((raw) => {
    const text = raw.replace(/\s+#.*$/, '').trim();
    // A comment that says "exit N" is the exit code the line shows; 0 otherwise.
    const exit = Number(/#.*\bexit (\d)\b/.exec(raw)?.[1] ?? 0);
    const m = /^((?:\w+=\S+\s+)*)npx tfkey\b(.*)$/.exec(text);
    if (!m) return [];
    const env = Object.fromEntries(m[1]!.trim().split(/\s+/).filter(Boolean).map((a) => a.split('=') as [string, string]).map(([k, v]) => [k, v === '…' ? 'docs-example-token' : v]));
    const args = m[2]!.trim().split(/\s+/).filter(Boolean).flatMap((a) => (a === '…' ? [] : [a.replace(/^<kid>$/, KID)]));
    return [{ env, args, text, exit }];
  });
}

describe('shell examples', () => {
  const sh = examples.filter((e) => e.lang === 'sh' && e.code.includes('npx tfkey'));
  it.each(sh.map((e) => ({ ...e, name: title(e) })))('$name: every npx tfkey line exits as it says (0 unless noted) against the fake', async (e) => {
    const graph = createFakeGraph();
    const cwd = mkdtempSync(join(dir, 'sh-'));
    for (const line of tfkeyLines(e.code)) {
      let stdout = '';
      let stderr = '';
      const code = await run(line.args, {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
        env: { GRAPH_TOKEN: 'docs-example-token', ...line.env },
        cwd,
        // Whatever cloud a line names, the fake answers: the line's URL is moved onto the fake's base.
        fetch: ((url, init) => graph.fetch(url.replace(/^https:\/\/[^/]+\/beta/, graph.baseUrl), init)) as FetchLike,
        mockGraph: () => graph,
        // `tfkey mock` serves until Ctrl-C: asked to stop at once.
        stopRequested: () => Promise.resolve(),
      });
      expect({ line: line.text, code, stderr: code === line.exit ? '' : stderr }).toEqual({ line: line.text, code: line.exit, stderr: '' });
      expect(stdout.length + (line.exit ? stderr.length : 0), line.text).toBeGreaterThan(0);
    }
    graph.assertNoViolations();
  });

  it('each npm run line (shell and CI YAML) names a script of package.json', () => {
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
    const named = examples.filter((e) => e.lang === 'sh' || e.lang === 'yaml').flatMap((e) => [...e.code.matchAll(/npm run (?:-s )?([\w:-]+)/g)].map((m) => `${title(e)} ${m[1]}`));
    expect(named.length).toBeGreaterThanOrEqual(3);
    expect(named.filter((n) => !(n.split(' ')[1]! in scripts))).toEqual([]);
  });
});

it('every CI YAML example parses, and each job of this repository runs npm test with the history the review needs', () => {
  const yaml = examples.filter((e) => e.lang === 'yaml');
  expect(yaml.length).toBeGreaterThanOrEqual(3);
  for (const e of yaml) expect(() => parse(e.code), title(e)).not.toThrow();
  const own = yaml.filter((e) => e.code.includes('npm run review'));
  expect(own.length).toBe(2);
  for (const e of own) {
    expect(e.code, title(e)).toContain('npm test');
    expect(e.code, title(e)).toMatch(/fetch-?[dD]epth: 0/);
    expect(e.code, title(e)).toContain('JUNIT: reports/junit.xml');
    for (const v of ['20', '22', '24', '26']) expect(e.code, title(e)).toMatch(new RegExp(`\\b${v}(\\.x)?\\b`));
  }
});

it('the parsers see what the guides hold', () => {
  expect(examplesOf('x.md', 'a\n<!-- consumer-tests:start -->\n```ts\nit()\n```\n<!-- consumer-tests:end -->\n```sh\nnpx tfkey list\n```\n')).toEqual([
    { file: 'x.md', line: 3, lang: 'ts', code: 'it()', consumerTest: true },
    { file: 'x.md', line: 7, lang: 'sh', code: 'npx tfkey list', consumerTest: false },
  ]);
  expect(tfkeyLines('GRAPH_TOKEN=… npx tfkey get S <kid>   # a comment\nnpm test\nnpx tfkey list   # refused, exit 1')).toEqual([
    { env: { GRAPH_TOKEN: 'docs-example-token' }, args: ['get', 'S', KID], text: 'GRAPH_TOKEN=… npx tfkey get S <kid>', exit: 0 },
    { env: {}, args: ['list'], text: 'npx tfkey list', exit: 1 },
  ]);
  expect(examples.filter((e) => e.lang === 'ts' && !e.consumerTest).length).toBeGreaterThanOrEqual(4);
});
