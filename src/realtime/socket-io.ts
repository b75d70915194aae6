import { type ApiError, callHook, toApiError } from '../core';
import type { Session } from '../request/session';
import { clip, realtimeError } from './errors';
import { createAckRegistry } from './socket-acks';
import { type AnyHandler, createSocketEvents, queueFullError } from './socket-events';
import type { SocketIoClientLike, SocketIoConnectError, SocketIoOptions } from './socket-io-types';
import { socketContext } from './socket-message';
import { sendsTokenTo, socketIoTarget } from './socket-origin';
import { createSocketReconnector } from './socket-reconnect';
import type { Socket, SocketAckMap, SocketEventMap, UntypedEvents } from './socket-types';

/** A disconnect either side asked for: the socket ends, as a WebSocket's close 1000 does. */
const DELIBERATE = /* @__PURE__ */ new Set(['io client disconnect', 'io server disconnect']);

function isUnauthorized(error: SocketIoConnectError): boolean {
  const status = (error.data as { status?: unknown } | null | undefined)?.status;
  return String(error.message).toLowerCase() === 'unauthorized' || status === 401;
}

/**
 * The kit's `Socket` over a socket.io server: typed, zod-checked events (`emit`/`on`, as
 * `createSocket`), `emitWithAck` on socket.io's acknowledgements (it never hangs), the token of
 * `http.session` in the handshake (`auth: { token }`, read again on every reconnect), and an
 * unauthorized handshake (`connect_error` 'unauthorized' or `data.status` 401) answered by one
 * `session.refresh()` and a reconnect. The app passes socket.io-client's `io`, so an app that does
 * not use socket.io does not bundle it. Reconnects follow the kit's policy (socket.io's own is off).
 *
 * @example
 * import { io } from 'socket.io-client';
 * const socket = createSocketIo('https://example.com', {
 *   io, http,
 *   events: { time: z.tuple([z.number()]), aaa: z.tuple([z.number(), z.number(), z.number()]) },
 *   acks: { aaa: z.tuple([z.array(z.number())]) },
 * });
 * socket.on('time', (ts) => show(ts));
 * const echoed = await socket.emitWithAck('aaa', 12, 5, 8);
 */
export function createSocketIo<
  E extends SocketEventMap = UntypedEvents,
  A extends SocketAckMap = UntypedEvents,
>(url: string, options: SocketIoOptions<E, A>): Socket<E, A> {
  const context = socketContext(String(url), options);
  const session = options.http?.session;
  // Judged and connected to as one URL: socket.io's own reading of `url` may differ from a parser's.
  // (A URL object, which io() takes, is its href.)
  const target = socketIoTarget((url as unknown) instanceof URL ? String(url) : url);
  if (options.http && !sendsTokenTo(target, options.http.defaults.baseURL)) {
    throw realtimeError(
      context,
      'validation',
      'url',
      'The socket.io URL is not the API origin: its token cannot go there.',
      { part: 'url' },
    );
  }
  const maxQueue = options.queue?.max ?? 100;
  const acks = createAckRegistry(options.acks, options.ackTimeout ?? 10_000, context);
  let queued = 0;
  let refreshed = false;
  /** The token the last handshake carried. */
  let sentToken: string | null = null;
  let ended = false;

  const fail = (error: ApiError) => callHook(options.onError, error);
  const events = createSocketEvents(options.events, context, fail);
  /** A failure of the token's read or refresh, by the kit's one classifier (an `ApiError` as is). */
  const classify = (error: unknown) => toApiError(error, context);

  const socket: SocketIoClientLike = options.io(target, {
    ...options.ioOptions,
    reconnection: false,
    forceNew: true,
    // Called by socket.io on every (re)connection: the token is read afresh each time.
    auth: (callback) => {
      if (!session) {
        callback({});
        return;
      }
      session.token().then(
        (token) => {
          sentToken = token;
          if (!ended) callback(token ? { token } : {});
        },
        (error: unknown) => {
          if (ended) return;
          // No handshake without its token: drop this try and back off.
          socket.disconnect();
          scheduleReconnect(classify(error));
        },
      );
    },
  });

  const end = (error?: ApiError) => {
    if (ended) return;
    ended = true;
    reconnector.cancel();
    socket.offAny(dispatch);
    socket.off('connect', onConnect);
    socket.off('disconnect', onDisconnect);
    socket.off('connect_error', onConnectError);
    socket.disconnect();
    acks.endAll(
      error ??
        realtimeError(
          context,
          'canceled',
          'socketClosed',
          'The socket was closed before the reply.',
        ),
    );
    events.clear();
    if (error) fail(error);
  };

  const reconnector = createSocketReconnector(
    options.reconnect,
    () => {
      if (!ended) socket.connect();
    },
    end,
  );
  const scheduleReconnect = (error: ApiError) => {
    if (!ended) reconnector.schedule(error);
  };

  function onConnect() {
    reconnector.reset();
    refreshed = false;
    queued = 0;
    // socket.io flushed its buffer before telling us: every ack waiting has left now.
    acks.markSent();
    callHook(options.onOpen);
  }

  function onDisconnect(reason: string) {
    acks.dropped();
    if (ended) return;
    const deliberate = DELIBERATE.has(reason);
    callHook(options.onClose, {
      code: deliberate ? 1000 : 1006,
      reason,
      reconnecting: !deliberate && options.reconnect !== false,
    });
    if (deliberate) {
      end();
      return;
    }
    scheduleReconnect(
      realtimeError(
        context,
        'network',
        'streamEnded',
        `The socket.io connection closed (${clip(reason)}).`,
      ),
    );
  }

  function onConnectError(error: SocketIoConnectError) {
    if (ended) return;
    if (!isUnauthorized(error)) {
      scheduleReconnect(
        realtimeError(
          context,
          'network',
          'network',
          `The socket.io connection failed (${clip(String(error.message))}).`,
          { cause: error },
        ),
      );
      return;
    }
    const unauthorized = realtimeError(
      context,
      'http',
      401,
      'The socket.io server refused the token.',
      { status: 401, cause: error },
    );
    // One refresh per refusal streak: refused again with the new token, the session is over.
    if (!session || refreshed) {
      end(unauthorized);
      return;
    }
    void renew(session);
  }

  /** After a refusal: retry at once with a token changed meanwhile, else refresh once and retry. */
  async function renew(current: Session) {
    let token: string | null = null;
    try {
      token = await current.token();
    } catch {
      // Unreadable now: the refresh below decides.
    }
    if (ended) return;
    if (token && token !== sentToken) {
      socket.connect();
      return;
    }
    refreshed = true;
    current.refresh().then(
      () => {
        if (!ended) socket.connect();
      },
      (refreshError: unknown) => {
        const reason = classify(refreshError);
        if (reason.kind === 'http' && reason.status === 401) end(reason);
        else {
          // The refresh could not be made (network, timeout): the next refusal may try again.
          refreshed = false;
          scheduleReconnect(reason);
        }
      },
    );
  }

  function dispatch(name: string, ...args: unknown[]) {
    if (!ended) events.dispatch(name, args);
  }

  /** Check an emit's arguments, or throw why it cannot leave. */
  const checkEmit = (name: string, args: readonly unknown[]) => {
    events.checkOutgoing(name, args, ended);
    if (!socket.connected) {
      if (queued >= maxQueue) throw queueFullError(name, maxQueue, context);
      queued += 1;
    }
  };

  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  socket.on('connect_error', onConnectError);
  socket.onAny(dispatch);

  return {
    emit(name, ...args) {
      checkEmit(name, args);
      socket.emit(name, ...args);
    },
    emitWithAck(name, ...args) {
      try {
        acks.check(name);
        checkEmit(name, args);
      } catch (error) {
        return Promise.reject(error);
      }
      const id = acks.next();
      const reply = acks.open(id, name, socket.connected);
      socket.emit(name, ...args, (...data: unknown[]) => acks.settle(id, data));
      return reply as never;
    },
    on: (name, handler) => events.on(name, handler as AnyHandler),
    off: (name, handler) => events.off(name, handler as AnyHandler),
    close: () => end(),
    get connected() {
      return !ended && socket.connected;
    },
  };
}
