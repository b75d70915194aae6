import type * as z from 'zod';
import {
  ApiError,
  type ApiErrorInit,
  type MessageKey,
  type MessageTable,
  messageFor,
} from '../core';
import { clip } from './errors';

/**
 * Where a socket error happened: the URL without its query (it may hold a token), and the message
 * table its errors speak from (the instance's, else English).
 */
export interface SocketContext {
  url: string;
  messages: MessageTable;
}

/**
 * A socket's `ApiError`: the human message from the table (`key`), the specifics (event name,
 * close code, milliseconds) in `detail`, as every error of the kit.
 * @example socketError(context, 'timeout', 'socketNoReply', `No reply to 'sum' within 10000 ms.`)
 */
export function socketError(
  context: SocketContext,
  kind: ApiErrorInit['kind'],
  key: MessageKey,
  detail: string,
  extra: Partial<ApiErrorInit> = {},
): ApiError {
  return new ApiError({
    kind,
    message: messageFor(context.messages, key),
    url: context.url,
    detail,
    ...extra,
  });
}

/** A frame as it travels: `{ name, data: [...args] }`. */
export interface SocketFrame {
  name: string;
  data: unknown[];
}

/** What one incoming message is: an event, the reply to an ack, or binary data. */
export type IncomingFrame =
  | { type: 'event'; name: string; data: unknown[] }
  | { type: 'reply'; ack: number; data: unknown[] }
  | { type: 'binary'; data: ArrayBuffer | Blob };

const tagOf = (value: unknown) => Object.prototype.toString.call(value);

/**
 * Binary data as `onBinary` gets it: an `ArrayBuffer` or `Blob` as is (from any realm), a Node
 * `Buffer` (`ws` with its default binary type) copied into an `ArrayBuffer` of its own bytes.
 */
function binaryOf(raw: unknown): ArrayBuffer | Blob | undefined {
  if (tagOf(raw) === '[object ArrayBuffer]') return raw as ArrayBuffer;
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
  extra: Partial<ApiErrorInit> = {},
): ApiError {
  return socketError(context, 'validation', 'eventData', detail, {
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
 * Read an incoming message: binary data, an event `{ name, data: [...] }`, or the reply to an ack
 * `{ ack: n, data: [...] }` (n a positive integer); an `ApiError` says why it is none of them.
 */
export function parseFrame(raw: unknown, context: SocketContext): IncomingFrame | ApiError {
  if (typeof raw !== 'string') {
    const data = binaryOf(raw);
    return data
      ? { type: 'binary', data }
      : invalidIncoming('A socket message was not text.', context, raw);
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (cause) {
    return invalidIncoming('A socket message was not JSON.', context, raw, { cause });
  }
  const frame = value as { name?: unknown; data?: unknown; ack?: unknown } | null;
  if (frame !== null && typeof frame === 'object' && Array.isArray(frame.data)) {
    if (typeof frame.name === 'string')
      return { type: 'event', name: frame.name, data: frame.data };
    if (Number.isSafeInteger(frame.ack) && (frame.ack as number) > 0) {
      return { type: 'reply', ack: frame.ack as number, data: frame.data };
    }
  }
  return invalidIncoming(
    'A socket message was not { name, data: [...] } nor { ack, data: [...] }.',
    context,
    value,
  );
}

/** Check a frame's arguments with the event's schema: the parsed tuple, or an `ApiError`. */
export function checkArgs(
  frame: SocketFrame,
  schema: z.ZodType<readonly unknown[], readonly unknown[]> | undefined,
  context: SocketContext,
): readonly unknown[] | ApiError {
  if (!schema) return frame.data;
  const result = schema.safeParse(frame.data);
  if (result.success) return result.data;
  return invalidIncoming(`Socket event '${clip(frame.name)}' has invalid data.`, context, frame, {
    issues: result.error.issues,
    endpoint: frame.name,
    cause: result.error,
  });
}
