import { ApiError, callHook as safely } from '../core';
import { createHeartbeat, type Heartbeat } from './heartbeat';
import { type AnyHandler, createSocketEvents, queueFullError } from './socket-events';
import { parseFrame, type SocketContext } from './socket-message';
import { createSocketReconnector } from './socket-reconnect';
import type {
  Socket,
  SocketEventMap,
  SocketOptions,
  UntypedEvents,
  WebSocketConstructor,
  WebSocketLike,
} from './socket-types';

const OPEN = 1;
const RECONNECT_CODES = new Set([1001, 1006, 1011, 1012, 1013, 1014]);
/** A close code of our own, for a connection the heartbeat found dead. */
const HEARTBEAT_CLOSE = 4000;

function withoutQuery(url: string): string {
  return url.replace(/[?#].*$/, '');
}

/**
 * Open a typed WebSocket with socket.io-like `emit`/`on`. `emit(name, ...args)` sends
 * `{ name, data: [...args] }`; an incoming message of that shape is checked with the schema
 * of its event and its parsed arguments are spread into the handlers (an invalid one goes to
 * `onError`, never to a handler). After an abnormal close (1001, 1006, 1011–1014, a failed
 * connection or a heartbeat timeout) it reconnects with jittered backoff, calling `url` again
 * when it is a function (so a fresh token goes in); never after a normal close (1000). Emits
 * made while disconnected are queued (bounded) and sent in order once connected. `close()`
 * ends it for good.
 *
 * @example
 * const socket = createSocket(() => `wss://example.com/ws?token=${tokenStore.get()}`, {
 *   events: { chat: z.tuple([z.string(), z.number()]) },
 * });
 * const off = socket.on('chat', (text, at) => show(text, at));
 * socket.emit('chat', 'hello', Date.now());
 */
export function createSocket<E extends SocketEventMap = UntypedEvents>(
  url: string | (() => string | Promise<string>),
  options: SocketOptions<E> = {},
): Socket<E> {
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
  const queue: string[] = [];
  const context: SocketContext = { url: typeof url === 'string' ? withoutQuery(url) : '' };
  let active: WebSocketLike | undefined;
  let heartbeat: Heartbeat | undefined;
  let ended = false;

  const fail = (error: ApiError) => safely(() => options.onError?.(error));
  const events = createSocketEvents(options.events, context, fail);

  /** Stop for good: after close(), a normal close, or when reconnecting gives up. */
  const end = (error?: ApiError) => {
    if (ended) return;
    ended = true;
    reconnector.cancel();
    queue.length = 0;
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
    if (code === HEARTBEAT_CLOSE && socket.terminate) socket.terminate();
    else if (socket.readyState <= OPEN) socket.close(code, reason);
  };

  const dispatch = (raw: unknown) => {
    heartbeat?.alive();
    const frame = parseFrame(raw, context);
    if (frame instanceof ApiError) return fail(frame);
    if (beat && frame.name === pongName) return;
    events.dispatch(frame.name, frame.data);
  };

  const attach = (socket: WebSocketLike) => {
    const listeners = {
      open: () => {
        if (socket !== active) return;
        reconnector.reset();
        // Sent in order; a send that throws leaves the rest queued for the next connection.
        while (queue.length > 0 && socket.readyState === OPEN) {
          socket.send(queue[0] as string);
          queue.shift();
        }
        if (beat) {
          heartbeat = createHeartbeat({
            interval: beat.interval ?? 25_000,
            timeout: beat.timeout ?? 10_000,
            ping: () => socket.send(beat.ping ?? JSON.stringify({ name: 'ping', data: [] })),
            onDead: () => {
              retire(socket, HEARTBEAT_CLOSE, 'heartbeat timeout');
              safely(() =>
                options.onClose?.({
                  code: HEARTBEAT_CLOSE,
                  reason: 'heartbeat timeout',
                  reconnecting: true,
                }),
              );
              scheduleReconnect(
                new ApiError({
                  kind: 'timeout',
                  message: 'The socket stopped answering pings.',
                  url: context.url,
                }),
              );
            },
          });
          heartbeat.start();
        }
        safely(() => options.onOpen?.());
      },
      message: (event: { data: unknown }) => {
        if (socket === active) dispatch(event.data);
      },
      // The close event follows; an error listener must exist (ws throws without one).
      error: () => undefined,
      close: (event: { code: number; reason: string }) => {
        detach();
        if (socket !== active) return;
        retire(socket, event.code, event.reason);
        const again = !ended && event.code !== 1000 && shouldReconnect(event.code);
        safely(() =>
          options.onClose?.({ code: event.code, reason: event.reason, reconnecting: again }),
        );
        const error = new ApiError({
          kind: 'network',
          message: `The socket closed (${event.code}${event.reason ? `: ${event.reason}` : ''}).`,
          url: context.url,
          code: event.code,
        });
        if (again) scheduleReconnect(error);
        else end(event.code === 1000 ? undefined : error);
      },
    };
    const detach = () => {
      socket.removeEventListener('open', listeners.open);
      socket.removeEventListener('message', listeners.message);
      socket.removeEventListener('error', listeners.error);
      socket.removeEventListener('close', listeners.close);
    };
    socket.addEventListener('open', listeners.open);
    socket.addEventListener('message', listeners.message);
    socket.addEventListener('error', listeners.error);
    socket.addEventListener('close', listeners.close);
  };

  const connect = async () => {
    if (ended) return;
    let target: string;
    try {
      target = typeof url === 'function' ? await url() : url;
    } catch (cause) {
      scheduleReconnect(
        new ApiError({ kind: 'network', message: 'The socket URL could not be made.', cause }),
      );
      return;
    }
    if (ended) return;
    context.url = withoutQuery(target);
    let socket: WebSocketLike;
    try {
      socket = new Ctor(target, options.protocols);
    } catch (cause) {
      end(
        new ApiError({
          kind: 'validation',
          part: 'url',
          message: 'Invalid socket URL.',
          url: context.url,
          cause,
        }),
      );
      return;
    }
    active = socket;
    attach(socket);
  };

  void connect();

  return {
    emit(name, ...args) {
      events.checkOutgoing(name, args, ended);
      // The wire carries what the caller gave (the schema's input); the receiver parses it.
      const frame = JSON.stringify({ name, data: args });
      if (active?.readyState === OPEN && queue.length === 0) {
        active.send(frame);
        return;
      }
      if (queue.length >= maxQueue) throw queueFullError(name, maxQueue, context);
      queue.push(frame);
    },
    on: (name, handler) => events.on(name, handler as AnyHandler),
    off: (name, handler) => events.off(name, handler as AnyHandler),
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
