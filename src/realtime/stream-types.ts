import type { AxiosRequestConfig } from 'axios';
import type * as z from 'zod';
import type { EndpointInput, HttpMethod } from '../api/define-endpoint';
import type { Http } from '../request/types';

/** One event as the server sent it, before any parsing: what `isEnd` looks at. */
export interface RawStreamEvent {
  /** The `event:` line. @default 'message' */
  event: string;
  /** The `data:` lines joined by `\n`, as text. */
  data: string;
  /** The event's own `id:` line; `undefined` when it had none. */
  id: string | undefined;
}

/** The events a stream carries: one schema for every event's JSON data, or one per event name. */
export type StreamEvents = z.ZodType | { readonly [event: string]: z.ZodType };

/** What `defineStream` takes: the route and input schemas of an endpoint, and its events. */
export interface StreamConfig {
  /** HTTP method; a stream that is not GET is never re-sent by itself (see `resume`). */
  method: HttpMethod;
  /** Path under the instance's baseURL; `:name` segments are filled from `params`. */
  path: string;
  /** Schema of the `:name` path params; required when the path has any. */
  params?: z.ZodType;
  /** Schema of the query string. */
  query?: z.ZodType;
  /** Schema of the request body (a chat's messages, say). */
  body?: z.ZodType;
  /**
   * A zod schema for every event's JSON `data`, or `{ [eventName]: schema }`: then events whose
   * name is not in the map are skipped.
   */
  events: StreamEvents;
  /** Instance to send with (token, refresh on a 401, `onError`). @default the default `http`, read at call time */
  http?: Http;
  /** Per-request options always applied to this stream, over the caller's. */
  config?: AxiosRequestConfig;
  /**
   * The server resumes a stream from `Last-Event-ID`: after a dropped connection a non-GET
   * stream is sent again with it (a GET stream always reconnects). Before the server gave an
   * `id:` there is nothing to resume from: a drop then ends the stream with kind `'network'`.
   * @default false
   */
  resume?: boolean;
  /**
   * Whether a raw event ends the stream: it ends cleanly, without yielding that event. Sees every
   * event before parsing and before the name filter.
   * @default (event) => event.data === '[DONE]'
   */
  isEnd?(event: RawStreamEvent): boolean;
}

/** One parsed event of a stream whose events share one schema. */
export interface StreamEvent<Name extends string, Data> {
  /** The `event:` line (`'message'` when there was none). */
  event: Name;
  /** The event's JSON data, parsed and checked by its schema (the schema's output). */
  data: Data;
  /** The event's own `id:` line; `undefined` when it had none. */
  id: string | undefined;
}

/** The events a stream defined by `D` yields: a union over the map's names, or one shape. */
export type StreamEventOf<D> = D extends { readonly events: infer E }
  ? E extends z.ZodType
    ? StreamEvent<string, z.output<E>>
    : E extends { readonly [event: string]: z.ZodType }
      ? { [K in keyof E & string]: StreamEvent<K, z.output<E[K]>> }[keyof E & string]
      : never
  : never;

/**
 * A running stream: iterate it with `for await`. Breaking out of the loop, `close()` or the
 * caller's `signal` abort the request.
 */
export interface StreamCall<Ev> extends AsyncIterable<Ev> {
  /** End the stream: the request is aborted, the iteration ends quietly and `done` resolves. */
  close(): void;
  /**
   * Settles once: resolves on a clean end (`isEnd`, or the body simply ended) or `close()`;
   * rejects with the `ApiError` that ended the stream otherwise (the caller's signal: kind
   * `'canceled'`).
   */
  readonly done: Promise<void>;
  /** The last id the server sent, sent as `Last-Event-ID` when the stream resumes. */
  readonly lastEventId: string | undefined;
}

/**
 * A typed stream endpoint: call it with its input (and optional axios config: `signal`,
 * `headers`, `silent`, …), iterate the events. The argument is optional when no part is required.
 */
export type StreamEndpoint<In, Ev, D = StreamConfig> = (Partial<In> extends In
  ? (input?: In, config?: AxiosRequestConfig) => StreamCall<Ev>
  : (input: In, config?: AxiosRequestConfig) => StreamCall<Ev>) & {
  /** The definition it was built from, read-only. */
  readonly definition: Readonly<D>;
};

/** The input a stream defined by `D` takes: `{ params, query, body }` as its schemas require. */
export type StreamInput<D> = EndpointInput<D>;
