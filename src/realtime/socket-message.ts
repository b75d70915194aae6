import type { ApiError, ApiErrorInit, MessageTable } from '../core';
import { realtimeError, type StreamContext, streamContext } from './errors';

/**
 * Where a socket error happened: the URL without its query (it may hold a token), and the message
 * table its errors speak from (the instance's, else English). A stream's context, so that the one
 * classifier and `realtimeError` take it as it is (a socket's handshake is a GET).
 */
export type SocketContext = StreamContext;

/** `url` without its query and fragment (they may hold a token). */
export function withoutQuery(url: string): string {
  return url.replace(/[?#].*$/, '');
}

/** A socket's context: `messages` the socket's option, else the instance's, else English. */
export function socketContext(
  url: string,
  options: {
    messages?: MessageTable | undefined;
    http?: { messages?: MessageTable | undefined } | undefined;
  },
): SocketContext {
  return streamContext('GET', withoutQuery(url), options.messages ?? options.http?.messages);
}

/** What one incoming text message is: an event `{ name, data: [...] }` or the reply to an ack. */
export type IncomingFrame =
  | { name: string; data: unknown[] }
  | { name?: undefined; ack: number; data: unknown[] };

/**
 * Binary data as `onBinary` gets it: an `ArrayBuffer` or `Blob` as is (from any realm), a Node
 * `Buffer` (`ws` with its default binary type) copied into an `ArrayBuffer` of its own bytes.
 */
export function binaryOf(raw: unknown): ArrayBuffer | Blob | undefined {
  if (Object.prototype.toString.call(raw) === '[object ArrayBuffer]') return raw as ArrayBuffer;
  if (typeof Blob !== 'undefined' && raw instanceof Blob) return raw;
  if (ArrayBuffer.isView(raw)) {
    const bytes = new Uint8Array(raw.byteLength);
    bytes.set(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
    return bytes.buffer;
  }
  return undefined;
}

/** An incoming message the socket cannot use (kind `'validation'`, what arrived kept in `response`). */
export function invalidIncoming(
  detail: string,
  context: SocketContext,
  data: unknown,
  extra?: Partial<ApiErrorInit>,
): ApiError {
  return realtimeError(context, 'validation', 'eventData', detail, {
    part: 'response',
    response: { status: 101, statusText: 'Switching Protocols', headers: {}, data },
    ...extra,
  });
}

/**
 * The schema of event `name`, looked up as an own key only: a name a server or a caller chose
 * (`__proto__`, `constructor`, `toString`) must never find an inherited member of the map.
 * @example ownSchema(options.events, frame.name)
 */
export function ownSchema<S>(events: Record<string, S> | undefined, name: string): S | undefined {
  return events !== undefined && Object.hasOwn(events, name) ? events[name] : undefined;
}

/**
 * Read an incoming text message: an event `{ name, data: [...] }` or the reply to an ack
 * `{ ack: n, data: [...] }` (n a positive integer); an `ApiError` says why it is neither.
 */
export function parseFrame(raw: string, context: SocketContext): IncomingFrame | ApiError {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (cause) {
    return invalidIncoming('A socket message was not JSON.', context, raw, { cause });
  }
  const frame = value as { name?: unknown; data?: unknown; ack?: unknown } | null;
  if (frame !== null && typeof frame === 'object' && Array.isArray(frame.data)) {
    if (typeof frame.name === 'string') return { name: frame.name, data: frame.data };
    if (Number.isSafeInteger(frame.ack) && (frame.ack as number) > 0) {
      return { ack: frame.ack as number, data: frame.data };
    }
  }
  return invalidIncoming(
    'A socket message was not { name, data: [...] } nor { ack, data: [...] }.',
    context,
    value,
  );
}
