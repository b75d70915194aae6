import { io } from 'socket.io-client';
import * as z from 'zod';
import { createSocketIo } from '../../src/realtime';
import { http } from '../../src/request';
import { logTo } from '../activity';
import { $, describe, status } from '../dom';
import { whileSignedIn } from '../session';

/** The seed's events: the server pushes `time`, the page emits `aaa(12, 5, 8)`. */
const events = {
  time: z.tuple([z.number()]),
  aaa: z.tuple([z.number(), z.number(), z.number()]),
};
/** `aaa` is acknowledged with its own arguments. */
const acks = { aaa: z.tuple([z.array(z.number())]) };

/** The API's origin, and socket.io's path under the API's base (`/api/socket.io`). */
function target(): { url: string; path: string } {
  const base = new URL(http.defaults.baseURL ?? '/api', location.href);
  return { url: base.origin, path: `${base.pathname.replace(/\/$/, '')}/socket.io` };
}

/**
 * The same `Socket` over a socket.io server (`createSocketIo`, with the app's own `io`): typed,
 * zod-checked events and acks, and the token of `http.session` in the handshake. The server
 * refuses an expired token and drops a connection whose token has expired, so each token
 * lifetime shows here as: dropped → handshake refused → one shared refresh → reconnected.
 */
export function mountSocketIo() {
  const clock = $('#sio-time');
  const statusLine = $('#sio-status');
  const log = $('#sio-log');
  const send = $<HTMLButtonElement>('#sio-aaa');
  let emitAaa: (() => void) | undefined;

  send.addEventListener('click', () => emitAaa?.());

  whileSignedIn(() => {
    status(statusLine, 'Connecting…');
    const { url, path } = target();
    let opens = 0;
    const socket = createSocketIo(url, {
      io,
      http,
      events,
      acks,
      ioOptions: { path },
      onOpen: () => {
        opens += 1;
        status(statusLine, opens > 1 ? `Reconnected (${opens - 1}×)` : 'Connected', 'ok');
        logTo(log, opens > 1 ? 'Reconnected with the current token.' : 'Connected.', 'ok');
      },
      onClose: ({ reason, reconnecting }) => {
        status(statusLine, reconnecting ? 'Reconnecting…' : 'Closed');
        logTo(log, `Disconnected (${reason})${reconnecting ? ', reconnecting' : ''}.`);
      },
      onError: (error) => {
        status(statusLine, describe(error), 'bad');
        logTo(log, describe(error), 'bad');
      },
    });
    const offToken = http.session.onChange((token) => {
      if (token)
        logTo(log, `Token changed (…${token.slice(-6)}): the next handshake sends it.`, 'refresh');
    });
    socket.on('time', (ts) => {
      clock.textContent = new Date(ts).toLocaleTimeString();
    });
    emitAaa = () => {
      socket.emitWithAck('aaa', 12, 5, 8).then(
        (reply) => logTo(log, `emitWithAck('aaa', 12, 5, 8) → ${JSON.stringify(reply)}`, 'ok'),
        (error: unknown) => logTo(log, describe(error), 'bad'),
      );
    };
    addEventListener('pagehide', () => socket.close());
    return () => {
      emitAaa = undefined;
      offToken();
      socket.close();
      clock.textContent = '–';
      status(statusLine, 'Signed out.');
    };
  });
}
