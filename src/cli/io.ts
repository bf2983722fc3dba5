// Everything tfkey takes from the process it runs in, as one object: `run(argv, io)` is the whole program, and
// bin/tfkey.cjs only binds it to `process`. Tests hand in their own streams, environment, fetch and clock, and call
// `run` in-process: milliseconds a test instead of a node start-up.
import type { FetchLike } from '../index.js';
import type { FakeGraph } from '../testing/index.js';
import type { IdentityModule } from './azure-identity.js';
import { nodeFetch } from './http.js';

/** Where text goes: process.stdout and process.stderr fit, and so does a test's `{ write(s) { text += s } }`. */
export interface CliOutput {
  write(chunk: string): unknown;
  /** True on a terminal: apply draws its progress bar only there. */
  isTTY?: boolean;
  /** A terminal's width, for the help. */
  columns?: number;
}

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  /** Standard input, read whole (plan --input -). Default: nothing. */
  stdin?: () => Promise<string>;
  /** The environment: GRAPH_TOKEN, HTTP(S)_PROXY, NO_PROXY. Nothing else is read from the process's. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The network, when no proxy applies. Default: the global fetch, looked up at every call; a process: node:http. */
  fetch?: FetchLike;
  /** The clock of the guard and of list's active key, ms. Default: Date.now. */
  now?: () => number;
  /** The folder relative file names (plan --out, apply's plan) are read from. Default: the process's. */
  cwd?: string;
  /** Resolves when the user asks `tfkey mock` to stop (Ctrl-C, SIGTERM). Asked for before the URL is printed. */
  stopRequested?: () => Promise<void>;
  /** The fake `--mock` runs against, asked for once per run. Default: a new one for each run; hand out one fake to share its state between runs. */
  mockGraph?: () => FakeGraph | Promise<FakeGraph>;
  /** @azure/identity, loaded when a request needs a token and none was given. Default: the installed package. */
  azureIdentity?: () => Promise<IdentityModule>;
}

/**
 * A process stream that a closed pipe (`tfkey list | head -1`) silences instead of crashing the command with an
 * unhandled EPIPE: the command goes on (an apply finishes its work and its journal), and what it writes there after
 * is dropped. The stream itself is handed on, so a progress bar still has its cursor controls.
 */
function pipeSafe(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
  });
  return stream;
}

/** The io of a real process: its streams, environment and signals. */
export function processIo(): CliIo {
  return {
    stdout: pipeSafe(process.stdout),
    stderr: pipeSafe(process.stderr),
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    // node:http rather than Node's fetch: the first request of a process costs 27 ms instead of 260 (http.ts).
    fetch: nodeFetch(),
    stopRequested: () =>
      new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
  };
}
