import type { AxiosResponse } from 'axios';
import { type ApiErrorInit, type ApiErrorKind, type MessageKey, toApiError } from '../core';
import type { Http } from '../request/types';
import { endpointError, notAStreamDetail } from './endpoint-error';
import { realtimeError, type StreamContext } from './errors';
import { discardBody, isStreamBody, readText } from './read-text';
import { utf8Bytes } from './sse-decode';
import { createSseParser, type SseMessage } from './sse-parse';
import { type BodyCancel, bodyCancel } from './stream-abort';

/** What one connection of `openEventStream` is told. */
export interface EventConnectionOptions {
  /** The instance to connect through (the default one is loaded by the caller). */
  instance: Http;
  url: string;
  context: StreamContext;
  /** The caller's extra headers. */
  headers: Record<string, string> | undefined;
  /** Sent as `Last-Event-ID` when set. */
  lastEventId: string | undefined;
  /** The stream's own signal: aborting it aborts the request and the reading. */
  signal: AbortSignal;
  /** A 2xx `text/event-stream` arrived. */
  onOpen(): void;
  /** Each frame, in order. */
  onMessage(message: SseMessage): void;
  /** The server's `retry:` in ms. */
  onRetry(ms: number): void;
}

/**
 * One connection of `openEventStream`: resolves when the body ends, rejects with the `ApiError`
 * that ended it (204 and a content type other than `text/event-stream` included). Whatever the
 * outcome, the request and its body are let go of.
 */
export async function connectEventStream(options: EventConnectionOptions): Promise<void> {
  const headers: Record<string, string> = {
    ...options.headers,
    Accept: 'text/event-stream',
    'Cache-Control': 'no-cache',
  };
  if (options.lastEventId) headers['Last-Event-ID'] = utf8Bytes(options.lastEventId);
  const connection = bodyCancel(options.signal);
  try {
    const response = await request(options, headers, connection);
    await readEvents(response, options, connection);
  } finally {
    // However it ended (a wrong content type, a parse of a body left unread), let go of it.
    connection.release();
  }
}

async function request(
  options: EventConnectionOptions,
  headers: Record<string, string>,
  connection: BodyCancel,
): Promise<AxiosResponse<unknown>> {
  try {
    return await options.instance.request({
      url: options.url,
      method: 'GET',
      headers,
      // The fetch adapter streams the body as a web ReadableStream in browsers and in Node.
      adapter: 'fetch',
      responseType: 'stream',
      signal: options.signal,
      cancelToken: connection.cancelToken,
      // A stream is long-lived: no total deadline, no loading bar, no size cap, no retry of
      // its own (reconnecting is the stream's job), no global toast (errors go to onError).
      timeout: 0,
      maxContentLength: -1,
      loading: false,
      retry: false,
      raw: true,
      silent: true,
    });
  } catch (error) {
    // A refusal (a 404 with `{ message }`, an envelope's code) gets the instance's own rules, as
    // an endpoint's would: the server's message, `fallbackMessage`, `serverMessage`.
    const failure = toApiError(error, options.context);
    const { url, context } = options;
    throw await endpointError(options.instance, { url, method: 'GET', headers }, failure, context);
  }
}

async function readEvents(
  response: AxiosResponse<unknown>,
  options: EventConnectionOptions,
  connection: BodyCancel,
): Promise<void> {
  const { context } = options;
  const body: unknown = response.data;
  const fail = (
    kind: ApiErrorKind,
    key: MessageKey,
    detail: string,
    extra: Partial<ApiErrorInit>,
  ) => {
    // Abort first: cancelling axios's wrapped body alone detaches the abort and leaves the
    // connection open with its unread bytes.
    connection.release();
    discardBody(body);
    return realtimeError(context, kind, key, detail, extra);
  };
  if (response.status === 204) {
    throw fail('http', 'streamClosed', 'The server closed the event stream (204).', {
      status: 204,
    });
  }
  const type = String(response.headers['content-type'] ?? '');
  const invalid = { part: 'response', status: response.status } as const;
  if (!type.toLowerCase().startsWith('text/event-stream')) {
    throw fail('validation', 'validation', notAStreamDetail(type), invalid);
  }
  if (!isStreamBody(body)) {
    throw fail(
      'validation',
      'streamUnsupported',
      'The adapter did not stream the response (no ReadableStream support).',
      invalid,
    );
  }
  options.onOpen();
  try {
    await readText(body, createSseParser(options.onMessage, options.onRetry), options.signal);
  } catch (error) {
    throw toApiError(error, context);
  }
}
