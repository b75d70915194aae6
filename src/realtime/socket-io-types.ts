import type { ApiError, MessageTable } from '../core';
import type {
  SocketAckMap,
  SocketCloseInfo,
  SocketEventMap,
  SocketHttp,
  SocketReconnect,
} from './socket-types';

/** The error socket.io-client gives a `connect_error` listener (a middleware's `next(err)`). */
export interface SocketIoConnectError {
  message: string;
  data?: unknown;
}

/**
 * The part of socket.io-client's `Socket` the kit uses (typed structurally, so the kit does not
 * import socket.io-client: the app passes its `io`).
 */
export interface SocketIoClientLike {
  readonly connected: boolean;
  connect(): unknown;
  disconnect(): unknown;
  emit(name: string, ...args: unknown[]): unknown;
  on(name: 'connect', listener: () => void): unknown;
  on(name: 'disconnect', listener: (reason: string) => void): unknown;
  on(name: 'connect_error', listener: (error: SocketIoConnectError) => void): unknown;
  off(name: string, listener?: (...args: never[]) => void): unknown;
  onAny(listener: (name: string, ...args: unknown[]) => void): unknown;
  offAny(listener?: (name: string, ...args: unknown[]) => void): unknown;
}

/** The options the kit gives `io(url, options)`; `ioOptions` are merged under them. */
export interface SocketIoConnectOptions {
  /** The handshake payload, read again on every (re)connection. */
  auth: (callback: (data: { token?: string }) => void) => void;
  /** The kit reconnects itself (one policy for both socket kinds): socket.io's is off. */
  reconnection: false;
  /** One connection per `createSocketIo`, never a Manager shared with another. */
  forceNew: true;
  [option: string]: unknown;
}

/** socket.io-client's `io` function, passed in by the app. */
export type SocketIoFactory = (url: string, options: SocketIoConnectOptions) => SocketIoClientLike;

/** Options of `createSocketIo`. */
export interface SocketIoOptions<E extends SocketEventMap, A extends SocketAckMap> {
  /** socket.io-client's `io`: `import { io } from 'socket.io-client'`. The kit does not bundle it. */
  io: SocketIoFactory;
  /** Schemas of the events' argument tuples; they type `emit`/`on` and check every event received. */
  events?: E;
  /** Schemas of the acknowledgements' reply tuples, for `emitWithAck`. */
  acks?: A;
  /**
   * The table the socket's errors speak from (`zhCNMessages`, an app's own), merged over the
   * English texts of sockets.
   * @default the messages of `http` when given, else the built-in English table
   */
  messages?: MessageTable;
  /**
   * The instance whose session gives the handshake its token (`auth: { token }`), read again on
   * every reconnect; an unauthorized handshake runs `session.refresh()` once and reconnects. The
   * socket's URL must be that instance's own origin, or no token could go with it.
   */
  http?: SocketHttp;
  /** Reconnect policy (the same as `createSocket`'s), or `false` for none. @default { retries: Infinity, min: 500, max: 30000 } */
  reconnect?: false | Omit<SocketReconnect, 'shouldReconnect'>;
  /**
   * Milliseconds `emitWithAck` waits for a reply before it rejects with kind `'timeout'`; `0` waits
   * without a limit (a drop or `close()` still ends the wait). @default 10000
   */
  ackTimeout?: number;
  /** Bound on the emits kept while disconnected. @default { max: 100 } */
  queue?: { max?: number };
  /** More options for `io` (`path`, `transports`…); `auth`, `reconnection` and `forceNew` are the kit's. */
  ioOptions?: Record<string, unknown>;
  /** Invalid incoming events (kind `'validation'`) and the error that ends the socket. */
  onError?(error: ApiError): void;
  /** Called after each successful (re)connection. */
  onOpen?(): void;
  /**
   * Called after each closed connection. `code` is 1000 for a disconnect asked by either side
   * (the socket then ends), 1006 otherwise; `reason` is socket.io's (`'transport close'`…).
   */
  onClose?(info: SocketCloseInfo): void;
}
