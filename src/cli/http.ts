// The CLI's network: a FetchLike on node:http and node:https. A process's first request through Node's fetch costs
// about 260 ms here (its HTTP parser is WebAssembly, compiled on first use), which every command that talks to Graph
// paid once per run; node:http's parser is native (+27 ms). Behind a proxy the CLI uses undici instead (fetch.ts).
// Only what the client reads is implemented: status, headers, the body as text, and cancelling it.
import type { IncomingMessage } from 'node:http';
import type { FetchLike, ResponseLike } from '../index.js';

// node:http by getBuiltinModule, not by `import`: from Node 22 on, an ES module import of node:http reads all its
// exports, and three of them (WebSocket, CloseEvent, MessageEvent) are undici's, compiled for the occasion: about
// 40 ms of every start.
const { Agent: HttpAgent, request: httpRequest } = process.getBuiltinModule('node:http');

/** A Node fetch failure has this shape (TypeError "fetch failed" with the socket error as cause); the client reads the cause. */
const failed = (cause: unknown) => new TypeError('fetch failed', { cause });

function toResponse(res: IncomingMessage): ResponseLike {
  const value = (v: string | string[] | undefined) => (v === undefined ? null : Array.isArray(v) ? v.join(', ') : v);
  let text: Promise<string> | undefined;
  return {
    status: res.statusCode ?? 0,
    statusText: res.statusMessage ?? '',
    headers: {
      get: (name) => value(res.headers[name.toLowerCase()]),
      forEach(callback) {
        for (const [key, v] of Object.entries(res.headers)) if (v !== undefined) callback(value(v)!, key);
      },
    },
    text: () =>
      (text ??= new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.once('error', (e) => reject(failed(e)));
        res.once('aborted', () => reject(failed(new Error('the connection closed before the body ended'))));
      })),
    body: {
      async cancel() {
        res.destroy();
      },
    },
  };
}

/**
 * A fetch for the CLI on node:http(s), with keep-alive agents of its own (idle sockets never hold the process).
 * node:https (TLS and its crypto) is loaded with the first https URL, not before: a plain-http run never pays for it.
 */
export function nodeFetch(): FetchLike {
  const http = { agent: new HttpAgent({ keepAlive: true }), request: httpRequest };
  let https: typeof http | undefined;
  // By getBuiltinModule too: an import() would start the ES module loader in the CommonJS CLI (about 12 ms).
  const secure = () => {
    const m = process.getBuiltinModule('node:https');
    return { agent: new m.Agent({ keepAlive: true }), request: m.request };
  };
  const via = (protocol: string) => (protocol === 'http:' ? http : protocol === 'https:' ? (https ??= secure()) : undefined);
  return async (url, init) => {
    const target = new URL(url);
    const transport = via(target.protocol);
    if (!transport) throw failed(new Error(`unsupported protocol ${target.protocol}`));
    return new Promise<ResponseLike>((resolve, reject) => {
      const req = transport.request(target, { method: init.method, headers: init.headers, agent: transport.agent, signal: init.signal as AbortSignal }, (res) => resolve(toResponse(res)));
      req.once('error', (e) => reject(init.signal.aborted ? init.signal.reason : failed(e)));
      req.end(init.body);
    });
  };
}
