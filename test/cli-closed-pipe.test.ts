// `tfkey … | head -1`: a reader that closes the pipe early. The command ends quietly — no unhandled EPIPE and its
// stack trace — with its own exit code. A process: only a real pipe closes like this.
import { spawn } from 'node:child_process';
import { beforeAll, expect, it } from 'vitest';
import { root } from '../scripts/lib/spec.js';
import { cliInvocation, ensureBuilt } from './helpers/dist.js';

beforeAll(() => ensureBuilt());

function withClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const cli = cliInvocation();
  const child = spawn(process.execPath, [...cli.args, ...args], { cwd: root, env: { ...process.env, ...cli.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  // The reader is gone before the command writes anything.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr })));
}

it.each([
  { name: 'list', args: ['--mock', 'list'], code: 0 },
  { name: '--help', args: ['--help'], code: 0 },
  { name: 'a refusal', args: ['--mock', 'set-status', 'B2C_1A_TokenSigningKeyContainer', 'aTREvwojOB9ph3fr2r6eTf_5eD5fmQsfsapVMwYI3o', 'disabled'], code: 1 },
])('$name into a closed pipe: exit $code, no EPIPE', async ({ args, code }) => {
  const r = await withClosedStdout(args);
  expect(r.stderr).not.toMatch(/EPIPE|Unhandled 'error' event/);
  expect(r.code).toBe(code);
});
