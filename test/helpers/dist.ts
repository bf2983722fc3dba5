// The built package, for tests that run what users run. Rebuilt when missing or older than its sources, so a
// test never exercises a stale dist/ (npm test's pack check installs its build as dist/ under the same lock, so
// this is normally a cheap check).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildPackage } from '../../scripts/build.js';
import { underBuildLock } from '../../scripts/lib/build-lock.js';
import { root } from '../../scripts/lib/spec.js';

const newest = (dir: string): number =>
  Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));

const fresh = () => {
  const cli = join(root, 'dist/cli.cjs');
  return existsSync(cli) && statSync(cli).mtimeMs >= Math.max(newest(join(root, 'src')), newest(join(root, 'generated')));
};

// Test files run in parallel threads, and npm test's build check in another process: they share one lock.
export async function ensureBuilt(): Promise<void> {
  await underBuildLock(fresh, buildPackage);
}

/** The built CLI as a module (`main` and `run`), for a script that embeds it. */
export const distCli = join(root, 'dist/cli.cjs');
/** The command as users run it: the bin, which runs dist/cli.cjs. */
export const bin = join(root, 'bin/tfkey.cjs');

/** Stryker's namespace in a test worker: the mutant under test, or (in its coverage run) the test running now. */
type StrykerNamespace = { activeMutant?: unknown; currentTestId?: string; mutantCoverage?: MutantCoverage };
type MutantCoverage = { static: Record<string, number>; perTest: Record<string, Record<string, number>> };
const stryker = () => (globalThis as { __stryker__?: StrykerNamespace }).__stryker__;

const coverageDir = join(tmpdir(), `tfkey-stryker-coverage-${process.pid}`);
const preload = pathToFileURL(join(root, 'test/fixtures/stryker-child-coverage.mjs')).href;

/**
 * How to start the tfkey command: the bin, which runs the built CLI. Under mutation testing, dist/ is built once from
 * the sandbox's instrumented sources, and each child is told which mutant is active: in a child process, Stryker's
 * in-process switch cannot reach the CLI. In Stryker's coverage run, each child also reports the mutants it
 * reached, for the test that started it (see childCoverage below).
 */
export function cliInvocation(): { args: string[]; env: Record<string, string>; module: string } {
  const ns = stryker();
  const env: Record<string, string> = {};
  if (ns?.activeMutant !== undefined) env.__STRYKER_ACTIVE_MUTANT__ = String(ns.activeMutant);
  if (ns?.currentTestId !== undefined) {
    mkdirSync(coverageDir, { recursive: true });
    Object.assign(env, {
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${preload}`.trim(),
      TFKEY_STRYKER_COVERAGE_FILE: join(coverageDir, `${randomUUID()}.json`),
      TFKEY_STRYKER_TEST_ID: ns.currentTestId,
    });
  }
  return { args: [bin], env, module: distCli };
}

/**
 * Adds what the children reported to Stryker's per-test coverage, as if the test had reached those mutants itself
 * (it did, through its child). Called by the CLI mutation run's setup file after each test; a no-op elsewhere.
 */
export function childCoverage(): void {
  const ns = stryker();
  if (!ns || !existsSync(coverageDir)) return;
  const into = (ns.mutantCoverage ??= { static: {}, perTest: {} });
  for (const name of readdirSync(coverageDir)) {
    const file = join(coverageDir, name);
    const { testId, coverage } = JSON.parse(readFileSync(file, 'utf8')) as { testId: string; coverage: MutantCoverage };
    rmSync(file);
    const test = (into.perTest[testId] ??= {});
    for (const hits of [coverage.static, ...Object.values(coverage.perTest)]) {
      for (const [mutant, n] of Object.entries(hits ?? {})) test[mutant] = (test[mutant] ?? 0) + n;
    }
  }
}
