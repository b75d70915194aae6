import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';

/** How the test server's handshake answers a token. */
export type HandshakeRule = (token: unknown, index: number) => 'ok' | 'unauthorized' | 'status401';

/**
 * A real socket.io 4 server on 127.0.0.1 (port 0), on a node:http server that also answers
 * `POST /auth/refresh` with `refreshAnswer` (a token, or a status). Every handshake's token is
 * recorded; `rule` decides whether it is accepted.
 */
export async function startSocketIoServer(options: {
  rule?: HandshakeRule;
  refreshAnswer?: () => { token: string } | { status: number };
  onConnection?(socket: ServerSocket, index: number): void;
}) {
  const state = { handshakes: [] as unknown[], refreshCalls: 0, connections: 0 };
  const http = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/auth/refresh') {
      state.refreshCalls += 1;
      const answer = options.refreshAnswer?.() ?? { status: 401 };
      if ('status' in answer) {
        res.writeHead(answer.status).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ accessToken: answer.token }));
      return;
    }
    res.writeHead(404).end();
  });
  const io = new Server(http, { cors: { origin: '*' } });
  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    state.handshakes.push(token);
    const verdict = options.rule?.(token, state.handshakes.length - 1) ?? 'ok';
    if (verdict === 'ok') return next();
    const error = new Error(
      verdict === 'unauthorized' ? 'Unauthorized' : 'token expired',
    ) as Error & {
      data?: unknown;
    };
    if (verdict === 'status401') error.data = { status: 401 };
    next(error);
  });
  io.on('connection', (socket) => {
    state.connections += 1;
    options.onConnection?.(socket, state.connections - 1);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    io,
    state,
    /** Drop every client's transport (the clients see 'transport close' and reconnect). */
    dropAll() {
      for (const socket of io.sockets.sockets.values()) socket.conn.close();
    },
    async close() {
      io.disconnectSockets(true);
      await io.close();
      http.closeAllConnections();
    },
  };
}
