import type * as z from 'zod';
import { ApiError, callHook, reconnectPolicy, toApiError } from '../core';
import { loadDefaultHttp } from '../request/default-http';
import { requestUrl } from '../request/url';
import { realtimeError, realtimeMessages, streamContext } from './errors';
import { isTerminal, startReconnectLoop } from './reconnect-loop';
import { connectEventStream } from './sse-connection';
import { decode } from './sse-decode';
import type { SseMessage } from './sse-parse';
import type { EventStream, EventStreamOptions } from './sse-types';

// openEventStream wires four parts, each in its own file: one connection (sse-connection.ts),
// the reconnect loop and its policy (reconnect-loop.ts, core's reconnectPolicy), decoding
// (sse-decode.ts) and, for typed streams, the event queue (event-queue.ts).

/** The default reconnect delays of an event stream: first delay and cap, in ms. */
export const RECONNECT_DEFAULTS = { min: 1000, max: 30_000 } as const;
/**
 * The shortest wait a server's `retry:` can ask for: `retry: 0` and an instant close must not make
 * every client reconnect in a tight loop.
 */
export const SERVER_RETRY_FLOOR = 250;

/**
 * Open a Server-Sent Events stream through the kit's axios instance, so the token header and
 * the refresh on 401 apply (which `EventSource` cannot do). Frames are parsed by
 * `createSseParser` (sse-parse.ts). After a dropped connection or an unexpected end it reconnects with
 * jittered backoff (the server's `retry:` as the base delay, capped by `reconnect.max`),
 * sending `Last-Event-ID`. A 204, a 4xx other than 408/429 (after the instance's own
 * refresh) or a content type other than `text/event-stream` ends it for good: the `ApiError`
 * goes to `onError` and rejects `done`. `close()` or the `signal` end it for good with no
 * timer, reader or socket left, and `done` resolves.
 *
 * @example
 * const stream = openEventStream('/events', {
 *   schema: z.object({ text: z.string() }),
 *   onEvent: ({ data }) => append(data.text),
 *   onError: (error) => toast(error.message),
 * });
 * // later
 * stream.close();
 */
export function openEventStream(
  url: string,
  options: EventStreamOptions<string> & { schema?: undefined },
): EventStream;
/** With a `schema`, each event's `data` is the JSON parsed and checked by it (its output type). */
export function openEventStream<S extends z.ZodType>(
  url: string,
  options: EventStreamOptions<z.output<S>> & { schema: S },
): EventStream;
export function openEventStream<T>(url: string, options: EventStreamOptions<T>): EventStream {
  const policy = reconnectPolicy(options.reconnect, {
    ...RECONNECT_DEFAULTS,
    hintFloor: SERVER_RETRY_FLOOR,
  });
  const context = streamContext('GET', url, options.http?.messages);
  const stop = new AbortController();
  const userSignal = options.signal;
  let lastEventId = options.lastEventId;
  let serverRetry: number | undefined;

  const close = () => stop.abort();
  userSignal?.addEventListener('abort', close, { once: true });
  if (userSignal?.aborted) close();

  const onMessage = (message: SseMessage) => {
    // Only a connection that delivers something resets the backoff: one that opens and ends at
    // once, again and again, keeps backing off.
    loop.reset();
    // An event without an id keeps the last one (the SSE rule); an empty `id:` clears it.
    if (message.id !== undefined) lastEventId = message.id;
    const decoded = decode(message, options.schema, context);
    callHook(() => {
      if (decoded instanceof ApiError) options.onError?.(decoded);
      else options.onEvent(decoded);
    });
  };

  /** One connection; a body that simply ended is a drop too (EventSource reconnects after it). */
  const connect = async (): Promise<void> => {
    const instance = options.http ?? (await loadDefaultHttp());
    context.messages = realtimeMessages(instance.messages);
    context.url = requestUrl({ url }, instance.defaults);
    await connectEventStream({
      instance,
      url,
      context,
      headers: options.headers,
      lastEventId,
      signal: stop.signal,
      onOpen: () => callHook(() => options.onOpen?.()),
      onMessage,
      onRetry: (ms) => {
        serverRetry = ms;
      },
    });
    // A stream that ended without an error still has to reconnect (EventSource does the same).
    throw realtimeError(context, 'network', 'streamEnded', 'The event stream ended.');
  };

  const loop = startReconnectLoop({
    signal: stop.signal,
    policy,
    connect,
    classify: (error) => toApiError(error, context),
    // A cancel from outside (`http.cancelAll()`, e.g. on sign-out) ends it like close().
    canRetry: (failure) => failure.kind !== 'canceled' && !isTerminal(failure),
    hint: () => serverRetry,
    onRetry: (info) => callHook(() => options.onReconnect?.(info)),
  });

  const finish = (error?: ApiError) => {
    userSignal?.removeEventListener('abort', close);
    stop.abort();
    callHook(() => {
      if (error) options.onError?.(error);
      options.onClose?.(error);
    });
  };

  const done = loop.done.then(
    () => finish(),
    (error: unknown) => {
      const failure = toApiError(error, context);
      if (failure.kind === 'canceled') return finish();
      finish(failure);
      throw failure;
    },
  );
  // `done` is there to be awaited, but a caller who only uses onError must not get an
  // unhandled rejection: mark it handled here; the caller's own `.then` still sees it.
  done.catch(() => undefined);

  return {
    close,
    get lastEventId() {
      return lastEventId;
    },
    done,
  };
}
