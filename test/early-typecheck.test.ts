// npm test's type check starts with the run (test/helpers/early-typecheck.setup.ts) and vitest's checker, started
// after the last file, replays its result (test/helpers/typecheck-checker.mjs): driven here on a one-file project.
// The checker runs in-process here, but once as the process vitest starts; tsc is the real one.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import setup, { reportingArgs, startEarlyTypecheck, vitestCheckArgs, type CheckResult } from './helpers/early-typecheck.setup.js';
import { check } from './helpers/typecheck-checker.mjs';

const checker = fileURLToPath(new URL('./helpers/typecheck-checker.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tfkey-early-typecheck-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const project = join(dir, 'tsconfig.json');
const buildInfo = join(dir, 'state.tsbuildinfo');
const BROKEN = 'export const x: string = 1;\n';
const ERROR = /^a\.ts\(1,14\): error TS2322: Type 'number' is not assignable to type 'string'\./m;

beforeEach(() => {
  writeFileSync(project, JSON.stringify({ compilerOptions: { strict: true, lib: ['es5'], types: [] }, files: ['a.ts'] }));
  writeFileSync(join(dir, 'a.ts'), BROKEN);
  rmSync(buildInfo, { force: true });
});

/** The checker as vitest starts it: in the project's folder, with vitest's options. */
function runChecker(args: string[], env: Record<string, string> = {}): Promise<CheckResult> {
  return new Promise((done) => {
    const child = spawn(checker, args, { cwd: dir, env: { ...process.env, TFK_EARLY_TYPECHECK: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => done({ status: status ?? -1, stdout, stderr }));
  });
}
/** The same check in-process: what it printed and its exit code. */
async function checkHere(args: string[], env: Record<string, string> = {}): Promise<CheckResult> {
  let stdout = '';
  let stderr = '';
  const status = await check(args, { cwd: dir, env: { ...process.env, TFK_EARLY_TYPECHECK: '', ...env }, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { status, stdout, stderr };
}
const vitestArgs = ['--noEmit', '--pretty', 'false', '--incremental', '--tsBuildInfoFile', buildInfo, '-p', project];

describe('the early type check', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  it('is what vitest’s checker reports: the result it already has, without running tsc again', async () => {
    const early = await startEarlyTypecheck(dir, ['--noEmit', '--pretty', 'false', '-p', project]);
    stop = early.stop;
    const result = await early.result;
    expect(result.stdout).toMatch(ERROR);
    expect(result.status).not.toBe(0);
    // Mended after the early check: a checker that ran tsc now would find nothing, and would write its state.
    writeFileSync(join(dir, 'a.ts'), "export const x: string = '1';\n");
    const replayed = await checkHere(vitestArgs, { TFK_EARLY_TYPECHECK: early.url });
    expect(replayed).toEqual(result);
    expect(existsSync(buildInfo)).toBe(false);
  });

  it('asked for another check, the checker runs tsc itself', async () => {
    const early = await startEarlyTypecheck(dir, ['--noEmit', '--pretty', 'false', '-p', project]);
    stop = early.stop;
    await early.result;
    writeFileSync(join(dir, 'a.ts'), "export const x: string = '1';\n");
    const own = await checkHere([...vitestArgs, '--noImplicitReturns'], { TFK_EARLY_TYPECHECK: early.url });
    expect(own).toMatchObject({ status: 0, stdout: '' });
    expect(existsSync(buildInfo)).toBe(true);
  });

  it('that could not run is no answer: the checker runs tsc itself', async () => {
    const early = await startEarlyTypecheck(join(dir, 'no-such-folder'), ['--noEmit', '--pretty', 'false', '-p', project]);
    stop = early.stop;
    await expect(early.result).rejects.toThrow();
    const own = await checkHere(vitestArgs, { TFK_EARLY_TYPECHECK: early.url });
    expect(own.stdout).toMatch(ERROR);
    expect(own.status).not.toBe(0);
    expect(existsSync(buildInfo)).toBe(true);
  });

  it('with none, the checker runs tsc itself and passes on its output and exit code (as the process vitest starts)', async () => {
    const own = await runChecker(vitestArgs);
    expect(own.stdout).toMatch(ERROR);
    expect(own.status).not.toBe(0);
    writeFileSync(join(dir, 'a.ts'), "export const x: string = '1';\n");
    expect(await checkHere(vitestArgs)).toMatchObject({ status: 0, stdout: '' });
  });

  it('is stopped with the run when it has not finished', async () => {
    // A project that takes tsc a while: ten thousand declarations.
    writeFileSync(join(dir, 'a.ts'), Array.from({ length: 10_000 }, (_, i) => `export const x${i}: string = '${i}';`).join('\n'));
    const early = await startEarlyTypecheck(dir, ['--noEmit', '--pretty', 'false', '-p', project]);
    await early.stop();
    await expect(early.result).rejects.toThrow(/ended by SIGKILL/);
  });
});

describe('the options', () => {
  it('that decide what tsc reports leave out where vitest keeps tsc’s state', () => {
    expect(reportingArgs(vitestArgs)).toEqual(['--noEmit', '--pretty', 'false', '-p', project]);
    expect(reportingArgs(['-p', 'x', '--incremental'])).toEqual(['-p', 'x']);
  });

  it('are the ones vitest starts its checker with', () => {
    expect(vitestCheckArgs({ root: dir, typecheck: { tsconfig: './tsconfig.json' } })).toEqual(['--noEmit', '--pretty', 'false', '-p', project]);
    expect(vitestCheckArgs({ root: dir, typecheck: { allowJs: true } })).toEqual(['--noEmit', '--pretty', 'false', '--allowJs', '--checkJs']);
  });
});

describe('the global setup', () => {
  const config = (enabled: boolean, watch = false) => ({ config: { root: dir, watch, typecheck: { enabled, tsconfig: './tsconfig.json' } } }) as unknown as Parameters<typeof setup>[0];

  it('starts nothing in a run without type tests, or in watch mode (where vitest’s checker watches)', async () => {
    expect(await setup(config(false))).toBeUndefined();
    expect(await setup(config(true, true))).toBeUndefined();
  });

  it('tells the checker where to ask, for the run, and forgets it after', async () => {
    const before = process.env.TFK_EARLY_TYPECHECK;
    const teardown = await setup(config(true));
    const url = process.env.TFK_EARLY_TYPECHECK;
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const replayed = await checkHere(vitestArgs, { TFK_EARLY_TYPECHECK: url! });
      expect(replayed.stdout).toMatch(ERROR);
    } finally {
      await teardown?.();
    }
    expect(process.env.TFK_EARLY_TYPECHECK).toBe(before);
    expect(existsSync(buildInfo)).toBe(false);
  });
});
