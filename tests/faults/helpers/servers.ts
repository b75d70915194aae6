import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** One request as it arrived at a loopback server. */
export interface Arrived {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  /** The raw request body (empty for none). */
  body: string;
}

/** Answers a request; the body has been read into `arrived.body` already. */
export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  arrived: Arrived,
) => void | Promise<void>;

/** A real node:http server on 127.0.0.1 that records every request and every open exchange. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  /** Every request that arrived, in order (survives a restart). */
  readonly arrived: Arrived[];
  /** Replace the handler. */
  handle(handler: Handler): void;
  /** Responses not yet finished (an exchange the client still holds open) plus open WebSockets. */
  openExchanges(): number;
  /** Open TCP connections (idle keep-alive sockets included). */
  openConnections(): number;
  /** A `ws` server on the same port (created on first use). */
  ws(): WebSocketServer;
  /** Kill every connection and stop listening; the port is kept for `start()`. */
  stop(): Promise<void>;
  /** Listen again on the same port. */
  start(): Promise<void>;
  /** Stop for good. */
  close(): Promise<void>;
}

const registry = new Set<LoopbackServer>();

// Captured at import: a test that installs fake timers still gets real waits from these helpers.
const realSetTimeout = globalThis.setTimeout;

/** Every server started and not yet closed: the oracle checks and closes them. */
export function liveServers(): ReadonlySet<LoopbackServer> {
  return registry;
}

/** Read a request body to a string (bounded by what the test sends). */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    // A client that aborts mid-body: what arrived is what we record.
    req.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/**
 * Start a loopback server. Every server is registered with the oracle, which asserts after each
 * test that no exchange is left open and then closes it.
 */
export async function startServer(
  handler: Handler = notFound,
  options: { record?: boolean } = {},
): Promise<LoopbackServer> {
  // A soak sends tens of thousands of requests: keeping them all would be the test's own leak.
  const record = options.record ?? true;
  let current = handler;
  const arrived: Arrived[] = [];
  const sockets = new Set<Socket>();
  const open = new Set<ServerResponse>();
  const wsClients = new Set<WebSocket>();
  let wss: WebSocketServer | undefined;
  let port = 0;

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    const body = await readBody(req);
    const entry: Arrived = {
      method: req.method ?? 'GET',
      url: req.url ?? '',
      headers: req.headers,
      body,
    };
    if (record) arrived.push(entry);
    try {
      await current(req, res, entry);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  };

  const make = (): Server => {
    const server = createServer((req, res) => void onRequest(req, res));
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    return server;
  };
  let server = make();

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });

  const stop = async () => {
    for (const client of wsClients) client.terminate();
    for (const socket of sockets) socket.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  const attachWs = () => {
    if (!wss) return;
    server.on('upgrade', (req, socket, head) => {
      wss?.handleUpgrade(req, socket as Socket, head, (client) => {
        wsClients.add(client);
        client.on('close', () => wsClients.delete(client));
        wss?.emit('connection', client, req);
      });
    });
  };

  await listen();
  const self: LoopbackServer = {
    get origin() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    arrived,
    handle(next) {
      current = next;
    },
    openExchanges: () => open.size + wsClients.size,
    openConnections: () => sockets.size,
    ws() {
      if (!wss) {
        wss = new WebSocketServer({ noServer: true });
        attachWs();
      }
      return wss;
    },
    stop,
    async start() {
      server = make();
      attachWs();
      await listen();
    },
    async close() {
      registry.delete(self);
      await stop();
      wss?.close();
    },
  };
  registry.add(self);
  return self;
}

/** The default handler: 404 with a small JSON body. */
export function notFound(_req: IncomingMessage, res: ServerResponse): void {
  json(res, 404, { message: 'not found' });
}

/** Answer with JSON. */
export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Answer with a raw body and content type. */
export function raw(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** A port nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Wait (bounded, real time) until `check()` holds; throws with `what` when it does not. */
export async function until(check: () => boolean, what: string, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => realSetTimeout(resolve, 5));
  }
}

/** A real-time pause, for a server-side schedule (never to hope something happened). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => realSetTimeout(resolve, ms));
}

/** A promise with its resolver, for a server to hold an answer until the test releases it. */
export function gate<T = void>(): { promise: Promise<T>; open(value: T): void } {
  let open: (value: T) => void = () => {};
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
