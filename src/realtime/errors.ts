import {
  ApiError,
  type ApiErrorInit,
  type ApiErrorResponse,
  clearTimer,
  enRealtimeMessages,
  enRequestMessages,
  type FailureContext,
  type MessageKey,
  type MessageTable,
  messageFor,
  secretOf,
  setTimer,
  withSecret,
} from '../core';
import { discardBody, isStreamBody, readText } from './read-text';

/**
 * The request a realtime error is about, as the one classifier (`toApiError` of src/core) takes it:
 * `streamed`, so a body that broke off is kind `'network'` (a stream reconnects after it), and the
 * instance's message table (English until the instance is known).
 * @example throw toApiError(error, context)
 */
export interface StreamContext extends FailureContext {
  streamed: true;
}

/**
 * The table a realtime error speaks from: `table` (an instance's, a socket's own; the request
 * layer's English when there is none) over the English texts of streams and sockets, which an
 * instance's table lacks unless the app's `messages` gave them (`zhCNMessages` does).
 * @example realtimeMessages(http.messages).streamEnded // 'The live connection was lost.'
 */
export function realtimeMessages(table: MessageTable = enRequestMessages): MessageTable {
  return { ...enRealtimeMessages, ...table };
}

/** A stream's (or a socket's) context: `messages` the instance's table when it is known. */
export function streamContext(
  method: string,
  url: string,
  messages?: MessageTable | undefined,
): StreamContext {
  return { method, url, messages: realtimeMessages(messages), streamed: true };
}

/**
 * A realtime `ApiError` (a stream's or a socket's): the human message from the table (`key`), the
 * specifics (event name, close code, milliseconds) in `detail`, the request from `context`.
 * @example realtimeError(context, 'timeout', 'socketNoReply', `No reply to 'sum' within 10000 ms.`)
 */
export function realtimeError(
  context: StreamContext,
  kind: ApiErrorInit['kind'],
  key: MessageKey,
  detail: string | undefined,
  extra?: Partial<ApiErrorInit>,
): ApiError {
  // `context` also holds `messages` and `streamed`, which are no fields of an error: ignored.
  return new ApiError({
    kind,
    message: messageFor(context.messages, key),
    detail,
    ...context,
    ...extra,
  });
}

/** How much of an error response's streamed body is kept on the `ApiError`. */
const ERROR_BODY_LIMIT = 64 * 1024;
/** How long an error body may take to arrive before it is given up on. */
const ERROR_BODY_WAIT = 1000;

/**
 * When an error response's body is still a stream (`responseType: 'stream'`), read what the
 * server said (bounded in size and time) and put it on the error, so it is not lost and the
 * socket is released.
 */
export async function withErrorBody(error: ApiError): Promise<ApiError> {
  const response = error.response;
  if (!response || !isStreamBody(response.data)) return error;
  const body = response.data;
  let text = '';
  const stop = new AbortController();
  const timer = setTimer(() => stop.abort(), ERROR_BODY_WAIT);
  try {
    await readText(
      body,
      (piece) => {
        text += piece;
        if (text.length >= ERROR_BODY_LIMIT) stop.abort();
      },
      stop.signal,
    );
  } catch {
    // A body cut short (by our limit or the server) still carries what arrived so far.
    discardBody(body);
  } finally {
    clearTimer(timer);
  }
  const data = parseMaybeJson(text.slice(0, ERROR_BODY_LIMIT));
  const kept: ApiErrorResponse = { ...response, data };
  const read = copyError(error, { response: kept, cause: error.cause ?? error });
  // The body now read may echo the token: printed, it is cut out as from the error it replaces.
  return withSecret(read, secretOf(error));
}

/**
 * `error` made again with `changes`: every field of `ApiErrorInit` is an own field of the error
 * (message and cause, which `Error` keeps apart, are carried over by name).
 * @example copyError(error, { response: kept })
 */
export function copyError(error: ApiError, changes: Partial<ApiErrorInit>): ApiError {
  return new ApiError({ ...error, message: error.message, cause: error.cause, ...changes });
}

/** `text` as JSON when it is JSON, else the text itself. @example parseMaybeJson('{"a":1}') // { a: 1 } */
export function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: the raw text is what the server said.
    return text;
  }
}

/**
 * A server-chosen string (event name, id, content type) inside a message, kept short so a
 * hostile server cannot turn an error toast into a dump.
 * @example clip('x'.repeat(1000)) // 'xxx…' (40 characters)
 */
export function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
