import type * as z from 'zod';
import { type ApiError, clearTimer, setTimer, type TimerHandle } from '../core';
import { clip, realtimeError } from './errors';
import { invalidIncoming, ownSchema, type SocketContext } from './socket-message';

/** A schema of an ack's reply tuple (the arguments the peer answers with). */
export type AckSchema = z.ZodType<readonly unknown[], readonly unknown[]>;

/** One acknowledgement the socket waits for. */
interface PendingAck {
  name: string;
  schema: AckSchema | undefined;
  /** Whether the emit left on a connection (a drop of that connection then loses the reply). */
  sent: boolean;
  /** `Date.now()` past which it rejects with kind `'timeout'`. */
  deadline: number;
  resolve(value: unknown): void;
  reject(error: ApiError): void;
}

/** The acknowledgements of one socket, whatever carries them (the kit's frames or socket.io's). */
export interface AckRegistry {
  /** Throw why `name` cannot be acknowledged: an ack map is given and does not name it. */
  check(name: string): void;
  /** A fresh ack id (1, 2, 3…). */
  next(): number;
  /**
   * Wait for the reply to ack `id` of event `name`: resolves with the first element of the
   * reply tuple parsed by the event's ack schema, rejects after `timeout` ms. `sent` says whether
   * it left now.
   */
  open(id: number, name: string, sent: boolean): Promise<unknown>;
  /** The peer answered ack `id` with `data` (a reply nobody waits for any more is ignored). */
  settle(id: number, data: readonly unknown[]): void;
  /** Ack `id` has left now (a reconnect flushed it from the queue); without `id`, every ack waiting. */
  markSent(id?: number): void;
  /** The connection dropped: every ack sent on it rejects with kind `'network'`. */
  dropped(): void;
  /** The socket ended: every ack still waiting rejects with `error`. */
  endAll(error: ApiError): void;
}

/**
 * Create the ack bookkeeping of one socket. Every ack ends: with its reply, with kind `'timeout'`
 * after `timeout` ms, with kind `'network'` when the connection it was sent on drops, or with the
 * socket's end (`'canceled'` after `close()`). socket.io's own acks leave an emit buffered while
 * disconnected waiting for ever (socket.io#4964); these never do.
 *
 * @example const acks = createAckRegistry(options.acks, 10_000, context); await acks.open(acks.next(), 'sum', true)
 */
export function createAckRegistry(
  schemas: Record<string, AckSchema> | undefined,
  timeout: number,
  context: SocketContext,
): AckRegistry {
  // Insertion order is deadline order: every ack of the socket has the same timeout.
  const pending = new Map<number, PendingAck>();
  let lastId = 0;
  // One timer per socket, not one per ack: a timer set and cleared around every round trip cost
  // ~6 µs of a ~90 µs socket.io ack (bench/socket-acks.ts). It runs at the oldest ack's deadline,
  // rejects what is due and is set again for the next; left armed when the acks settle, it finds
  // nothing due and stops.
  let sweep: TimerHandle | undefined;

  // Deleting the entry being visited is safe in a Map's loop, and a rejection runs nothing now.
  const reject = (id: number, ack: PendingAck, error: ApiError) => {
    pending.delete(id);
    ack.reject(error);
  };

  const expire = () => {
    sweep = undefined;
    const now = Date.now();
    for (const [id, ack] of pending) {
      if (ack.deadline > now) {
        // Capped: a wall clock set back must not push the next check past one timeout.
        sweep = setTimer(expire, Math.min(ack.deadline - now, timeout));
        return;
      }
      reject(
        id,
        ack,
        realtimeError(
          context,
          'timeout',
          'socketNoReply',
          `No reply to socket event '${clip(ack.name)}' within ${timeout} ms.`,
          { endpoint: ack.name },
        ),
      );
    }
  };

  return {
    check(name) {
      if (schemas && !ownSchema(schemas, name)) {
        throw realtimeError(
          context,
          'validation',
          'validation',
          `Socket event '${clip(name)}' is not in the ack map.`,
          { part: 'body', endpoint: name },
        );
      }
    },
    next: () => {
      lastId += 1;
      return lastId;
    },
    open(id, name, sent) {
      const schema = ownSchema(schemas, name);
      return new Promise<unknown>((resolve, reject) => {
        const deadline = timeout > 0 ? Date.now() + timeout : Number.POSITIVE_INFINITY;
        pending.set(id, { name, schema, sent, deadline, resolve, reject });
        if (timeout > 0 && !sweep) sweep = setTimer(expire, timeout);
      });
    },
    settle(id, data) {
      const ack = pending.get(id);
      if (!ack) return;
      pending.delete(id);
      if (!ack.schema) {
        ack.resolve(data[0]);
        return;
      }
      const result = ack.schema.safeParse(data);
      if (result.success) {
        ack.resolve(result.data[0]);
        return;
      }
      ack.reject(
        invalidIncoming(
          `The reply to socket event '${clip(ack.name)}' is not valid.`,
          context,
          data,
          {
            endpoint: ack.name,
            issues: result.error.issues,
            cause: result.error,
          },
        ),
      );
    },
    markSent(id) {
      if (id !== undefined) {
        const ack = pending.get(id);
        if (ack) ack.sent = true;
        return;
      }
      for (const ack of pending.values()) ack.sent = true;
    },
    dropped() {
      for (const [id, ack] of pending) {
        if (!ack.sent) continue;
        reject(
          id,
          ack,
          realtimeError(
            context,
            'network',
            'streamEnded',
            `The socket disconnected before the reply to '${clip(ack.name)}'.`,
            { endpoint: ack.name },
          ),
        );
      }
    },
    endAll(error) {
      clearTimer(sweep);
      sweep = undefined;
      for (const ack of pending.values()) ack.reject(error);
      pending.clear();
    },
  };
}
