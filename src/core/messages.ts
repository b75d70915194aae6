/**
 * The named keys of a message table (beside HTTP statuses): every human message the kit shows
 * comes from one of these, so an app's table (`zhCNMessages`, its own) can say all of it. A layer
 * that needs a new message adds its key here, its English text to its layer's part of `enMessages`
 * and its Chinese to `zhCNMessages` (a test checks both tables are complete).
 */
export const MESSAGE_KEYS = [
  'network',
  'timeout',
  'canceled',
  'validation',
  'url',
  'default',
  // Streams (openEventStream, defineStream, streamText).
  'streamEnded',
  'streamClosed',
  'streamUnsupported',
  'eventData',
  // Polling.
  'pollTimeout',
  // Sockets (createSocket, createSocketIo).
  'socketClosed',
  'socketNoReply',
  'socketQueueFull',
] as const;

/** A named key of a message table (one of `MESSAGE_KEYS`). */
export type NamedMessageKey = (typeof MESSAGE_KEYS)[number];

/** Keys of a message table: an HTTP status, or a failure that has none. */
export type MessageKey = number | NamedMessageKey;

/** A table of human messages for `ApiError.message`. */
export type MessageTable = Partial<Record<MessageKey, string>>;

/**
 * The message for `key`, else the table's `default`: what every error the kit makes says.
 * @example messageFor(messages, 404) // 'The requested resource was not found.'
 */
export function messageFor(messages: MessageTable, key: MessageKey): string {
  return messages[key] ?? messages.default ?? 'The request failed.';
}

/**
 * The request layer's English texts (HTTP statuses and the failures without one): what
 * `createHttp` merges an app's `messages` over, so every page that makes requests carries them.
 */
export const enRequestMessages: MessageTable = {
  400: 'The request was not valid.',
  401: 'Please sign in again.',
  403: 'You do not have permission to do this.',
  404: 'The requested resource was not found.',
  405: 'This action is not allowed.',
  408: 'The server timed out waiting for the request.',
  409: 'The resource was changed by someone else.',
  413: 'The request is too large.',
  422: 'Some fields are not valid.',
  429: 'Too many requests. Please wait a moment.',
  500: 'The server had an internal error.',
  502: 'The server is unreachable (bad gateway).',
  503: 'The service is temporarily unavailable.',
  504: 'The server took too long to answer (gateway timeout).',
  network: 'Network error: check your connection.',
  timeout: 'The request timed out.',
  canceled: 'The request was canceled.',
  validation: 'The data did not have the expected shape.',
  url: 'The request address is not valid.',
  default: 'The request failed.',
};

/**
 * The English texts of streams and sockets (src/realtime merges the instance's table over them),
 * apart from the request layer's so that a page without realtime does not carry them.
 */
export const enRealtimeMessages: MessageTable = {
  streamEnded: 'The live connection was lost.',
  streamClosed: 'The server ended the live updates.',
  streamUnsupported: 'Live updates are not supported here.',
  eventData: 'An update from the server was not in the expected format.',
  socketClosed: 'The live connection is closed.',
  socketNoReply: 'The server did not answer in time.',
  socketQueueFull: 'Too many messages are waiting for the connection. Please try again.',
};

/** The English text of polling (src/polling merges the caller's table over it). */
export const enPollMessages: MessageTable = {
  pollTimeout: 'This is taking longer than expected.',
};

/**
 * The complete built-in English table: every key of `MESSAGE_KEYS`, the request layer's texts with
 * the realtime and polling ones. Each layer falls back to its own part, so only a page that imports
 * this table carries every text. Other languages are modules of their own, imported only by the
 * apps that use them: `messages-zh-CN.ts`.
 * @example createHttp({ messages: { ...enMessages, 404: 'Nothing here.' } })
 */
export const enMessages: MessageTable = /* @__PURE__ */ Object.assign(
  {},
  enRequestMessages,
  enRealtimeMessages,
  enPollMessages,
);
