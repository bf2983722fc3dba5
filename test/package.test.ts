// The package as users get it: `npm pack`, installed into an empty project, imported, type-checked and run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../scripts/lib/spec.js';
import { ensureBuilt } from './helpers/dist.js';

const consumer = mkdtempSync(join(tmpdir(), 'tfkey-consumer-'));
afterAll(() => rmSync(consumer, { recursive: true, force: true }));
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(async () => {
  await ensureBuilt();
  // --ignore-scripts: no `prepare` rebuild while other test files run the built CLI.
  npm(['pack', '--ignore-scripts', '--pack-destination', consumer], root);
  const tarball = readdirSync(consumer).find((f) => f.endsWith('.tgz'))!;
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true }));
  // commander, the CLI's one dependency, comes from the npm cache that `npm ci` filled.
  npm(['install', `./${tarball}`, '--prefer-offline', '--no-audit', '--no-fund'], consumer);
}, 120_000);

describe('the packed package', () => {
  it('holds dist/ and the spec, and nothing of the sources or tests', () => {
    const installed = join(consumer, 'node_modules/tfkey');
    const list = (dir: string): string[] => readdirSync(join(installed, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? list(join(dir, e.name)) : [join(dir, e.name)]));
    const paths = list('.');
    expect(paths).toContain('dist/index.js');
    expect(paths).toContain('dist/cli.js');
    expect(paths).toContain('dist/types/src/index.d.ts');
    expect(paths).toContain('spec/trustframework-keys-v2.yaml');
    expect(paths.filter((p) => /^(src|test|contract-tests|scripts|generated)\//.test(p))).toEqual([]);
  });

  it('imports by name, with the documented exports', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', "const m = await import('tfkey'); console.log(Object.keys(m).sort().join(','))"], { cwd: consumer, encoding: 'utf8' });
    for (const name of ['createKeysClient', 'GraphError', 'RequestValidationError', 'TimeoutError', 'AbortError', 'NetworkError', 'isGraphError']) expect(out.trim().split(',')).toContain(name);
  });

  it('type-checks a consumer with strict settings and its own lib check', () => {
    writeFileSync(
      join(consumer, 'use.ts'),
      [
        "import { createKeysClient, isGraphError, type TrustFrameworkKeyStatus } from 'tfkey';",
        "const status: TrustFrameworkKeyStatus = 'disabled';",
        "const keys = createKeysClient({ token: 't' });",
        "export const run = () => keys.updateKeyStatus({ keySetId: 'a', keyId: 'b', status }).catch((e) => { if (isGraphError(e)) return e.status; throw e; });",
        '// @ts-expect-error a bogus status',
        "export const bad = () => keys.updateKeyStatus({ keySetId: 'a', keyId: 'b', status: 'on' });",
      ].join('\n'),
    );
    const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
    // No @types/node: the public types must stand on the standard library and the DOM's fetch types alone.
    const compilerOptions = { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2023', 'dom'], types: [] };
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['use.ts'] }));
    execFileSync(process.execPath, [tsc, '-p', consumer], { cwd: consumer });
  });

  it('installs the tfkey bin, which runs', () => {
    const bin = join(consumer, 'node_modules/.bin/tfkey');
    expect(execFileSync(bin, ['--help'], { encoding: 'utf8' })).toContain('set-status <keySetId> <keyId> <status>');
    const dry = execFileSync(bin, ['--dry-run', 'set-status', 'B2C_1A_X', 'k1', 'disabled'], { encoding: 'utf8', env: { ...process.env, GRAPH_TOKEN: 'package-test-token' } });
    expect(dry).toContain('PATCH https://graph.microsoft.com/beta/trustFramework/keySets/B2C_1A_X/keys_v2/k1');
    expect(dry).not.toContain('package-test-token');
  });

  it('publint finds nothing to fix', async () => {
    // On the installed copy: what npm packed is what publint reads, without packing a third time.
    const { messages } = await publint({ pkgDir: join(consumer, 'node_modules/tfkey'), level: 'suggestion', pack: false });
    expect(messages).toEqual([]);
  }, 60_000);
});
