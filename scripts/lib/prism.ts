// Starts a real Prism (mock, or proxy to an upstream) on a free loopback port and always stops it: on stop(), on
// this process's exit, Ctrl-C or termination, and through prism-guard.mjs even when this process is SIGKILLed,
// so no run leaves a Prism behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { connect, createServer, type AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The spec, two levels up from scripts/lib/.
const specPath = fileURLToPath(new URL('../../spec/trustframework-keys-v2.yaml', import.meta.url));

export interface PrismServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** The process group Prism runs in (the guard's pid). */
  pgid: number;
  /** Everything Prism has printed so far. */
  logs(): string;
  stop(): Promise<void>;
}

export interface PrismOptions {
  mode?: 'mock' | 'proxy';
  /** For proxy mode: where real requests go. */
  upstream?: string;
  spec?: string;
  /** How long to wait for "Prism is listening". */
  startTimeoutMs?: number;
  /** Proxy mode: answer a contract violation with an error instead of passing it through. */
  errors?: boolean;
  /**
   * Fork the HTTP server from the CLI (Prism's -m), so that log formatting does not slow the answers (~20% under the
   * fuzz's load). It costs a second process: twice the start-up (about 4 s and 5 s of CPU against 2.3 s and 2.8 s).
   */
  forked?: boolean;
  /** The script to run instead of Prism's CLI; only the launcher's own tests use it. */
  bin?: string;
  /** The loopback port to listen on (default: one the system picks). */
  port?: number;
  /** Options for the node that runs Prism, before its script: V8 flags, for instance. */
  nodeOptions?: string[];
  /**
   * Log warnings and errors only (Prism's -v warn), not a line per request: a fifth less CPU per request. Prism
   * then prints no start line, so this needs `port`: it is ready once something listens there.
   */
  quiet?: boolean;
}

const running = new Set<ChildProcess>();

// Prism runs in its own process group; killing the group takes any child it forked with it.
function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => running.forEach((c) => killGroup(c, 'SIGKILL')));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      running.forEach((c) => killGroup(c, 'SIGKILL'));
      process.kill(process.pid, sig);
    });
  }
}

/** Prism's CLI script. Prism is a development tool, not a dependency of the package: say how to get it. */
function prismBin(): string {
  try {
    const pkg = createRequire(import.meta.url).resolve('@stoplight/prism-cli/package.json');
    return join(dirname(pkg), 'dist', 'index.js');
  } catch {
    throw new Error('the embedded mock needs Prism: npm install --save-dev @stoplight/prism-cli@5.14.2');
  }
}

/** Preloaded into Prism's CLI: faker's English build for the full one Prism loads (1 s of CPU less per start). */
export const FAKER_EN = fileURLToPath(new URL('./prism-faker-en.cjs', import.meta.url));

/**
 * The node options Prism's own CLI runs with: the caller's, and the preload of faker's English build, unless the
 * spec picks a faker locale for dynamic examples (x-json-schema-faker), which needs the full faker.
 */
export function prismNodeOptions(specText: string, nodeOptions: readonly string[] = []): string[] {
  return /^\s*x-json-schema-faker:/m.test(specText) ? [...nodeOptions] : [...nodeOptions, '--require', FAKER_EN];
}

/** A file's text, or '' when it cannot be read: Prism then says why itself, as it always has. */
function readableText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export async function startPrism(options: PrismOptions = {}): Promise<PrismServer> {
  const { mode = 'mock', spec = specPath, startTimeoutMs = 30_000 } = options;
  if (options.quiet && !options.port) throw new Error('startPrism: quiet needs a port (a quiet Prism does not say where it listens)');
  // With -m, both processes share the group that stop() kills.
  const args = [options.bin ?? prismBin(), mode, spec, '-h', '127.0.0.1', '-p', String(options.port ?? 0), '-v', options.quiet ? 'warn' : 'info', ...(options.forked ? ['-m'] : [])];
  if (mode === 'proxy') {
    if (!options.upstream) throw new Error('startPrism: proxy mode needs an upstream URL');
    args.splice(3, 0, options.upstream);
    if (options.errors) args.push('--errors');
  }
  hookExit();
  const guard = fileURLToPath(new URL('./prism-guard.mjs', import.meta.url));
  const nodeOptions = options.bin ? (options.nodeOptions ?? []) : prismNodeOptions(readableText(spec), options.nodeOptions);
  const child = spawn(process.execPath, [...nodeOptions, guard, ...args], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => running.delete(child));

  let stopping = false;
  exited.then(() => {
    // A Prism that dies on its own takes every later request down with ECONNREFUSED: say why, once, where it shows.
    if (!stopping) process.stderr.write(`Prism exited unexpectedly (code ${child.exitCode}, signal ${child.signalCode}). Its last output:\n${output.slice(-4000)}\n`);
  });

  const stop = async () => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    killGroup(child);
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`Prism did not start within ${startTimeoutMs} ms:\n${output}`)), startTimeoutMs);
    let settled = false;
    const onData = (chunk: Buffer) => {
      // Keep only the tail: a long fuzz run logs megabytes. Cut when twice that long, not at every chunk: Prism logs
      // each request, and copying and searching the whole tail for each took 0.7 s of a test run's CPU.
      output += chunk.toString();
      if (output.length > 2 * TAIL) output = output.slice(-TAIL);
      if (settled || options.quiet) return;
      const m = /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) done(undefined, m[1]);
    };
    // Quiet: ready once it accepts a connection; the poll ends with the start, however that ends.
    if (options.quiet) {
      void acceptsConnections('127.0.0.1', options.port!, () => settled).then((up) => up && done(undefined, `http://127.0.0.1:${options.port}`));
    }
    const onExit = () => done(new Error(`Prism exited before it was ready:\n${output}`));
    function done(err?: Error, found?: string) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.off('exit', onExit);
      if (err) stop().then(() => reject(err), () => reject(err));
      else resolve(found!);
    }
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
  });
  // Keep draining its output so it never blocks on a full pipe; remember it for diagnostics.
  return { url, pgid: child.pid!, logs: () => output.slice(-TAIL), stop };
}

/** How much of Prism's output is kept for diagnostics. */
const TAIL = 65_536;

/** A loopback port free now: for a server whose address must be known before it is up. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls host:port every 20 ms until a connection is accepted (true) or `giveUp()` says to stop (false).
 */
function acceptsConnections(hostname: string, port: number, giveUp: () => boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const attempt = () => {
      const socket = connect(port, hostname);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => {
        socket.destroy();
        if (giveUp()) resolve(false);
        else setTimeout(attempt, 20);
      });
    };
    attempt();
  });
}

const answering = new Map<string, Promise<void>>();

/**
 * Resolves once something listens at `url` (a Prism still starting), polling every 20 ms; rejects after
 * `withinMs`, naming the address. Remembered per address: a test file waits once.
 */
export function listening(url: string, withinMs = 60_000): Promise<void> {
  let ready = answering.get(url);
  if (!ready) {
    const { hostname, port } = new URL(url);
    const until = Date.now() + withinMs;
    ready = acceptsConnections(hostname, Number(port), () => Date.now() > until).then((up) => {
      if (!up) throw new Error(`nothing listens at ${url} after ${withinMs} ms: did Prism start? (its error is printed above)`);
    });
    answering.set(url, ready);
  }
  return ready;
}

/** The header by which the run's stand-in says its Prism did not start, and why. */
export const PRISM_FAILED_HEADER = 'x-tfkey-prism-failed';

/**
 * When the run's Prism did not start, a server in its place on its port answers every request 503 with the reason
 * (one line) in PRISM_FAILED_HEADER: each test against Prism then fails at once, saying why, rather than waiting
 * for Prism in vain. Resolves to the server, or undefined when the port is taken (then the tests wait and time out).
 */
export async function standInForFailedPrism(port: number, reason: string): Promise<Server | undefined> {
  const line = reason.replace(/\s+/g, ' ').trim().slice(0, 500);
  const server = createHttpServer((_req, res) => res.writeHead(503, { [PRISM_FAILED_HEADER]: line, 'content-type': 'text/plain', connection: 'close' }).end(`Prism did not start: ${line}\n`));
  return new Promise((resolve) => {
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/**
 * fetch() to the run's Prism: waits until it listens, and fails with the reason when its stand-in answers instead.
 * Contract tests send to Prism through this.
 */
export async function sendToPrism(baseUrl: string, input: string | URL | Request, init?: RequestInit): Promise<Response> {
  await listening(baseUrl);
  const res = await fetch(input, init);
  const failed = res.headers.get(PRISM_FAILED_HEADER);
  if (failed !== null) throw new Error(`Prism did not start: ${failed}`);
  return res;
}
