// `npm run build`: the package in dist/. esbuild bundles the library (src/index.ts, with the generated client and
// validators inlined: no runtime dependency), the key jobs, the test kit (msw stays external: an optional peer) and
// the CLI (one CommonJS file, dist/cli.cjs: commander bundled in; undici and cli-progress stay external:
// dependencies); tsc writes the declarations.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { LEAN_TSC, nativeTscBinary } from './lib/native-tsc.js';
import { root } from './lib/spec.js';

/**
 * msw is an optional peer dependency of tfkey/testing. Its types are imported for handlers()'s return type; a consumer
 * without msw, type-checking with skipLibCheck off, would fail on that import. Marked with @ts-ignore, the import
 * gives msw's types where msw is installed and `any` where it is not.
 */
export function markOptionalPeerImports(file: string): void {
  const text = readFileSync(file, 'utf8');
  const marked = text.replace(/^import type \{[^}]*\} from 'msw';$/m, (line) => `// @ts-ignore -- msw is an optional peer dependency: without it, handlers() is typed any[].\n${line}`);
  if (marked === text) throw new Error(`${file} no longer imports msw's types as the build expects: update markOptionalPeerImports`);
  writeFileSync(file, marked);
}

/**
 * In the CLI's bundle, the generated client and the transport take Headers, Request and Response from
 * src/cli/fetch-classes.ts instead of the platform: Node's cost a process about 50 ms on first use (that file says
 * why they suffice). Everything else in the bundle, the test kit behind `--mock` included, keeps the platform's.
 */
export function ownFetchClasses(): Plugin {
  const classes = JSON.stringify(join(root, 'src/cli/fetch-classes.ts'));
  const users = [join(root, 'generated/hey-api') + '/', join(root, 'src/client/transport.ts')];
  return {
    name: 'tfkey-fetch-classes',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        if (!users.some((u) => (u.endsWith('/') ? args.path.startsWith(u) : args.path === u))) return undefined;
        return { contents: `import { Headers, Request, Response } from ${classes};\n${readFileSync(args.path, 'utf8')}`, loader: 'ts' };
      });
    },
  };
}

/**
 * commander is bundled into dist/cli.cjs: loaded from node_modules it cost a start-up about 15 ms more (five files
 * found and read). It requires node:child_process as it loads, only for executable subcommands, which tfkey has none
 * of: in the bundle, that module is loaded on first use instead.
 */
export function lazyChildProcessForCommander(): Plugin {
  return {
    name: 'tfkey-commander-child-process',
    setup(b) {
      b.onResolve({ filter: /^node:child_process$/ }, (args) => (args.importer.includes(`${join('node_modules', 'commander')}/`) ? { path: 'child_process', namespace: 'on-first-use' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'on-first-use' }, (args) => ({ contents: `module.exports = new Proxy({}, { get: (_, name) => require('node:${args.path}')[name] });`, loader: 'js' }));
    },
  };
}

/** The notice for a dependency bundled into dist/: its name, version, licence and licence text. */
function bundledNotice(pkg: string): string {
  // Where node finds it: in this checkout's node_modules, or in a folder above (the pack's clean copy has none).
  let dir = root;
  while (!existsSync(join(dir, 'node_modules', pkg, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  const base = join(dir, 'node_modules', pkg);
  const { version, license } = JSON.parse(readFileSync(join(base, 'package.json'), 'utf8')) as { version: string; license: string };
  return `dist/cli.cjs includes ${pkg} ${version} (${license} licence):\n\n${readFileSync(join(base, 'LICENSE'), 'utf8')}`;
}

export async function buildPackage(options: { quiet?: boolean } = {}): Promise<void> {
  const dist = join(root, 'dist');
  rmSync(dist, { recursive: true, force: true });
  const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning', legalComments: 'none' } as const;
  await build({ ...common, entryPoints: [join(root, 'src/index.ts')], outfile: join(dist, 'index.js') });
  // msw is an optional peer dependency of the test kit, imported only by handlers().
  await build({ ...common, entryPoints: [join(root, 'src/testing/index.ts')], outfile: join(dist, 'testing.js'), external: ['msw'] });
  await build({ ...common, entryPoints: [join(root, 'src/jobs/index.ts')], outfile: join(dist, 'jobs.js') });
  // The CLI: one CommonJS file, run by a CommonJS bin. On Node 20 an ES module entry starts the ES module loader first,
  // and the CLI's chunks each took a resolve and a load: `tfkey --dry-run get` started about 20 ms later as ES modules
  // (docs/performance.md). What only some commands need is imported when they run (src/cli/external.ts). The bin
  // loads the file through V8's code cache (bin/compile-cache.cjs).
  await build({
    ...common,
    format: 'cjs',
    plugins: [ownFetchClasses(), lazyChildProcessForCommander()],
    // --mock and mock take the fake from the test kit's own file (src/cli/external.ts): the CLI's file holds none
    // of it (0.8 MB, most of it the contract's validators), and the package holds it once.
    define: { TFKEY_TEST_KIT: JSON.stringify('./testing.js') },
    // `node dist/cli.cjs …` runs the command, as the bin does; loaded any other way, the file only exports.
    footer: { js: 'if (require.main === module) module.exports.main(process.argv.slice(2)).then((code) => (process.exitCode = code));' },
    entryPoints: [join(root, 'src/cli/main.ts')],
    outfile: join(dist, 'cli.cjs'),
    external: ['undici', 'cli-progress', 'msw'],
  });
  // The id of the file's content, for the bin's compile cache (bin/compile-cache.cjs): V8 checks only a cached
  // source's length, and an upgrade may keep the file's path, size and time of change.
  const cli = join(dist, 'cli.cjs');
  const code = readFileSync(cli, 'utf8');
  writeFileSync(cli, `${code}//# tfkey-build=${createHash('sha256').update(code).digest('hex')}\n`);
  writeFileSync(join(dist, 'NOTICE.txt'), bundledNotice('commander'));
  // The declarations, by TypeScript 7, the native compiler (under 1 s; TypeScript 5.9 took 3 s and 7 s of CPU). The
  // package test type-checks a consumer of them with TypeScript 5.9 and 7 alike.
  execFileSync(nativeTscBinary, ['-p', join(root, 'tsconfig.build.json'), ...LEAN_TSC.args], { stdio: options.quiet ? 'pipe' : 'inherit', env: { ...process.env, ...LEAN_TSC.env } });
  // The generated validators' declarations are an input, not an output, of tsc.
  mkdirSync(join(dist, 'types/generated'), { recursive: true });
  for (const f of ['validators.d.ts', 'contract.d.ts']) copyFileSync(join(root, 'generated', f), join(dist, 'types/generated', f));
  markOptionalPeerImports(join(dist, 'types/src/testing/index.d.ts'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildPackage();
  console.log('built dist/');
}
