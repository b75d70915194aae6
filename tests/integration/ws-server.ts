import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket as WsSocket } from 'ws';

/** One connection the server accepted. */
export interface Connection {
  socket: WsSocket;
  /** The request path and query of the upgrade (`/ws?token=…`). */
  url: string;
  /** Every text frame received, in order. */
  received: string[];
  closed: Promise<{ code: number }>;
}

/** How a test server behaves. */
export interface WsServerOptions {
  /** Called with each accepted connection and its index. */
  onConnection?(connection: Connection, index: number): void;
  /** Refuse an upgrade (answered 503) while this returns true; every try is counted. */
  refuse?(url: string): boolean;
  /** Plain HTTP requests on the same port (e.g. `POST /auth/refresh`); 404 without it. */
  onRequest?(req: IncomingMessage, res: ServerResponse): void;
}

/**
 * A real `ws` server on a `node:http` server at 127.0.0.1, port 0. It records every connection
 * and every upgrade tried (accepted or not).
 */
export async function startWsServer(
  options: WsServerOptions | ((c: Connection, index: number) => void) = {},
) {
  const settings = typeof options === 'function' ? { onConnection: options } : options;
  const http = createServer((req, res) => {
    if (settings.onRequest) settings.onRequest(req, res);
    else res.writeHead(404).end();
  });
  const attempts: string[] = [];
  const wss = new WebSocketServer({
    server: http,
    verifyClient: (info, done) => {
      attempts.push(info.req.url ?? '');
      if (settings.refuse?.(info.req.url ?? '')) done(false, 503);
      else done(true);
    },
  });
  const connections: Connection[] = [];
  wss.on('connection', (socket, req) => {
    const received: string[] = [];
    const closed = new Promise<{ code: number }>((resolve) =>
      socket.once('close', (code) => resolve({ code })),
    );
    const connection = { socket, url: req.url ?? '', received, closed };
    socket.on('message', (data, isBinary) => {
      if (!isBinary) received.push(String(data));
    });
    connections.push(connection);
    settings.onConnection?.(connection, connections.length - 1);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    baseURL: `http://127.0.0.1:${port}`,
    connections,
    attempts,
    /** Drop every open connection without a closing handshake (the clients see 1006). */
    dropAll() {
      for (const client of wss.clients) client.terminate();
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/**
 * Answer the kit's acks: every `{ name, data, ack }` frame whose name `reply` knows is answered
 * with `{ ack, data: reply(...data) }`; `reply` returning `undefined` leaves it unanswered.
 */
export function answerAcks(
  connection: Connection,
  reply: (name: string, data: unknown[]) => unknown[] | undefined,
): void {
  connection.socket.on('message', (raw, isBinary) => {
    if (isBinary) return;
    const frame = JSON.parse(String(raw)) as { name: string; data: unknown[]; ack?: number };
    if (frame.ack === undefined) return;
    const data = reply(frame.name, frame.data);
    if (data !== undefined) connection.socket.send(JSON.stringify({ ack: frame.ack, data }));
  });
}
