import { type ApiError, clearTimer, reconnectPolicy, setTimer, type TimerHandle } from '../core';
import type { SocketReconnect } from './socket-types';

/** A socket's reconnect loop: when to try again, and when to give up. */
export interface SocketReconnector {
  /** Try again after a jittered backoff, or give up with `error` past `retries` (or when off). */
  schedule(error: ApiError): void;
  /** A connection opened: the next failure starts from the first delay again. */
  reset(): void;
  /** Drop a scheduled try (the socket ended). */
  cancel(): void;
}

/**
 * The one reconnect policy of both socket kinds (`createSocket`, `createSocketIo`): core's
 * `reconnectPolicy` (the streams' too), jittered backoff from `min` (500 ms) to `max` (30 s),
 * `retries` tries in a row without an open.
 *
 * @example const reconnector = createSocketReconnector(options.reconnect, connect, end)
 */
export function createSocketReconnector(
  options: false | SocketReconnect | undefined,
  retry: () => void,
  giveUp: (error: ApiError) => void,
): SocketReconnector {
  const policy = reconnectPolicy(options, { min: 500, max: 30_000 });
  let attempt = 0;
  let timer: TimerHandle | undefined;

  const cancel = () => {
    clearTimer(timer);
    timer = undefined;
  };

  return {
    schedule(error) {
      if (!policy.shouldRetry(attempt)) {
        giveUp(error);
        return;
      }
      const delay = policy.delay(attempt);
      attempt += 1;
      cancel();
      timer = setTimer(() => {
        timer = undefined;
        retry();
      }, delay);
    },
    reset() {
      attempt = 0;
    },
    cancel,
  };
}
