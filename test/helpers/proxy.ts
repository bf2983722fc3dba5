// A real forward proxy on 127.0.0.1 for tests: it tunnels CONNECT and forwards absolute-form requests, and records
// what it carried (and the Proxy-Authorization it was shown), so a test can tell whether a request went through it.
import { createServer, request as httpRequest } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

export interface ForwardProxy {
  url: string;
  /** "CONNECT host:port" or "GET http://host:port/path", one line per request carried. */
  seen: string[];
  /** Proxy-Authorization values presented. */
  auth: (string | undefined)[];
  close(): Promise<void>;
}

export async function startForwardProxy(): Promise<ForwardProxy> {
  const seen: string[] = [];
  const auth: (string | undefined)[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    auth.push(req.headers['proxy-authorization']);
    const target = new URL(req.url!);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode!, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  // A tunnel's socket leaves the server's books (closeAllConnections does not see it): kept here, to end on close.
  const tunnels = new Set<Duplex>();
  server.on('connect', (req, socket, head) => {
    tunnels.add(socket);
    socket.once('close', () => tunnels.delete(socket));
    seen.push(`CONNECT ${req.url}`);
    auth.push(req.headers['proxy-authorization']);
    const [host, port] = req.url!.split(':');
    const upstream = connect(Number(port), host!, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    auth,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        // Else close waits for the client to drop an idle tunnel: undici's ProxyAgent tunnels plain http too, and
        // kept it for 3 s.
        for (const socket of tunnels) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
