import type * as z from 'zod';
import type { ApiError, ApiErrorInit } from '../core';
import { clip, realtimeError, type StreamContext } from './errors';
import type { SseMessage } from './sse-parse';
import type { ServerEvent } from './sse-types';

// Decoding, the part of a stream between the bytes and the app: frames come from
// createSseParser (fed by readText's streaming UTF-8 decoder), events leave checked.

/**
 * `Last-Event-ID` as EventSource sends it: UTF-8 bytes. Header values are byte strings (axios and
 * fetch drop any character above U+00FF), so each byte travels as one Latin-1 character.
 */
export function utf8Bytes(text: string): string {
  let bytes = '';
  for (const byte of new TextEncoder().encode(text)) bytes += String.fromCharCode(byte);
  return bytes;
}

/** One parsed frame as an event: its JSON data checked by `schema` (raw text without one), or why not. */
export function decode<T>(
  message: SseMessage,
  schema: z.ZodType<T> | undefined,
  context: StreamContext,
): ServerEvent<T> | ApiError {
  const event = { id: message.id, event: message.event ?? 'message' };
  if (!schema) return { ...event, data: message.data as T };
  const which = `event '${clip(event.event)}', id ${clip(event.id ?? 'none')}`;
  const invalid = (init: Pick<ApiErrorInit, 'detail' | 'issues'>, data: unknown, cause: unknown) =>
    realtimeError(context, 'validation', 'eventData', init.detail, {
      issues: init.issues,
      part: 'response',
      status: 200,
      response: { status: 200, statusText: 'OK', headers: {}, data },
      cause,
    });
  let json: unknown;
  try {
    json = JSON.parse(message.data);
  } catch (cause) {
    return invalid({ detail: `Event data is not JSON (${which}).` }, message.data, cause);
  }
  const result = schema.safeParse(json);
  if (result.success) return { ...event, data: result.data };
  return invalid(
    { detail: `Event data does not match the schema (${which}).`, issues: result.error.issues },
    json,
    result.error,
  );
}
