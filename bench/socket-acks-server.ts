// The socket benchmark's peer, in its own process (forked by bench/socket-acks.ts) so the clients
// under test never share an event loop with it: a `ws` server speaking the kit's frames and a
// socket.io 4 server, each answering `sum(a, b)` with `a + b` as an acknowledgement. It reports its
// two ports over IPC.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { WebSocketServer } from 'ws';

async function listen(server: ReturnType<typeof createServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const wsHttp = createServer();
const wss = new WebSocketServer({ server: wsHttp });
wss.on('connection', (socket) => {
  socket.on('message', (raw) => {
    const frame = JSON.parse(String(raw)) as { name: string; data: [number, number]; ack?: number };
    if (frame.ack !== undefined && frame.name === 'sum') {
      socket.send(JSON.stringify({ ack: frame.ack, data: [frame.data[0] + frame.data[1]] }));
    }
  });
});

const ioHttp = createServer();
const io = new Server(ioHttp, { serveClient: false, transports: ['websocket'] });
io.on('connection', (socket) => {
  socket.on('sum', (a: number, b: number, ack: (sum: number) => void) => ack(a + b));
});

const ports = { ws: await listen(wsHttp), io: await listen(ioHttp) };
process.send?.(ports);
process.on('SIGTERM', () => {
  for (const client of wss.clients) client.terminate();
  io.disconnectSockets(true);
  wsHttp.closeAllConnections();
  ioHttp.closeAllConnections();
  process.exit(0);
});
