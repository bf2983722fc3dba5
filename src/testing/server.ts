// The fake over real HTTP on loopback, for code that cannot inject a fetch (another process, curl, another
// language's SDK): each request is turned into a WHATWG Request, answered by the pipeline, and written back.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DroppedConnection } from './fake-graph.js';

export interface Listening {
  url: string;
  close(): Promise<void>;
}

async function toRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const body = chunks.length && req.method !== 'GET' && req.method !== 'HEAD' ? Buffer.concat(chunks) : undefined;
  return new Request(`${origin}${req.url}`, { method: req.method, headers, body, signal });
}

export async function listenOn(handle: (request: Request, base: string) => Promise<Response>, basePath: string, port = 0, host = '127.0.0.1'): Promise<Listening> {
  // Stryker disable next-line StringLiteral: set once the port is known, before the first request can arrive.
  let base = '';
  const server: Server = createServer(async (req, res) => {
    const ac = new AbortController();
    res.on('close', () => ac.abort());
    try {
      const response = await handle(await toRequest(req, base.slice(0, base.length - basePath.length), ac.signal), base);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (e) {
      // A scripted network error, or the client went away: the connection ends without an answer.
      if (!(e instanceof DroppedConnection) && !ac.signal.aborted) res.writeHead(500).end(String(e));
      else res.socket?.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const { port: bound } = server.address() as AddressInfo;
  base = `http://${host.includes(':') ? `[${host}]` : host}:${bound}${basePath}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
