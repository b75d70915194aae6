import type * as z from 'zod';
import { type ApiError, callHook } from '../core';
import { clip, realtimeError } from './errors';
import { invalidIncoming, ownSchema, type SocketContext } from './socket-message';

/** A handler of any event, as the registry stores it (each event's own type is the socket's). */
export type AnyHandler = (...args: never[]) => void;
type ArgsSchema = z.ZodType<readonly unknown[], readonly unknown[]>;

/** The handlers of a socket's events, and the checks every event passes in and out. */
export interface SocketEvents {
  /** Check an incoming event with its schema and call its handlers with the parsed arguments. */
  dispatch(name: string, data: unknown[]): void;
  /** Throw why `emit(name, ...args)` cannot leave: the socket ended, or the arguments are invalid. */
  checkOutgoing(name: string, args: readonly unknown[], ended: boolean): void;
  on(name: string, handler: AnyHandler): () => void;
  off(name: string, handler: AnyHandler): void;
  clear(): void;
}

/**
 * What `createSocket` and `createSocketIo` share about events: own-key schema lookup, zod checks
 * both ways, and handlers that a throw cannot break. An invalid incoming event goes to `fail`,
 * never to a handler.
 *
 * @example const events = createSocketEvents(options.events, context, fail)
 */
export function createSocketEvents(
  schemas: Record<string, ArgsSchema> | undefined,
  context: SocketContext,
  fail: (error: ApiError) => void,
): SocketEvents {
  const handlers = new Map<string, Set<AnyHandler>>();

  const off = (name: string, handler: AnyHandler) => {
    const set = handlers.get(name);
    set?.delete(handler);
    if (set?.size === 0) handlers.delete(name);
  };

  return {
    dispatch(name, data) {
      let args: readonly unknown[] = data;
      if (schemas) {
        const result = ownSchema(schemas, name)?.safeParse(data);
        if (!result) {
          fail(
            invalidIncoming(
              `Socket event '${clip(name)}' is not in the event map.`,
              context,
              data,
              {
                endpoint: name,
              },
            ),
          );
          return;
        }
        if (!result.success) {
          fail(
            invalidIncoming(
              `Socket event '${clip(name)}' has invalid data.`,
              context,
              { name, data },
              {
                issues: result.error.issues,
                endpoint: name,
                cause: result.error,
              },
            ),
          );
          return;
        }
        args = result.data;
      }
      for (const handler of [...(handlers.get(name) ?? [])]) {
        callHook(handler as (...values: unknown[]) => void, ...args);
      }
    },
    checkOutgoing(name, args, ended) {
      if (ended) {
        throw realtimeError(
          context,
          'canceled',
          'socketClosed',
          `The socket is closed; '${clip(name)}' was not sent.`,
        );
      }
      const checked = ownSchema(schemas, name)?.safeParse(args);
      if (checked && !checked.success) {
        throw realtimeError(
          context,
          'validation',
          'validation',
          `Arguments of socket event '${clip(name)}' are not valid.`,
          {
            part: 'body',
            endpoint: name,
            issues: checked.error.issues,
            // zod's own error, as an endpoint's validation errors carry it.
            cause: checked.error,
          },
        );
      }
    },
    on(name, handler) {
      const set = handlers.get(name) ?? new Set<AnyHandler>();
      set.add(handler);
      handlers.set(name, set);
      return () => off(name, handler);
    },
    off,
    clear: () => handlers.clear(),
  };
}

/** The error of an emit that found the socket disconnected with its queue full. */
export function queueFullError(name: string, max: number, context: SocketContext): ApiError {
  return realtimeError(
    context,
    'network',
    'socketQueueFull',
    `The socket is disconnected and its queue is full (${max}); '${clip(name)}' was not sent.`,
  );
}
