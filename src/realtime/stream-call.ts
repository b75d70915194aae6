import type { AxiosRequestConfig } from 'axios';
import type * as z from 'zod';
import { ApiError, canceledError, reconnectPolicy, toApiError } from '../core';
import type { Http } from '../request/types';
import { requestUrl } from '../request/url';
import { realtimeError, type StreamContext, streamContext } from './errors';
import { createEventQueue } from './event-queue';
import { isTerminal, type ReconnectLoop, startReconnectLoop } from './reconnect-loop';
import { RECONNECT_DEFAULTS, SERVER_RETRY_FLOOR } from './sse';
import { decode } from './sse-decode';
import type { SseMessage } from './sse-parse';
import { connectStream } from './stream-connection';
import type { RawStreamEvent, StreamCall } from './stream-types';

/** Everything one call of a stream endpoint needs, decided by `defineStream`. */
export interface StreamCallOptions {
  /** The instance to stream through, resolved once the stream starts (the default one loads then). */
  instance(): Promise<Http>;
  /** `POST /chat/completions`: for messages. */
  endpoint: string;
  /** Parse the input and build the request; rejects (already reported) when the input is bad. */
  build(): Promise<AxiosRequestConfig>;
  /** Hand the error that ends the stream to the instance's `onError` (its rules). */
  report(error: ApiError): ApiError;
  /** The caller's signal: aborting it ends the stream with kind `'canceled'`. */
  signal: AbortSignal | undefined;
  /** The schema of an event's data, or `undefined` to skip events of that name. */
  schemaFor(event: string): z.ZodType | undefined;
  isEnd(event: RawStreamEvent): boolean;
  /** Whether a dropped connection is followed by a new one (GET, or `resume: true`). */
  reconnects: boolean;
  /**
   * A new connection only resumes from a `Last-Event-ID` (a non-GET stream): before the server
   * gave an id (or after it cleared it with an empty `id:`) it would send the request over from
   * the start, so a drop then ends the stream.
   */
  resumesFromId: boolean;
}

// The full URL is for errors only: built on first read, so a stream that never fails does not
// pay for building it before its request leaves. A stand-in instance (a test double) may lack
// `defaults`: then the path is joined onto nothing.
function contextOf(instance: Http, request: AxiosRequestConfig): StreamContext {
  const context = streamContext(
    String(request.method ?? 'GET').toUpperCase(),
    '',
    instance.messages,
  );
  let url: string | undefined;
  Object.defineProperty(context, 'url', {
    enumerable: true,
    get() {
      url ??= requestUrl(request, instance.defaults);
      return url;
    },
  });
  return context;
}

function isEndFailed(cause: unknown, context: StreamContext): ApiError {
  return realtimeError(
    context,
    'validation',
    'eventData',
    'The stream could not tell whether an event ends it (isEnd threw).',
    { part: 'response', cause },
  );
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * Start one stream: the request leaves at once (after its input is parsed), events wait in a
 * queue until the `for await` loop takes them, and the reading waits for the loop (backpressure).
 */
export function openStreamCall<Ev>(options: StreamCallOptions): StreamCall<Ev> {
  const stop = new AbortController();
  const queue = createEventQueue<Ev>();
  const callerSignal = options.signal;
  let context = streamContext(options.endpoint.split(' ')[0] ?? 'GET', '');
  let lastEventId: string | undefined;
  let closed = false;
  // Reconnects in a row are reset only when an event is delivered (as openEventStream does), so a
  // server that accepts and closes at once cannot make it reconnect at the shortest delay forever.
  let loop: ReconnectLoop | undefined;

  const close = () => {
    if (closed) return;
    closed = true;
    queue.clear();
    stop.abort();
  };
  const onCallerAbort = () => stop.abort();
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });

  /** After an abort: `close()` ends quietly, the caller's signal with kind 'canceled'. */
  const stopped = (): void => {
    if (!closed) throw canceledError(callerSignal?.reason, context);
  };

  const onMessage = (message: SseMessage): 'end' | ApiError | undefined => {
    // An event without an id keeps the last one (the SSE rule).
    if (message.id !== undefined) lastEventId = message.id;
    const raw: RawStreamEvent = {
      event: message.event ?? 'message',
      data: message.data,
      id: message.id,
    };
    try {
      if (options.isEnd(raw)) return 'end';
    } catch (cause) {
      return isEndFailed(cause, context);
    }
    const schema = options.schemaFor(raw.event);
    if (schema === undefined) return undefined;
    const decoded = decode(message, schema, context);
    if (decoded instanceof ApiError) return decoded;
    loop?.reset();
    queue.push(decoded as Ev);
    return undefined;
  };

  // The input's own validation error was reported when it was made.
  let inputFailure: unknown;
  const run = async (): Promise<void> => {
    const request = await options.build().catch((error: unknown) => {
      inputFailure = error;
      throw error;
    });
    const instance = await options.instance();
    context = contextOf(instance, request);
    let serverRetry: number | undefined;
    let opened = false;
    loop = startReconnectLoop({
      signal: stop.signal,
      policy: reconnectPolicy(undefined, { ...RECONNECT_DEFAULTS, hintFloor: SERVER_RETRY_FLOOR }),
      connect: () =>
        connectStream({
          instance,
          request,
          context,
          lastEventId,
          signal: stop.signal,
          onOpen: () => {
            opened = true;
          },
          onMessage,
          onRetry: (ms) => {
            serverRetry = ms;
          },
          drained: queue.drained,
        }),
      classify: (error) => toApiError(error, context),
      // Never re-sent by itself before it opened, or when it cannot resume: a POST is not
      // idempotent. A bad answer is not a dropped connection either.
      canRetry: (failure) =>
        opened &&
        options.reconnects &&
        (!options.resumesFromId || !!lastEventId) &&
        failure.kind !== 'validation' &&
        failure.kind !== 'canceled' &&
        !isTerminal(failure),
      hint: () => serverRetry,
    });
    if ((await loop.done) === 'stopped') stopped();
  };

  const finish = () => {
    callerSignal?.removeEventListener('abort', onCallerAbort);
    stop.abort();
  };
  const done = run().then(
    () => {
      finish();
      queue.end();
    },
    (error: unknown) => {
      finish();
      const failure = toApiError(error, context);
      if (error !== inputFailure) options.report(failure);
      queue.end(failure);
      throw failure;
    },
  );
  // `done` is there to be awaited, but a caller who only iterates must not get an unhandled
  // rejection: the loop sees the error too.
  done.catch(() => undefined);

  const iterator: AsyncIterableIterator<Ev> = {
    next: () => queue.next(),
    return: () => {
      close();
      return Promise.resolve(DONE);
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };

  return {
    [Symbol.asyncIterator]: () => iterator,
    close,
    done,
    get lastEventId() {
      return lastEventId;
    },
  };
}
