import * as z from 'zod';
import { createSocket } from '../../src/realtime';
import { http } from '../../src/request';
import { $, clock, describe, h, status } from '../dom';

/** One chat message, both ways: `emit('chat', message)` and `on('chat', (message) => …)`. */
const chatMessage = z.object({ from: z.string(), text: z.string().trim().min(1).max(500) });

/** The socket's URL: the API's base URL (`/api` or VITE_API_BASE_URL) with a ws: scheme. */
function socketUrl(): string {
  const url = new URL(`${http.defaults.baseURL ?? '/api'}/socket`, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

/**
 * A chat echo over `createSocket`: messages are `{ name, data: [...args] }` on the wire, checked
 * by the zod schema of their event both ways; the socket reconnects by itself and keeps what
 * was emitted while it was down. A heartbeat (ping/pong) finds a dead connection.
 */
export function mountChat() {
  const list = $('#chat-list');
  const form = $<HTMLFormElement>('#chat-form');
  const statusLine = $('#chat-status');

  const socket = createSocket(socketUrl, {
    events: { chat: z.tuple([chatMessage]) },
    heartbeat: { interval: 20_000, timeout: 5_000 },
    onOpen: () => status(statusLine, 'Connected', 'ok'),
    onClose: ({ reconnecting }) => status(statusLine, reconnecting ? 'Reconnecting…' : 'Closed'),
    onError: (error) => status(statusLine, describe(error), 'bad'),
  });

  function show(from: string, text: string) {
    list.append(
      h(
        'li',
        { className: from === 'you' ? 'me' : '' },
        h('time', {}, clock()),
        `${from}: ${text}`,
      ),
    );
    list.scrollTop = list.scrollHeight;
  }

  socket.on('chat', (message) => show(message.from, message.text));
  // Leaving the page ends the socket with a normal close rather than a dropped connection.
  addEventListener('pagehide', () => socket.close());

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $<HTMLInputElement>('input[name=text]', form);
    const text = input.value.trim();
    if (!text) return;
    try {
      socket.emit('chat', { from: 'you', text });
      show('you', text);
      input.value = '';
    } catch (error) {
      status(statusLine, describe(error), 'bad');
    }
  });
}
