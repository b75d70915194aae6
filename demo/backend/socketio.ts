import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Sessions } from './sessions';

/** Where socket.io listens: under `/api`, so the page's `/api` proxy (WebSocket included) reaches it. */
export const SOCKET_IO_PATH = '/api/socket.io';

/**
 * The seed's socket.io server, on the demo's own http server: `time` pushed every second, and an
 * `aaa` handler that acknowledges its arguments (`sock.emit('aaa', 12, 5, 8)` gets `[12, 5, 8]`).
 * The handshake checks the access token (`auth: { token }`) and refuses a missing, expired or
 * revoked one with `unauthorized` (`data.status` 401); a live connection whose token has expired
 * is dropped at its next tick, so the client's refresh-and-reconnect shows every token lifetime.
 */
export function attachSocketIo(
  http: HttpServer,
  sessions: Sessions,
  log: (line: string) => void,
  tickMs = 1000,
) {
  // destroyUpgrade off: the demo's own WebSocket (/api/socket) shares the server's upgrades.
  const io = new Server(http, { path: SOCKET_IO_PATH, serveClient: false, destroyUpgrade: false });

  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    const verdict = typeof token === 'string' ? sessions.verify(token) : 'missing';
    if (typeof verdict === 'object') {
      socket.data.token = token;
      next();
      return;
    }
    log(`socket.io handshake refused (${verdict} token)`);
    next(Object.assign(new Error('unauthorized'), { data: { status: 401, reason: verdict } }));
  });

  io.on('connection', (socket) => {
    log('socket.io connected');
    const timer = setInterval(() => {
      if (typeof sessions.verify(socket.data.token) !== 'object') {
        log('socket.io token expired: connection dropped');
        socket.conn.close();
        return;
      }
      socket.emit('time', Date.now());
    }, tickMs);
    socket.on('aaa', (...args: unknown[]) => {
      const ack = args.pop();
      log(`socket.io aaa(${args.map((arg) => JSON.stringify(arg)).join(', ')})`);
      if (typeof ack === 'function') ack(args);
    });
    socket.on('disconnect', () => clearInterval(timer));
  });

  return {
    /** Open connections (a handshake still polling counts too). */
    connections(): number {
      return io.engine.clientsCount;
    },
    close() {
      io.disconnectSockets(true);
      void io.close();
    },
  };
}
