import type * as z from 'zod';
import { ApiError } from '../core';
import { clip } from './errors';

/** Where a socket error happened: the URL without its query (it may hold a token). */
export interface SocketContext {
  url: string;
}

/** A frame as it travels: `{ name, data: [...args] }`. */
export interface SocketFrame {
  name: string;
  data: unknown[];
}

function invalid(message: string, context: SocketContext, data: unknown, extra = {}): ApiError {
  return new ApiError({
    kind: 'validation',
    part: 'response',
    message,
    url: context.url,
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

/** Parse an incoming frame's JSON and shape; an `ApiError` says why it is not one. */
export function parseFrame(raw: unknown, context: SocketContext): SocketFrame | ApiError {
  if (typeof raw !== 'string')
    return invalid('Binary socket messages are not supported.', context, raw);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (cause) {
    return invalid('A socket message was not JSON.', context, raw, { cause });
  }
  const frame = value as Partial<SocketFrame> | null;
  if (typeof frame?.name !== 'string' || !Array.isArray(frame.data)) {
    return invalid('A socket message was not { name, data: [...] }.', context, value);
  }
  return { name: frame.name, data: frame.data };
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
  return invalid(`Socket event '${clip(frame.name)}' has invalid data.`, context, frame, {
    issues: result.error.issues,
    endpoint: frame.name,
    cause: result.error,
  });
}
