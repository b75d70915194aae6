import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

/** A message on the wire, both ways: `{ name, data: [...args] }`, as the kit's `createSocket` speaks. */
interface Message {
  name: string;
  data: unknown[];
  /** Set when the sender waits for an acknowledgement (`emitWithAck`): answered `{ ack, data }`. */
  ack?: number;
}

function parse(raw: string): Message | undefined {
  try {
    const value = JSON.parse(raw) as Partial<Message>;
    if (typeof value.name === 'string' && Array.isArray(value.data)) return value as Message;
  } catch {
    // Not JSON: ignored below, like any message of an unknown shape.
  }
  return undefined;
}

/**
 * The chat echo: `chat({ from, text })` comes back to the sender as
 * `chat({ from: 'server', text: 'echo: …' })`; sent with `emitWithAck`, it is also acknowledged
 * with `{ ack, data: [{ id, at }] }` (the message's number on this connection and when it arrived).
 * `ping` is answered with `pong` (the kit's heartbeat). Returns the upgrade handler and a closer.
 */
export function createChatSocket(log: (line: string) => void) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  wss.on('connection', (ws: WebSocket) => {
    const send = (name: string, ...data: unknown[]) => ws.send(JSON.stringify({ name, data }));
    let received = 0;
    send('chat', { from: 'server', text: 'Connected. Say something!' });
    ws.on('message', (raw) => {
      const message = parse(String(raw));
      if (!message) return;
      if (message.name === 'ping') return send('pong');
      if (message.name === 'chat') {
        // `{ from, text }` from the page; a bare string is accepted too (handy from a console).
        const first = message.data[0];
        const said =
          typeof first === 'object' && first !== null ? (first as { text?: unknown }).text : first;
        const text = String(said ?? '').slice(0, 480);
        log(`WS chat "${text}"`);
        send('chat', { from: 'server', text: `echo: ${text}` });
        received += 1;
        if (Number.isSafeInteger(message.ack) && (message.ack as number) > 0) {
          ws.send(
            JSON.stringify({
              ack: message.ack,
              data: [{ id: received, at: new Date().toISOString() }],
            }),
          );
        }
      }
    });
  });

  return {
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    /** Open connections. */
    connections(): number {
      return wss.clients.size;
    },
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
