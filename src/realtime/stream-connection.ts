import { AxiosHeaders, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import { type ApiError, snapshotResponse, toApiError } from '../core';
import type { Http } from '../request/types';
import { endpointError, notAStream } from './endpoint-error';
import { realtimeError, type StreamContext } from './errors';
import { discardBody, isStreamBody, readText } from './read-text';
import { utf8Bytes } from './sse-decode';
import { createSseParser, type SseMessage } from './sse-parse';
import { bodyCancel } from './stream-abort';

/** What one connection of a typed stream is told to do. */
export interface ConnectionOptions {
  instance: Http;
  /** The request, input already parsed (method, url, params, data, the caller's headers). */
  request: AxiosRequestConfig;
  context: StreamContext;
  /** Sent as `Last-Event-ID` when set (a resumed or reconnected stream). */
  lastEventId: string | undefined;
  /** Aborting it aborts the request and the reading. */
  signal: AbortSignal;
  /** The stream is open: a 2xx `text/event-stream` arrived. */
  onOpen(): void;
  /** Each frame, in order: `'end'` ends the connection cleanly, an `ApiError` ends it with that error. */
  onMessage(message: SseMessage): 'end' | ApiError | undefined;
  /** The server's `retry:` in ms. */
  onRetry(ms: number): void;
  /** Nothing when the consumer has caught up; otherwise a promise to wait on before reading more. */
  drained(): Promise<void> | undefined;
}

/**
 * One connection of a typed stream: resolves when it ends cleanly (the body ended, a 204, or
 * `onMessage` said `'end'`); rejects with the `ApiError` that ended it. The request goes through
 * the instance (token, refresh on a 401) on axios's fetch adapter, which streams the body as a
 * web `ReadableStream` in browsers and in Node alike; frames are decoded by `createSseParser`
 * from `readText`'s streaming UTF-8 decoder, so an event split anywhere across chunks arrives
 * whole. Errors are not reported to `onError` here (the stream does that once, when it ends).
 */
export async function connectStream(options: ConnectionOptions): Promise<void> {
  const { context } = options;
  // Its own abort: ending one connection (isEnd) must not end the stream's signal.
  const own = new AbortController();
  const abort = () => own.abort();
  if (options.signal.aborted) abort();
  else options.signal.addEventListener('abort', abort, { once: true });
  const connection = bodyCancel(own.signal);
  try {
    const headers = AxiosHeaders.from(options.request.headers as AxiosHeaders | undefined);
    headers.set('Accept', 'text/event-stream');
    headers.set('Cache-Control', 'no-cache');
    // An empty id (the server cleared it) is no id: EventSource sends no header then.
    if (options.lastEventId) headers.set('Last-Event-ID', utf8Bytes(options.lastEventId));
    const request: AxiosRequestConfig = {
      ...options.request,
      headers,
      adapter: 'fetch',
      responseType: 'stream',
      signal: own.signal,
      cancelToken: connection.cancelToken,
      // A stream is long-lived: no total deadline, no size cap, no loading bar; never re-sent by
      // the instance's retry (re-sending is the stream's decision) and reported once, by the stream.
      timeout: 0,
      maxContentLength: -1,
      loading: false,
      retry: false,
      dedupe: false,
      silent: true,
    };
    let response: AxiosResponse<unknown>;
    try {
      response = await options.instance.request(request);
    } catch (error) {
      throw await endpointError(
        options.instance,
        options.request,
        toApiError(error, context),
        context,
      );
    }
    const body = response.data;
    if (response.status === 204) {
      discardBody(body);
      return;
    }
    const type = String(response.headers['content-type'] ?? '').toLowerCase();
    if (!type.startsWith('text/event-stream')) {
      const failure = notAStream(snapshotResponse(response), context);
      throw await endpointError(options.instance, options.request, failure, context);
    }
    if (!isStreamBody(body)) {
      connection.release();
      throw realtimeError(
        context,
        'validation',
        'streamUnsupported',
        'The adapter did not stream the response (no ReadableStream support).',
        { part: 'response', status: response.status },
      );
    }
    options.onOpen();
    await readEvents(body, options, own);
  } finally {
    options.signal.removeEventListener('abort', abort);
    connection.release();
  }
}

async function readEvents(
  body: Parameters<typeof readText>[0],
  options: ConnectionOptions,
  own: AbortController,
): Promise<void> {
  let ended = false;
  let failure: ApiError | undefined;
  const feed = createSseParser((message) => {
    // Frames after the end (in the same chunk) are not the caller's any more.
    if (ended) return;
    const verdict = options.onMessage(message);
    if (verdict === undefined) return;
    ended = true;
    if (verdict !== 'end') failure = verdict;
    own.abort();
  }, options.onRetry);
  try {
    await readText(
      body,
      (text) => {
        feed(text);
        return ended ? undefined : options.drained();
      },
      own.signal,
    );
  } catch (error) {
    if (failure) throw failure;
    if (ended) return;
    throw toApiError(error, options.context);
  }
  if (failure) throw failure;
}
