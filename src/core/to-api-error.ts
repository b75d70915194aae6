import { type AxiosResponse, isAxiosError, isCancel } from 'axios';
import {
  ApiError,
  type ApiErrorInit,
  type ApiErrorKind,
  type ApiErrorResponse,
  isApiError,
  withSecret,
} from './errors';
import { invalidUrlDetail, isInvalidUrl, isUnparseableUrl } from './invalid-url';
import { enRequestMessages, type MessageKey, type MessageTable, messageFor } from './messages';
import { type ServerMessageRule, serverMessageOf } from './server-message';

/** What the engine knows about a failed attempt beyond the error itself. */
export interface FailureContext {
  method: string;
  url: string;
  messages: MessageTable;
  /** The kit's total deadline ended the attempt. @default false */
  timedOut?: boolean | undefined;
  /** The request was aborted (caller signal, `cancelAll`, dedupe). @default false */
  canceled?: boolean | undefined;
  /**
   * The failure came from a streaming request or its body (SSE, typed streams, `streamText`): an
   * error the classifier does not know (a body that broke off mid-read) is the connection dropping,
   * kind `'network'`, so the stream may reconnect; outside a stream it is kind `'validation'`.
   * @default false
   */
  streamed?: boolean | undefined;
  /** Reads the server's own message from an error body; without it the table's text is used. */
  serverMessage?: ServerMessageRule | undefined;
  /** The token the attempt carried: cut out of a server message that echoes it. */
  secret?: string | undefined;
}

// Codes for a request that could not be built (without a response: ERR_BAD_REQUEST is a URIError).
const USAGE_CODES = new Set([
  'ERR_INVALID_URL',
  'ERR_BAD_OPTION',
  'ERR_BAD_OPTION_VALUE',
  'ERR_BAD_REQUEST',
  'ERR_NOT_SUPPORT',
]);

/**
 * Classify any failure once, from `isCancel`, the error code and the presence of a response
 * (never by sniffing messages), into an `ApiError` with the mapped human message.
 *
 * @example throw toApiError(error, { method: 'get', url, messages })
 */
export function toApiError(error: unknown, ctx: FailureContext): ApiError {
  // Every printed form of the error cuts out the token the attempt carried (see withSecret).
  return withSecret(classify(error, ctx), ctx.secret);
}

function classify(error: unknown, ctx: FailureContext): ApiError {
  if (isApiError(error)) return error;
  const make = (
    kind: ApiErrorKind,
    key = kind as MessageKey,
    extra?: Omit<ApiErrorInit, 'kind' | 'message'> & { message?: string },
  ) =>
    new ApiError({
      method: ctx.method,
      url: ctx.url,
      cause: error,
      kind,
      message: messageFor(ctx.messages, key),
      ...extra,
    });
  if (ctx.timedOut) return make('timeout');
  if (ctx.canceled || isCancel(error) || isAbortError(error)) return make('canceled');
  // A URL that cannot be built (a relative one under Node, a malformed host): say which and why.
  // A browser says so with no code (fetch: a bare TypeError; XHR: a network error or a
  // DOMException): a request that got no answer to an absolute URL that does not parse was never
  // sent, whatever the transport reported.
  if (
    isInvalidUrl(error) ||
    (!(isAxiosError(error) && error.response) && isUnparseableUrl(ctx.url))
  ) {
    return make('validation', 'url', { part: 'url', detail: invalidUrlDetail(ctx.url) });
  }
  if (!isAxiosError(error)) return ctx.streamed ? make('network') : make('validation', 'default');
  const { response, code } = error;
  if (response) {
    const { status } = response;
    if (status < 200 || status >= 300) {
      const fallbackMessage = messageFor(ctx.messages, status);
      return make('http', status, {
        status,
        message: serverMessageOf(ctx.serverMessage, response.data, ctx.secret) ?? fallbackMessage,
        fallbackMessage,
        response: snapshotResponse(response),
      });
    }
    // A 2xx whose body failed strict JSON parsing (axios wraps the SyntaxError as the cause).
    if (error.cause instanceof SyntaxError) {
      return make('validation', 'validation', {
        status,
        part: 'response',
        response: snapshotResponse(response),
      });
    }
  }
  // From here on the body never arrived whole: a 2xx cut short is a transport failure, and its
  // half body is not kept.
  if (isTimeoutCode(code)) return make('timeout');
  // An over-long body (maxContentLength, the one ERR_BAD_RESPONSE without a response) or a
  // refused config: retrying cannot help.
  return make(
    (code === 'ERR_BAD_RESPONSE' && !response) || (code && USAGE_CODES.has(code))
      ? 'validation'
      : 'network',
  );
}

/** A web platform abort (`DOMException` named `AbortError`: a fetch or body read whose signal aborted). */
function isAbortError(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'AbortError';
}

/**
 * The `ApiError` of a cancel the kit makes outside a request's own lifecycle (a stopped poller, a
 * stream its caller aborted), with the request it ended when there is one, and its message from
 * that instance's table when given.
 * @example controller.abort(canceledError(signal.reason))
 */
export function canceledError(
  cause?: unknown,
  request?: { method?: string | undefined; url?: string | undefined; messages?: MessageTable },
): ApiError {
  return new ApiError({
    kind: 'canceled',
    message: messageFor(request?.messages ?? enRequestMessages, 'canceled'),
    method: request?.method,
    url: request?.url,
    cause,
  });
}

/** Whether an axios error code means the transport timed out (axios's own timeout, or the OS's). */
export function isTimeoutCode(code: string | undefined): boolean {
  return code === 'ECONNABORTED' || code === 'ETIMEDOUT';
}

/**
 * What an `ApiError` keeps of a response: status, status text, headers as plain strings, and the
 * body as received (parsed JSON, or the raw text when it was not JSON).
 * @example snapshotResponse(response).headers['content-type']
 */
export function snapshotResponse(response: AxiosResponse): ApiErrorResponse {
  const headers: Record<string, string> = {};
  const raw = response.headers as { toJSON?: () => Record<string, unknown> } | undefined;
  const entries = typeof raw?.toJSON === 'function' ? raw.toJSON() : (raw ?? {});
  for (const [name, value] of Object.entries(entries)) {
    if (value === undefined || value === null || value === false) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return {
    status: response.status,
    statusText: response.statusText,
    headers,
    data: response.data,
  };
}
