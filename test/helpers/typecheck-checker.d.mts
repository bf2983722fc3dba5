// The types of typecheck-checker.mjs, for its tests.
import type { ChildProcess } from 'node:child_process';

export interface CheckIo {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  started?: (tsc: ChildProcess) => void;
}

export declare function check(args: string[], io?: CheckIo): Promise<number>;
