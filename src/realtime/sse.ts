import type { AxiosResponse } from 'axios';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type * as z from 'zod';
import { ApiError, backoffDelay, callHook, messageFor, sleep, toApiError } from '../core';
import { loadDefaultHttp } from '../request/default-http';
import type { Http } from '../request/types';
import { notAStreamDetail } from './endpoint-error';
import { clip, type StreamContext, streamContext, withErrorBody } from './errors';
import { discardBody, isStreamBody, readText } from './read-text';
import type { EventStream, EventStreamOptions, ServerEvent } from './sse-types';
import { type BodyCancel, bodyCancel } from './stream-abort';

/** The default reconnect delays of an event stream: first delay and cap, in ms. */
export const RECONNECT_DEFAULTS = { min: 1000, max: 30_000 } as const;
/**
 * The shortest wait a server's `retry:` can ask for: `retry: 0` and an instant close must not make
 * every client reconnect in a tight loop.
 */
const SERVER_RETRY_FLOOR = 250;

/**
 * `Last-Event-ID` as EventSource sends it: UTF-8 bytes. Header values are byte strings (axios and
 * fetch drop any character above U+00FF), so each byte travels as one Latin-1 character.
 */
export function utf8Bytes(text: string): string {
  let bytes = '';
  for (const byte of new TextEncoder().encode(text)) bytes += String.fromCharCode(byte);
  return bytes;
}

/**
 * The wait before reconnect number `attempt` (0 first). The server's `retry:` replaces the base
 * delay, never below the floor (nor above max).
 */
export function reconnectDelay(
  attempt: number,
  serverRetry: number | undefined,
  policy: { min: number; max: number },
): number {
  const { min, max } = policy;
  const floor = serverRetry === undefined ? 0 : Math.min(SERVER_RETRY_FLOOR, max);
  const base = serverRetry === undefined ? min : Math.min(Math.max(serverRetry, floor), max);
  return Math.max(floor, backoffDelay(attempt, { min: base, max }));
}

/** A stream that ended without an error still has to reconnect (EventSource does the same). */
function endedError(context: StreamContext): ApiError {
  return new ApiError({
    kind: 'network',
    message: messageFor(context.messages, 'streamEnded'),
    detail: 'The event stream ended.',
    ...context,
  });
}

/** Whether a failed connection ends the stream for good: 204, a 4xx the instance could not recover from (401 after refresh) and bad responses end it. */
export function isTerminal(error: ApiError): boolean {
  if (error.kind === 'validation' || error.kind === 'business') return true;
  const status = error.status ?? 0;
  return error.kind === 'http' && status < 500 && status !== 408 && status !== 429;
}

/** One parsed frame as an event: its JSON data checked by `schema` (raw text without one), or why not. */
export function decode<T>(
  message: EventSourceMessage,
  schema: z.ZodType<T> | undefined,
  context: StreamContext,
): ServerEvent<T> | ApiError {
  const event = { id: message.id, event: message.event ?? 'message' };
  if (!schema) return { ...event, data: message.data as T };
  let json: unknown;
  try {
    json = JSON.parse(message.data);
  } catch (cause) {
    return new ApiError({
      kind: 'validation',
      message: messageFor(context.messages, 'eventData'),
      detail: `Event data is not JSON (event '${clip(event.event)}', id ${clip(event.id ?? 'none')}).`,
      part: 'response',
      status: 200,
      ...context,
      response: { status: 200, statusText: 'OK', headers: {}, data: message.data },
      cause,
    });
  }
  const result = schema.safeParse(json);
  if (result.success) return { ...event, data: result.data };
  return new ApiError({
    kind: 'validation',
    message: messageFor(context.messages, 'eventData'),
    detail: `Event data does not match the schema (event '${clip(event.event)}', id ${clip(event.id ?? 'none')}).`,
    part: 'response',
    status: 200,
    ...context,
    issues: result.error.issues,
    response: { status: 200, statusText: 'OK', headers: {}, data: json },
    cause: result.error,
  });
}

/**
 * Open a Server-Sent Events stream through the kit's axios instance, so the token header and
 * the refresh on 401 apply (which `EventSource` cannot do). Frames are parsed by
 * `eventsource-parser`. After a dropped connection or an unexpected end it reconnects with
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
  const reconnect = options.reconnect === false ? undefined : (options.reconnect ?? {});
  const min = reconnect?.min ?? RECONNECT_DEFAULTS.min;
  const max = reconnect?.max ?? RECONNECT_DEFAULTS.max;
  const retries = reconnect?.retries ?? Number.POSITIVE_INFINITY;
  const context = streamContext('GET', url, options.http);
  const stop = new AbortController();
  const userSignal = options.signal;
  let lastEventId = options.lastEventId;
  let serverRetry: number | undefined;
  let attempt = 0;

  const close = () => stop.abort();
  userSignal?.addEventListener('abort', close, { once: true });
  if (userSignal?.aborted) close();

  const dispatch = (message: EventSourceMessage) => {
    // Only a connection that delivers something resets the backoff: one that opens and ends at
    // once, again and again, keeps backing off.
    attempt = 0;
    // An event without an id keeps the last one (the SSE rule); an empty `id:` clears it.
    if (message.id !== undefined) lastEventId = message.id;
    const decoded = decode(message, options.schema, context);
    callHook(() => {
      if (decoded instanceof ApiError) options.onError?.(decoded);
      else options.onEvent(decoded);
    });
  };

  const connectWith = async (headers: Record<string, string>, connection: BodyCancel) => {
    let response: AxiosResponse<unknown>;
    try {
      const instance: Http = options.http ?? (await loadDefaultHttp());
      context.messages = instance.messages ?? context.messages;
      response = await instance.request({
        url,
        method: 'GET',
        headers,
        // The fetch adapter streams the body as a web ReadableStream in browsers and in Node.
        adapter: 'fetch',
        responseType: 'stream',
        signal: stop.signal,
        cancelToken: connection.cancelToken,
        // A stream is long-lived: no total deadline, no loading bar, no size cap, no retry of
        // its own (reconnecting is this loop's job), no global toast (errors go to onError).
        timeout: 0,
        maxContentLength: -1,
        loading: false,
        retry: false,
        raw: true,
        silent: true,
      });
    } catch (error) {
      throw await withErrorBody(toApiError(error, context));
    }
    const body: unknown = response.data;
    const fail = (init: Omit<ConstructorParameters<typeof ApiError>[0], keyof StreamContext>) => {
      // Abort first: cancelling axios's wrapped body alone detaches the abort and leaves the
      // connection open with its unread bytes.
      connection.release();
      discardBody(body);
      return new ApiError({ ...init, ...context });
    };
    if (response.status === 204) {
      throw fail({
        kind: 'http',
        status: 204,
        message: messageFor(context.messages, 'streamClosed'),
        detail: 'The server closed the event stream (204).',
      });
    }
    const type = String(response.headers['content-type'] ?? '');
    if (!type.toLowerCase().startsWith('text/event-stream')) {
      throw fail({
        kind: 'validation',
        part: 'response',
        status: response.status,
        message: messageFor(context.messages, 'validation'),
        detail: notAStreamDetail(type),
      });
    }
    if (!isStreamBody(body)) {
      throw fail({
        kind: 'validation',
        part: 'response',
        status: response.status,
        message: messageFor(context.messages, 'streamUnsupported'),
        detail: 'The adapter did not stream the response (no ReadableStream support).',
      });
    }
    callHook(() => options.onOpen?.());
    const parser = createParser({
      onEvent: dispatch,
      onRetry: (ms) => {
        serverRetry = ms;
      },
      // Unknown fields and a malformed `retry:` are ignored, as the SSE spec says.
      onError: () => undefined,
    });
    try {
      await readText(body, (text) => parser.feed(text), stop.signal);
    } catch (error) {
      throw toApiError(error, context);
    }
  };

  /** One connection: resolves when the body ends, rejects with an ApiError. */
  const connect = async (): Promise<void> => {
    const headers: Record<string, string> = {
      ...options.headers,
      Accept: 'text/event-stream',
      'Cache-Control': 'no-cache',
    };
    if (lastEventId) headers['Last-Event-ID'] = utf8Bytes(lastEventId);
    const connection = bodyCancel(stop.signal);
    try {
      return await connectWith(headers, connection);
    } finally {
      // However it ended (a wrong content type, a parse of a body left unread), let go of it.
      connection.release();
    }
  };

  const run = async (): Promise<void> => {
    for (;;) {
      if (stop.signal.aborted) return;
      let failure: ApiError;
      try {
        await connect();
        failure = endedError(context);
      } catch (error) {
        if (stop.signal.aborted) return;
        failure = toApiError(error, context);
        // A cancel from outside (`http.cancelAll()`, e.g. on sign-out) ends it like close().
        if (failure.kind === 'canceled') return;
        if (isTerminal(failure)) throw failure;
      }
      if (!reconnect || attempt >= retries) throw failure;
      const delay = reconnectDelay(attempt, serverRetry, { min, max });
      attempt += 1;
      callHook(() => options.onReconnect?.({ attempt, delay, error: failure }));
      try {
        await sleep(delay, stop.signal);
      } catch {
        // Only an abort ends the wait early: that is close().
        return;
      }
    }
  };

  const finish = (error?: ApiError) => {
    userSignal?.removeEventListener('abort', close);
    stop.abort();
    callHook(() => {
      if (error) options.onError?.(error);
      options.onClose?.(error);
    });
  };

  const done = run().then(
    () => finish(),
    (error: unknown) => {
      const failure = toApiError(error, context);
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
