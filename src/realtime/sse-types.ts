import type * as z from 'zod';
import type { ApiError } from '../core';
import type { Http } from '../request/types';

/** One server-sent event as `onEvent` receives it. */
export interface ServerEvent<T = string> {
  /** The event's own `id:` line; `undefined` when it had none. */
  id: string | undefined;
  /** The `event:` line. @default 'message' */
  event: string;
  /** The raw `data:` lines joined by `\n`, or, with a `schema`, the JSON parsed and checked by it. */
  data: T;
}

/** How the stream reconnects after a dropped connection or an unexpected end. */
export interface EventStreamReconnect {
  /**
   * First delay in ms, before jitter (a server's `retry:` replaces it, never below 250 ms). It
   * doubles with every connection that ends without delivering an event.
   * @default 1000
   */
  min?: number;
  /** Cap on any delay, the server's `retry:` included. @default 30000 */
  max?: number;
  /** Reconnects in a row without an event delivered before the stream gives up. @default Infinity */
  retries?: number;
}

/** What `onReconnect` is told before each wait. */
export interface ReconnectInfo {
  /** 1 for the first reconnect after an event was delivered, then 2, 3… */
  attempt: number;
  /** Milliseconds until the next connection. */
  delay: number;
  /** Why the last connection ended. */
  error: ApiError;
}

/** Options of `openEventStream`. */
export interface EventStreamOptions<T> {
  /** The instance to connect through (token, refresh on 401). @default http */
  http?: Http;
  /** zod schema each event's JSON `data` is parsed with; without it `data` is the raw string. */
  schema?: z.ZodType<T>;
  /** Called for every valid event, in order. */
  onEvent(event: ServerEvent<T>): void;
  /** Resume after this id (sent as `Last-Event-ID` on the first connection too). */
  lastEventId?: string;
  /** Aborting it is the same as `close()`. */
  signal?: AbortSignal;
  /**
   * Called for an invalid event (kind `'validation'`; the stream goes on) and for the error
   * that ends the stream (also the rejection of `done`).
   */
  onError?(error: ApiError): void;
  /** Called after each successful (re)connection. */
  onOpen?(): void;
  /** Called once when the stream has ended for good: with the error, or none after `close()`. */
  onClose?(error?: ApiError): void;
  /** Called before each reconnect wait (a dropped connection is not an error of the stream). */
  onReconnect?(info: ReconnectInfo): void;
  /** Reconnect policy, or `false` to end at the first drop. @default { min: 1000, max: 30000 } */
  reconnect?: false | EventStreamReconnect;
  /** Extra request headers (the token header comes from the instance). */
  headers?: Record<string, string>;
}

/** A running event stream. */
export interface EventStream {
  /** End the stream for good: the request, the reader and any reconnect timer are released. */
  close(): void;
  /** The last id the server sent (or the one given), sent as `Last-Event-ID` on reconnect. */
  readonly lastEventId: string | undefined;
  /**
   * Settles once, when the stream has ended for good: resolves after `close()`, the `signal`
   * or a cancel of the instance (`http.cancelAll()`); rejects with the `ApiError` that ended
   * it (204, a 4xx other than 408/429, a wrong content type, or reconnects exhausted).
   */
  readonly done: Promise<void>;
}
