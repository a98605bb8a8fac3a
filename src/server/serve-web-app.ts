import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { userError } from '../core/diagnostic.js';
import type { WebAppHandler } from './web-app.js';

/** A running standalone server. */
export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** Serves a web app handler on its own node:http server (127.0.0.1 unless told otherwise; port 0 picks a free one). */
export async function serveWebApp(handler: WebAppHandler, options: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    handler(req, res)
      .then((handled) => {
        if (!handled && !res.headersSent) {
          res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('Not found');
        }
      })
      .catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(error instanceof Error ? error.message : 'Internal error');
      });
  });
  const wanted = options.port ?? 8080;
  await new Promise<void>((resolve, reject) => {
    // A port another process holds (or one below 1024 without rights) is the user's to change, not a crash.
    const failed = (error: NodeJS.ErrnoException): void => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
        const why = error.code === 'EADDRINUSE' ? 'is already in use (another Reelhouse server, or another program)' : 'may not be opened by this user';
        reject(userError('port-unavailable', `Cannot listen on ${host}:${wanted}: the port ${why}.`, undefined, 'Stop the other process, or pass --port with another port (0 picks a free one).'));
      } else reject(error);
    };
    server.once('error', failed);
    server.listen(wanted, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}`,
    port,
    server,
    close: async () => {
      handler.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
