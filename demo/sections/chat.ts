import * as z from 'zod';
import { createSocket } from '../../src/realtime';
import { http } from '../../src/request';
import { $, clock, describe, h, status } from '../dom';

/** One chat message, both ways: `emitWithAck('chat', message)` and `on('chat', (message) => …)`. */
const chatMessage = z.object({ from: z.string(), text: z.string().trim().min(1).max(500) });
/** The server's receipt of a chat message: its number on this connection and when it arrived. */
const receipt = z.object({
  id: z.number().int(),
  at: z.iso.datetime().transform((s) => new Date(s)),
});

/** The socket's URL: the API's base URL (`/api` or VITE_API_BASE_URL) with a ws: scheme. */
function socketUrl(): string {
  const url = new URL(`${http.defaults.baseURL ?? '/api'}/socket`, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

/**
 * A chat echo over `createSocket`: messages are `{ name, data: [...args] }` on the wire, checked
 * by the zod schema of their event both ways; the socket reconnects by itself and keeps what
 * was emitted while it was down. A heartbeat (ping/pong) finds a dead connection. Each message is
 * sent with `emitWithAck`: the server's receipt (`{ ack, data: [{ id, at }] }`, zod-checked) marks
 * it delivered, and a message that gets none says why (timeout, dropped, closed).
 */
export function mountChat() {
  const list = $('#chat-list');
  const form = $<HTMLFormElement>('#chat-form');
  const statusLine = $('#chat-status');

  const socket = createSocket(socketUrl, {
    events: { chat: z.tuple([chatMessage]) },
    acks: { chat: z.tuple([receipt]) },
    ackTimeout: 5_000,
    heartbeat: { interval: 20_000, timeout: 5_000 },
    onOpen: () => status(statusLine, 'Connected', 'ok'),
    onClose: ({ reconnecting }) => status(statusLine, reconnecting ? 'Reconnecting…' : 'Closed'),
    onError: (error) => status(statusLine, describe(error), 'bad'),
  });

  function show(from: string, text: string): HTMLLIElement {
    const item = h(
      'li',
      { className: from === 'you' ? 'me' : '' },
      h('time', {}, clock()),
      `${from}: ${text}`,
    );
    list.append(item);
    list.scrollTop = list.scrollHeight;
    return item;
  }

  socket.on('chat', (message) => show(message.from, message.text));
  // Leaving the page ends the socket with a normal close rather than a dropped connection.
  addEventListener('pagehide', () => socket.close());

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $<HTMLInputElement>('input[name=text]', form);
    const text = input.value.trim();
    if (!text) return;
    const item = show('you', text);
    input.value = '';
    socket.emitWithAck('chat', { from: 'you', text }).then(
      ({ id, at }) => {
        item.append(h('span', { className: 'ack' }, ` ✓ #${id}`));
        item.title = `Received by the server at ${at.toLocaleTimeString()}`;
      },
      (error: unknown) => {
        item.append(h('span', { className: 'ack bad' }, ` ✗ ${describe(error)}`));
      },
    );
  });
}
