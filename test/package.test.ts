// The package as users get it: packed from a clean copy of the repository with nothing built (packing builds it),
// installed into an empty project, imported, type-checked strictly with and without msw, and run.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint } from 'publint';
import type * as TypeScript from 'typescript';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LEAN_TSC, nativeTscBinary } from '../scripts/lib/native-tsc.js';
import { packForRun } from '../scripts/lib/pack.js';
import { root } from '../scripts/lib/spec.js';

// TypeScript's compiler API, required: imported from ES modules, node would first scan its 9 MB file for its exports
// (cjs-module-lexer), 0.7 s of CPU more than the load itself.
const ts = createRequire(import.meta.url)('typescript') as typeof TypeScript;

const consumer = mkdtempSync(join(tmpdir(), 'tfkey-consumer-'));
afterAll(() => rmSync(consumer, { recursive: true, force: true }));
/** A child process, asynchronously: the tests of this file run side by side, each waiting on its own children. */
function exec(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd: options.cwd ?? consumer, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}
let installLog = '';

// The four checks below share what they read (the standard library, node's and msw's declarations, ours): a file is
// parsed once for all of them, as an editor's language service shares it between projects of the same settings.
// The files a check writes are read fresh.
const parsed = new Map<string, TypeScript.SourceFile>();
function sharingHost(options: TypeScript.CompilerOptions): TypeScript.CompilerHost {
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, onError, fresh) => {
    if (name.startsWith(consumer) && !name.includes('/node_modules/')) return read(name, languageVersion, onError, fresh);
    let file = parsed.get(name);
    if (!file) {
      file = read(name, languageVersion, onError, fresh);
      if (file) parsed.set(name, file);
    }
    return file;
  };
  return host;
}

/**
 * Type-checks `files` as a consumer would, strictly and with skipLibCheck off, and returns the problems in them and
 * in this package's declarations (other packages' declarations, msw's or node's, are theirs to keep sound), each
 * as "/<file>: <message>".
 */
function typeCheck(files: string[], lib: string[], types: string[] = []): string[] {
  const options: TypeScript.CompilerOptions = { strict: true, noEmit: true, skipLibCheck: false, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, lib, types };
  const program = ts.createProgram({ rootNames: files, options, host: sharingHost(options) });
  const ours = program.getSourceFiles().filter((f) => files.includes(f.fileName) || f.fileName.includes('/node_modules/tfkey/'));
  expect(ours.filter((f) => files.includes(f.fileName))).toHaveLength(files.length);
  expect(ours.length).toBeGreaterThan(files.length);
  const found = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(), ...ours.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)])];
  return found.map((d) => `${d.file?.fileName.replace(consumer, '') ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}
/** The problems of a check of several files, but for those in `other`: one file's test is not failed by another's. */
const except = (found: string[], other: string) => found.filter((d) => !d.startsWith(`/${other}: `));

// Every entry point, as a consumer uses them: the msw example of the testing guide included.
const EVERY_ENTRY = [
  "import { createKeysClient, type TrustFrameworkKeyV2 } from 'tfkey';",
  "import { checkKeyStatusChange, planKeyStatusChanges, type KeyStatusPlan } from 'tfkey/jobs';",
  "import { createFakeGraph, graphErrorBody } from 'tfkey/testing';",
  "const graph = createFakeGraph();",
  "const keys = createKeysClient({ token: 't', fetch: graph.fetch, baseUrl: graph.baseUrl });",
  "export const key: Promise<TrustFrameworkKeyV2> = keys.getKey({ keySetId: 'a', keyId: 'b' });",
  "export const plan: Promise<KeyStatusPlan> = planKeyStatusChanges(keys, [{ keySetId: 'a', kid: 'b', status: 'disabled' }]);",
  "export const verdict = checkKeyStatusChange('a', [{ kid: 'b', status: 'enabled' }], [{ kid: 'b', status: 'disabled' }], Date.now()).refused;",
  "export const body = graphErrorBody({ code: 'x', message: 'y' });",
  'export const handlers = graph.handlers();',
].join('\n');
// A consumer's own use of the client, with a misuse the compiler must refuse.
const USE = [
  "import { createKeysClient, isGraphError, type TrustFrameworkKeyStatusUpdate, type TrustFrameworkKeyV2 } from 'tfkey';",
  "const status: TrustFrameworkKeyStatusUpdate = 'disabled';",
  "const keys = createKeysClient({ token: ({ abortSignal }) => (abortSignal.aborted ? '' : 't'), timeoutMs: 1000 });",
  "export const read = (): Promise<TrustFrameworkKeyV2> => keys.getKey({ keySetId: 'a', keyId: 'b' });",
  "export const run = () => keys.updateKeyStatus({ keySetId: 'a', keyId: 'b', status }).catch((e) => { if (isGraphError(e)) return e.status; throw e; });",
  '// @ts-expect-error a bogus status',
  "export const bad = () => keys.updateKeyStatus({ keySetId: 'a', keyId: 'b', status: 'on' });",
].join('\n');
// every-entry.ts and use.ts, checked in one program (the same options: the ES and DOM libraries, no other types).
let withDom: string[] = [];

beforeAll(async () => {
  // A clean copy of this working tree (no dist/), packed: its prepack builds, as `npm publish` from a fresh clone.
  // The run's pack: made by its pack check, or here, whichever comes first; the other waits and shares it.
  const tarball = await packForRun(inject('runId'));
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true }));
  // The package and its dependencies come from the npm cache that `npm ci` filled, at the versions this repository
  // pins. msw, vitest and node's types, for the consumer's own tests, are this repository's, linked in afterwards:
  // installing vitest's tree again would cost more than the rest of this file.
  const install = spawnSync('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], { cwd: consumer, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(install.stderr);
  installLog = install.stdout + install.stderr;
  // Before msw is there: a consumer without the optional peer type-checks too.
  writeFileSync(join(consumer, 'every-entry.ts'), EVERY_ENTRY);
  writeFileSync(join(consumer, 'use.ts'), USE);
  withDom = typeCheck([join(consumer, 'every-entry.ts'), join(consumer, 'use.ts')], ['lib.es2023.d.ts', 'lib.dom.d.ts']);
  mkdirSync(join(consumer, 'node_modules/@types'), { recursive: true });
  for (const dev of ['msw', 'vitest', '@types/node']) symlinkSync(join(root, 'node_modules', dev), join(consumer, 'node_modules', dev), 'dir');
}, 120_000);

describe('the packed package', () => {
  it('holds dist/ and the spec, and nothing of the sources or tests', () => {
    const installed = join(consumer, 'node_modules/tfkey');
    const list = (dir: string): string[] => readdirSync(join(installed, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? list(join(dir, e.name)) : [join(dir, e.name)]));
    const paths = list('.');
    expect(paths).toContain('dist/index.js');
    expect(paths).toContain('dist/cli.cjs');
    expect(paths).toContain('bin/tfkey.cjs');
    expect(paths).toContain('LICENSE');
    expect(paths).toContain('dist/types/src/index.d.ts');
    expect(paths).toContain('spec/trustframework-keys-v2.yaml');
    // commander is bundled into the CLI: its licence travels with it, and it is no dependency of the package.
    expect(readFileSync(join(installed, 'dist/NOTICE.txt'), 'utf8')).toMatch(/^dist\/cli\.cjs includes commander 14\.0\.3 \(MIT licence\):\n\n\(The MIT License\)\n\nCopyright \(c\) 2011 TJ Holowaychuk/);
    expect(Object.keys(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).dependencies)).not.toContain('commander');
    expect(paths.filter((p) => /^(src|test|contract-tests|scripts|generated)\//.test(p))).toEqual([]);
    // The fake and its validators (0.8 MB) ship once: the CLI imports the test kit's own file for --mock.
    const code = paths.filter((p) => /^dist\/.*\.c?js$/.test(p));
    expect(code.filter((p) => readFileSync(join(installed, p), 'utf8').includes('function createFakeGraph('))).toEqual(['dist/testing.js']);
  });

  it('imports by name, with the documented exports', async () => {
    const out = (await exec(process.execPath, ['--input-type=module', '-e', "const m = await import('tfkey'); console.log(Object.keys(m).sort().join(','))"])).stdout;
    for (const name of ['createKeysClient', 'GraphError', 'RequestValidationError', 'TimeoutError', 'AbortError', 'NetworkError', 'isGraphError']) expect(out.trim().split(',')).toContain(name);
  });

  it('installing it runs no script of ours and draws no install-script warning', async () => {
    const manifest = JSON.parse((await exec(process.execPath, ['-p', 'JSON.stringify(require("tfkey/package.json").scripts ?? {})'])).stdout);
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(manifest).not.toHaveProperty(hook);
    expect(installLog).not.toMatch(/tfkey@[^\n]*\((pre|post)?(install|prepare)/);
  });

  it('type-checks a consumer with strict settings and its own lib check', () => {
    // Neither @types/node nor the DOM library: the public types stand on the ES standard library alone. Then with
    // the DOM library (checked before msw was linked in, beside every-entry.ts), where the real AbortSignal and
    // fetch types take over. The compiler runs in-process.
    expect(typeCheck([join(consumer, 'use.ts')], ['lib.es2022.d.ts']), 'lib es2022').toEqual([]);
    expect(except(withDom, 'every-entry.ts'), 'lib es2023, dom').toEqual([]);
  });

  it('every entry point type-checks with skipLibCheck off: with msw (handlers() is msw’s handler type) and without it', () => {
    expect(except(withDom, 'use.ts')).toEqual([]);
    writeFileSync(join(consumer, 'with-msw.ts'), `${EVERY_ENTRY}\nimport { setupServer } from 'msw/node';\nexport const server = setupServer(...(await graph.handlers()));\n// @ts-expect-error handlers() is msw's handlers, not anything\nexport const wrong: number[] = await graph.handlers();\n`);
    expect(typeCheck([join(consumer, 'with-msw.ts')], ['lib.es2023.d.ts', 'lib.dom.d.ts'], ['node'])).toEqual([]);
  });

  it('a consumer on TypeScript 7, the native compiler, type-checks every entry point', async () => {
    // tsc's own command line, as a consumer runs it. Declarations are checked above (TypeScript 5.9, skipLibCheck
    // off, for ours alone); here the consumer's code against them, with the usual skipLibCheck: TypeScript 7 has no
    // way to check one package's declarations and not the rest, and checking node's, msw's and the others' costs
    // seconds.
    const compilerOptions = { strict: true, noEmit: true, skipLibCheck: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2023', 'dom'], types: ['node'] };
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['every-entry.ts', 'with-msw.ts', 'use.ts'] }));
    writeFileSync(join(consumer, 'broken.ts'), "import { createKeysClient } from 'tfkey';\ncreateKeysClient({ token: 't' }).updateKeyStatus({ keySetId: 'a', keyId: 'b', status: 'on' });\n");
    writeFileSync(join(consumer, 'tsconfig.broken.json'), JSON.stringify({ compilerOptions, files: ['broken.ts'] }));
    // Findings in this consumer's files and in this package's declarations, and any not tied to a file.
    const ours = (out: string) => out.split('\n').filter((l) => /error TS\d+/.test(l) && !/^node_modules\/(?!tfkey\/)/.test(l));
    const clean = await exec(nativeTscBinary, ['-p', 'tsconfig.json', '--pretty', 'false', ...LEAN_TSC.args], { env: { ...process.env, ...LEAN_TSC.env } });
    expect(ours(clean.stdout), clean.stdout).toEqual([]);
    // It reports a consumer's mistake, so the empty list above means something.
    const broken = await exec(nativeTscBinary, ['-p', 'tsconfig.broken.json', '--pretty', 'false', ...LEAN_TSC.args], { env: { ...process.env, ...LEAN_TSC.env } });
    expect(ours(broken.stdout)).toEqual([expect.stringMatching(/^broken\.ts\(2,\d+\): error TS2322: Type '"on"' is not assignable to type 'TrustFrameworkKeyStatusUpdate'/)]);
  });

  it('installs the tfkey bin, which runs', async () => {
    const bin = join(consumer, 'node_modules/.bin/tfkey');
    expect((await exec(bin, ['--help'])).stdout).toContain('set-status [options] <keySetId> <keyId> <status>');
    const dry = (await exec(bin, ['--dry-run', 'get', 'B2C_1A_X', 'k1'], { env: { ...process.env, GRAPH_TOKEN: 'package-test-token' } })).stdout;
    expect(dry).toContain('GET https://graph.microsoft.com/beta/trustFramework/keySets/B2C_1A_X/keys_v2/k1');
    expect(dry).not.toContain('package-test-token');
  });

  it('tfkey/spec resolves to the spec, for import and require alike', async () => {
    const script = "import { createRequire } from 'node:module'; console.log(import.meta.resolve('tfkey/spec')); console.log(createRequire(import.meta.url).resolve('tfkey/spec'));";
    const [viaImport, viaRequire] = (await exec(process.execPath, ['--input-type=module', '-e', script])).stdout.trim().split('\n');
    expect(viaImport).toMatch(/node_modules\/tfkey\/spec\/trustframework-keys-v2\.yaml$/);
    expect(viaRequire).toMatch(/node_modules\/tfkey\/spec\/trustframework-keys-v2\.yaml$/);
    expect(readFileSync(viaRequire!, 'utf8')).toBe(readFileSync(join(root, 'spec/trustframework-keys-v2.yaml'), 'utf8'));
  });

  it('the main entry carries nothing of the test kit', () => {
    const main = readFileSync(join(consumer, 'node_modules/tfkey/dist/index.js'), 'utf8');
    for (const word of ['createFakeGraph', 'assertNoViolations', 'contract violation', 'http.all(']) expect(main).not.toContain(word);
  });

  it('the consumer tests of the README and the testing guide pass as a consumer’s vitest tests (msw included)', async () => {
    const blocks = ['README.md', 'docs/testing.md'].flatMap((doc) => {
      const text = readFileSync(join(root, doc), 'utf8');
      const section = text.slice(text.indexOf('<!-- consumer-tests:start -->'), text.indexOf('<!-- consumer-tests:end -->'));
      return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    });
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    blocks.forEach((code, i) => writeFileSync(join(consumer, `docs-${i}.test.ts`), code));
    // In one worker thread with its modules kept between files (vitest's default forks a process per file: about
    // 2.5 s more CPU for the same verdicts); each example sets up and tears down its own fake and msw server.
    const r = await exec(process.execPath, [join(consumer, 'node_modules/vitest/vitest.mjs'), 'run', '--pool=threads', '--no-isolate', '--reporter=dot'], { env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Test Files\\s+${blocks.length} passed`));
  }, 60_000);

  it('tfkey --mock works in an installed app, with no Prism installed', async () => {
    const bin = join(consumer, 'node_modules/.bin/tfkey');
    const r = await exec(bin, ['--mock', '--json', 'set-status', 'B2C_1A_TokenSigningKeyContainer', 'aTREvwojOB9ph3fr2r6eTf_5eD5fmQsfsapVMwYI3o', 'disabled', '--force']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'disabled' });
    expect(() => createRequire(join(consumer, 'package.json')).resolve('@stoplight/prism-cli/package.json')).toThrow();
  });

  it('publint finds nothing to fix', async () => {
    // On the installed copy: what npm packed is what publint reads, without packing a third time.
    const { messages } = await publint({ pkgDir: join(consumer, 'node_modules/tfkey'), level: 'suggestion', pack: false });
    expect(messages).toEqual([]);
  }, 60_000);
});
