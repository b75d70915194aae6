import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

/** A node:http server on 127.0.0.1 that can be closed and started again on the same port. */
export interface TestServer {
  readonly baseURL: string;
  readonly port: number;
  /** Drop every connection (held requests included) and stop listening. */
  close(): Promise<void>;
  /** Listen again on the same port. */
  restart(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const make = () =>
    createServer((req, res) => handler(req, res, new URL(req.url ?? '/', 'http://127.0.0.1')));
  let server = make();
  const port = await listen(server, 0);
  let closed = false;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    port,
    async close() {
      if (closed) return;
      closed = true;
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await done;
    },
    async restart() {
      server = make();
      await listen(server, port);
      closed = false;
    },
  };
}

/** Wait (really) until `check()` holds, polling every 10 ms; fails after `ms`. */
export async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
