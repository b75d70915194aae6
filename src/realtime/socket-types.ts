import type * as z from 'zod';
import type { ApiError, MessageTable } from '../core';
import type { Session } from '../request/session';

/** Event name → zod schema of that event's argument tuple, e.g. `{ chat: z.tuple([z.string()]) }`. */
export type SocketEventMap = Record<string, z.ZodType<readonly unknown[], readonly unknown[]>>;

/** The map used when none is given: any name, arguments not checked. */
export type UntypedEvents = Record<string, z.ZodType<unknown[], unknown[]>>;

/** Event name → zod schema of the reply tuple its acknowledgement carries, e.g. `{ sum: z.tuple([z.number()]) }`. */
export type SocketAckMap = SocketEventMap;

/** What `emitWithAck` resolves with: the first element of the parsed reply tuple. */
export type AckReply<A, K> = K extends keyof A
  ? z.output<A[K]> extends readonly [infer First, ...unknown[]]
    ? First
    : z.output<A[K]> extends readonly (infer Item)[]
      ? Item | undefined
      : unknown
  : unknown;

/** The instance whose session gives a socket its token (`http` from `src/request`, or `createHttp()`). */
export interface SocketHttp {
  readonly session: Session;
  readonly defaults: { baseURL?: string | undefined };
  /** The instance's message table: the socket's errors speak from it too. */
  readonly messages?: Readonly<MessageTable>;
}

/** Arguments `emit` takes for an event: the schema's input. */
export type EmitArgs<S> = Extract<z.input<S>, readonly unknown[]>;
/** Arguments a handler receives for an event: the schema's parsed output. */
export type HandlerArgs<S> = Extract<z.output<S>, readonly unknown[]>;
/** A handler of event `S`. */
export type SocketHandler<S> = (...args: HandlerArgs<S>) => void;

/** The part of the WebSocket API the socket uses (the browser's, or `ws`'s in Node). */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** Send one text frame. */
  send(data: string): void;
  /** Start the closing handshake. */
  close(code?: number, reason?: string): void;
  /** `ws` only: drop the connection at once, without the closing handshake. */
  terminate?(): void;
  /** How binary frames are delivered (`'arraybuffer'`, `'blob'`; `ws` also has `'nodebuffer'`). */
  binaryType?: string;
  /** Listen for `open`, `error`, `message` and `close`. */
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(
    type: 'close',
    listener: (event: { code: number; reason: string }) => void,
  ): void;
  /** Stop listening (the socket removes every listener it added once a connection closes). */
  removeEventListener(type: 'open' | 'error', listener: () => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(
    type: 'close',
    listener: (event: { code: number; reason: string }) => void,
  ): void;
}

/** A WebSocket constructor: `globalThis.WebSocket` in browsers, `WebSocket` from `ws` in Node. */
export type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
) => WebSocketLike;

/** Reconnection after an abnormal close. */
export interface SocketReconnect {
  /** Reconnects in a row without a successful open before giving up. @default Infinity */
  retries?: number;
  /** First delay in ms, before jitter. @default 500 */
  min?: number;
  /** Cap on any delay in ms. @default 30000 */
  max?: number;
  /**
   * Whether a close with this code reconnects.
   * @default code is 1001, 1006, 1011, 1012, 1013 or 1014 (going away, abnormal, server error,
   * restart, try again later, bad gateway); never after 1000
   */
  shouldReconnect?(code: number): boolean;
}

/** A ping message and a deadline for the answer, to find a half-open connection. */
export interface SocketHeartbeat {
  /** Milliseconds between pings. @default 25000 */
  interval?: number;
  /** Milliseconds to wait for the pong before the connection is dropped and remade. @default 10000 */
  timeout?: number;
  /** The ping frame to send. @default '{"name":"ping","data":[]}' */
  ping?: string;
  /** Name of the answering event; it is consumed by the heartbeat, not dispatched. @default 'pong' */
  pong?: string;
}

/** Why a connection closed, as `onClose` is told. */
export interface SocketCloseInfo {
  /** The close code (1000 normal, 1006 abnormal, 4000 heartbeat timeout…). */
  code: number;
  /** The close reason the peer gave, often empty. */
  reason: string;
  /** True when a reconnect is scheduled; false when the socket has ended for good. */
  reconnecting: boolean;
}

/**
 * The URL of `createSocket`: a string, or a function called before every (re)connection. With
 * `http` it is given the session's current token (`null` when signed out), e.g.
 * `(token) => \`wss://api.example.com/ws?token=${token}\``.
 */
export type SocketUrl = string | ((token: string | null) => string | Promise<string>);

/** Options of `createSocket`. */
export interface SocketOptions<E extends SocketEventMap, A extends SocketAckMap = UntypedEvents> {
  /** Schemas of the events' argument tuples; they type `emit`/`on` and check every message. */
  events?: E;
  /** Schemas of the acknowledgements' reply tuples, for `emitWithAck` (a name not in it is refused). */
  acks?: A;
  /**
   * Milliseconds `emitWithAck` waits for a reply before it rejects with kind `'timeout'`; `0` waits
   * without a limit (a drop or `close()` still ends the wait). @default 10000
   */
  ackTimeout?: number;
  /**
   * The instance whose `session` gives the URL function its token, read again before every
   * reconnect (so a refreshed token is used). The URL must be on that instance's own origin: a URL
   * elsewhere ends the socket with kind `'validation'` before anything is sent.
   */
  http?: SocketHttp;
  /**
   * Binary frames (`ArrayBuffer`, or `Blob` with `binaryType: 'blob'`). Without it a binary frame
   * goes to `onError` (kind `'validation'`).
   */
  onBinary?(data: ArrayBuffer | Blob): void;
  /** How binary frames arrive in `onBinary`. @default 'arraybuffer' */
  binaryType?: 'arraybuffer' | 'blob';
  /**
   * The table the socket's errors speak from (`zhCNMessages`, an app's own), merged over the
   * English texts of sockets.
   * @default the messages of `http` when given, else the built-in English table
   */
  messages?: MessageTable;
  /** The WebSocket constructor (Node 20 has none: pass `ws`). @default globalThis.WebSocket */
  WebSocket?: WebSocketConstructor;
  /** Subprotocols for the handshake. */
  protocols?: string | string[];
  /** Reconnect policy, or `false` for none. @default { retries: Infinity, min: 500, max: 30000 } */
  reconnect?: false | SocketReconnect;
  /** Application-level heartbeat, or `false` (the server must answer the ping). @default false */
  heartbeat?: false | SocketHeartbeat;
  /** Bound on the emits kept while disconnected. @default { max: 100 } */
  queue?: { max?: number };
  /** Invalid incoming messages (kind `'validation'`) and the error that ends the socket. */
  onError?(error: ApiError): void;
  /** Called after each successful (re)connection, once the queue has been flushed. */
  onOpen?(): void;
  /** Called after each closed connection. */
  onClose?(info: SocketCloseInfo): void;
}

/**
 * A typed, reconnecting socket with socket.io-like `emit`/`on`/`emitWithAck`: what both
 * `createSocket` (the kit's frames over a WebSocket) and `createSocketIo` (socket.io) return.
 */
export interface Socket<
  E extends SocketEventMap = UntypedEvents,
  A extends SocketAckMap = UntypedEvents,
> {
  /**
   * Send `{ name, data: [...args] }` (queued while disconnected). Throws an `ApiError`:
   * kind `'validation'` for arguments the event's schema rejects, `'network'` when the queue
   * is full, `'canceled'` after the socket has ended.
   */
  emit<K extends keyof E & string>(name: K, ...args: EmitArgs<E[K]>): void;
  /**
   * Emit `name` (an event of both maps) and wait for the peer's acknowledgement: resolves with
   * the first element of the reply tuple, parsed by `acks[name]` when given (socket.io's
   * convention). Rejects with an `ApiError`: kind `'validation'` for bad arguments or a bad reply,
   * `'timeout'` past `ackTimeout`, `'network'` when the connection drops before the reply,
   * `'canceled'` after `close()`. It never hangs. Emitted while disconnected, it is queued like
   * `emit` and its timer runs from now.
   * @example const sum = await socket.emitWithAck('sum', 1, 2)
   */
  emitWithAck<K extends keyof E & keyof A & string>(
    name: K,
    ...args: EmitArgs<E[K]>
  ): Promise<AckReply<A, K>>;
  /** Call `handler` with each valid message of event `name`; returns its unsubscribe. */
  on<K extends keyof E & string>(name: K, handler: SocketHandler<E[K]>): () => void;
  /** Remove a handler added with `on`. */
  off<K extends keyof E & string>(name: K, handler: SocketHandler<E[K]>): void;
  /** End it for good: no reconnect, timer, listener or connection is left. */
  close(): void;
  /** True while a connection is open. */
  readonly connected: boolean;
}
