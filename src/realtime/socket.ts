import { ApiError, callHook, toApiError } from '../core';
import { clip, realtimeError } from './errors';
import { createHeartbeat, type Heartbeat } from './heartbeat';
import { createAckRegistry } from './socket-acks';
import { createSocketEvents, queueFullError } from './socket-events';
import {
  binaryOf,
  invalidIncoming,
  parseFrame,
  socketContext,
  withoutQuery,
} from './socket-message';
import { sendsTokenTo } from './socket-origin';
import { createSocketReconnector } from './socket-reconnect';
import type {
  Socket,
  SocketAckMap,
  SocketEventMap,
  SocketOptions,
  SocketUrl,
  UntypedEvents,
  WebSocketConstructor,
  WebSocketLike,
} from './socket-types';

/** A frame waiting for a connection, and the ack it carries (if any). */
interface Queued {
  frame: string;
  ack: number | undefined;
}

const OPEN = 1;
const RECONNECT_CODES = /* @__PURE__ */ new Set([1001, 1006, 1011, 1012, 1013, 1014]);
/** A close code of our own, for a connection the heartbeat found dead. */
const HEARTBEAT_CLOSE = 4000;

/**
 * Open a typed WebSocket with socket.io-like `emit`/`on`/`emitWithAck`. `emit(name, ...args)` sends
 * `{ name, data: [...args] }`; an incoming message of that shape is checked with the schema
 * of its event and its parsed arguments are spread into the handlers (an invalid one goes to
 * `onError`, never to a handler). `emitWithAck` sends `{ name, data, ack: n }` and resolves with
 * the peer's `{ ack: n, data: [...reply] }`, checked by `acks[name]`; it never hangs. Binary frames
 * go to `onBinary`. After an abnormal close (1001, 1006, 1011–1014, a failed connection or a
 * heartbeat timeout) it reconnects with jittered backoff, calling `url` again when it is a
 * function, with the current token of `http.session` when `http` is given (so a refreshed token
 * goes in); never after a normal close (1000). Emits made while disconnected are queued (bounded)
 * and sent in order once connected. `close()` ends it for good.
 *
 * @example
 * import { http } from '../request';
 * const socket = createSocket((token) => `wss://api.example.com/ws?token=${token}`, {
 *   http,
 *   events: { chat: z.tuple([z.string(), z.number()]), sum: z.tuple([z.number(), z.number()]) },
 *   acks: { sum: z.tuple([z.number()]) },
 * });
 * const off = socket.on('chat', (text, at) => show(text, at));
 * socket.emit('chat', 'hello', Date.now());
 * const three = await socket.emitWithAck('sum', 1, 2);
 */
export function createSocket<
  E extends SocketEventMap = UntypedEvents,
  A extends SocketAckMap = UntypedEvents,
>(address: SocketUrl, options: SocketOptions<E, A> = {}): Socket<E, A> {
  // A URL object (which WebSocket takes, and JavaScript callers pass) is its href.
  const url = address instanceof URL ? address.href : address;
  const Ctor = options.WebSocket ?? (globalThis.WebSocket as WebSocketConstructor | undefined);
  if (!Ctor) {
    throw new TypeError(
      'createSocket: no WebSocket here; pass { WebSocket } (in Node: from "ws").',
    );
  }
  const shouldReconnect =
    (options.reconnect || undefined)?.shouldReconnect ?? ((code) => RECONNECT_CODES.has(code));
  const beat = options.heartbeat || undefined;
  const pongName = beat?.pong ?? 'pong';
  const maxQueue = options.queue?.max ?? 100;
  const queue: Queued[] = [];
  const context = socketContext(typeof url === 'string' ? url : '', options);
  const session = options.http?.session;
  let active: WebSocketLike | undefined;
  let heartbeat: Heartbeat | undefined;
  let ended = false;

  const fail = (error: ApiError) => callHook(options.onError, error);
  const events = createSocketEvents(options.events, context, fail);
  const acks = createAckRegistry(options.acks, options.ackTimeout ?? 10_000, context);

  /**
   * Stop for good: after close(), a normal close, or when reconnecting gives up. `error` goes to
   * `onError`; the acks still waiting reject with `ackError` (by default `error`, else canceled).
   */
  const end = (error?: ApiError, ackError?: ApiError) => {
    if (ended) return;
    ended = true;
    reconnector.cancel();
    queue.length = 0;
    acks.endAll(
      ackError ??
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

  const reconnector = createSocketReconnector(options.reconnect, () => void connect(), end);
  const scheduleReconnect = (error: ApiError) => {
    if (!ended) reconnector.schedule(error);
  };

  /** Drop the current connection (its listeners stay until its close event, then go). */
  const retire = (socket: WebSocketLike, code: number, reason: string) => {
    if (active === socket) active = undefined;
    heartbeat?.stop();
    heartbeat = undefined;
    // A reply can only come back on the connection its emit left on.
    acks.dropped();
    if (code === HEARTBEAT_CLOSE && socket.terminate) socket.terminate();
    else if (socket.readyState <= OPEN) socket.close(code, reason);
  };

  const dispatch = (raw: unknown) => {
    heartbeat?.alive();
    if (typeof raw !== 'string') {
      const data = binaryOf(raw);
      if (data && options.onBinary) return callHook(options.onBinary, data);
      return fail(
        invalidIncoming(
          data
            ? 'A binary socket message arrived and no onBinary handles it.'
            : 'A socket message was not text.',
          context,
          data ?? raw,
        ),
      );
    }
    const frame = parseFrame(raw, context);
    if (frame instanceof ApiError) return fail(frame);
    if (frame.name === undefined) return acks.settle(frame.ack, frame.data);
    if (beat && frame.name === pongName) return;
    events.dispatch(frame.name, frame.data);
  };

  /** A connection lost (closed, or found dead): reconnect when `again`, else end. */
  const lose = (
    socket: WebSocketLike,
    code: number,
    reason: string,
    again: boolean,
    error: ApiError,
  ) => {
    retire(socket, code, reason);
    callHook(options.onClose, { code, reason, reconnecting: again });
    if (again) scheduleReconnect(error);
    else if (code === 1000) end(undefined, error);
    else end(error);
  };

  const attach = (socket: WebSocketLike) => {
    const listeners = {
      open: () => {
        if (socket !== active) return;
        reconnector.reset();
        // Sent in order; a send that throws leaves the rest queued for the next connection.
        while (queue.length > 0 && socket.readyState === OPEN) {
          const next = queue[0] as Queued;
          socket.send(next.frame);
          queue.shift();
          if (next.ack !== undefined) acks.markSent(next.ack);
        }
        if (beat) {
          heartbeat = createHeartbeat({
            interval: beat.interval ?? 25_000,
            timeout: beat.timeout ?? 10_000,
            ping: () => socket.send(beat.ping ?? '{"name":"ping","data":[]}'),
            onDead: () =>
              lose(
                socket,
                HEARTBEAT_CLOSE,
                'heartbeat timeout',
                true,
                realtimeError(
                  context,
                  'timeout',
                  'socketNoReply',
                  'The socket stopped answering pings.',
                ),
              ),
          });
          heartbeat.start();
        }
        callHook(options.onOpen);
      },
      message: (event: { data: unknown }) => {
        if (socket === active) dispatch(event.data);
      },
      // The close event follows; an error listener must exist (ws throws without one).
      error: () => undefined,
      close: (event: { code: number; reason: string }) => {
        detach();
        if (socket !== active) return;
        lose(
          socket,
          event.code,
          event.reason,
          !ended && event.code !== 1000 && shouldReconnect(event.code),
          realtimeError(
            context,
            'network',
            'streamEnded',
            `The socket closed (${event.code}${event.reason ? `: ${clip(event.reason)}` : ''}).`,
            { code: event.code },
          ),
        );
      },
    };
    // Every listener of `listeners`, added or removed by its event name.
    const each = (method: 'addEventListener' | 'removeEventListener') => {
      const target = socket as unknown as Record<typeof method, (type: string, f: unknown) => void>;
      for (const type in listeners) target[method](type, listeners[type as keyof typeof listeners]);
    };
    const detach = () => each('removeEventListener');
    each('addEventListener');
  };

  /** The URL of this try: the function called afresh, with the session's current token. */
  const target = async () => {
    if (typeof url === 'string') return url;
    // String(): a URL object is its href; anything else is refused by the URL checks below.
    return String(await url(session ? await session.token() : null));
  };

  const connect = async () => {
    if (ended) return;
    let href: string;
    try {
      href = await target();
    } catch (cause) {
      // The token could not be read or the URL function threw: back off and try again.
      scheduleReconnect(toApiError(cause, context));
      return;
    }
    if (ended) return;
    context.url = withoutQuery(href);
    if (options.http && !sendsTokenTo(href, options.http.defaults.baseURL)) {
      end(
        realtimeError(
          context,
          'validation',
          'url',
          'The socket URL is not the API origin: its token cannot go there.',
          { part: 'url' },
        ),
      );
      return;
    }
    let socket: WebSocketLike;
    try {
      socket = new Ctor(href, options.protocols);
      if ('binaryType' in socket) socket.binaryType = options.binaryType ?? 'arraybuffer';
    } catch (cause) {
      end(
        realtimeError(context, 'validation', 'url', 'The WebSocket constructor refused the URL.', {
          part: 'url',
          cause,
        }),
      );
      return;
    }
    active = socket;
    attach(socket);
  };

  void connect();

  /** Send now when connected with nothing queued before it; else queue. True when it left now. */
  const send = (name: string, frame: string, ack?: number): boolean => {
    if (active?.readyState === OPEN && queue.length === 0) {
      active.send(frame);
      return true;
    }
    if (queue.length >= maxQueue) throw queueFullError(name, maxQueue, context);
    queue.push({ frame, ack });
    return false;
  };

  return {
    emit(name, ...args) {
      events.checkOutgoing(name, args, ended);
      // The wire carries what the caller gave (the schema's input); the receiver parses it.
      send(name, JSON.stringify({ name, data: args }));
    },
    emitWithAck(name, ...args) {
      let id: number;
      let sent: boolean;
      try {
        events.checkOutgoing(name, args, ended);
        acks.check(name);
        id = acks.next();
        sent = send(name, JSON.stringify({ name, data: args, ack: id }), id);
      } catch (error) {
        return Promise.reject(error);
      }
      return acks.open(id, name, sent) as never;
    },
    on: events.on as Socket<E, A>['on'],
    off: events.off as Socket<E, A>['off'],
    close() {
      if (ended) return;
      const socket = active;
      end();
      if (socket) retire(socket, 1000, 'closed by client');
    },
    get connected() {
      return active?.readyState === OPEN;
    },
  };
}
