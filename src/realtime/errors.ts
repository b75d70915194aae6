import axios from 'axios';
import {
  ApiError,
  type ApiErrorResponse,
  canceledError,
  clearTimer,
  enMessages,
  isApiError,
  isTimeoutCode,
  messageFor,
  setTimer,
  snapshotResponse,
} from '../core';
import { discardBody, isStreamBody, readText } from './read-text';

/** The request a realtime error is about. */
export interface StreamContext {
  method: string;
  url: string;
}

/** How much of an error response's streamed body is kept on the `ApiError`. */
const ERROR_BODY_LIMIT = 64 * 1024;
/** How long an error body may take to arrive before it is given up on. */
const ERROR_BODY_WAIT = 1000;

/**
 * The `ApiError` for a failure of a streaming request. Instances of the kit already reject
 * with one; anything else (a body that broke off mid-stream, a bare axios instance passed as
 * `http`) is classified here once, from `axios.isCancel`, the error code and the response.
 */
export function toApiError(error: unknown, context: StreamContext): ApiError {
  if (isApiError(error)) return error;
  if (axios.isCancel(error) || (error as { name?: unknown } | null)?.name === 'AbortError') {
    return canceledError(error, context);
  }
  if (axios.isAxiosError(error)) {
    const response = error.response;
    if (response) {
      return new ApiError({
        kind: 'http',
        message: messageFor(enMessages, response.status),
        status: response.status,
        ...context,
        response: snapshotResponse(response),
        cause: error,
      });
    }
    const kind = isTimeoutCode(error.code) ? 'timeout' : 'network';
    return new ApiError({
      kind,
      message: messageFor(enMessages, kind),
      ...context,
      cause: error,
    });
  }
  return new ApiError({
    kind: 'network',
    message: messageFor(enMessages, 'network'),
    ...context,
    cause: error,
  });
}

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
  return new ApiError({
    kind: error.kind,
    message: error.message,
    fallbackMessage: error.fallbackMessage,
    status: error.status,
    code: error.code,
    method: error.method,
    url: error.url,
    response: kept,
    issues: error.issues,
    part: error.part,
    endpoint: error.endpoint,
    detail: error.detail,
    cause: error.cause ?? error,
  });
}

function parseMaybeJson(text: string): unknown {
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

/**
 * Run a user callback; an exception it throws goes to the host (like an event listener's)
 * instead of into the stream or socket that called it.
 */
export function safely(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
