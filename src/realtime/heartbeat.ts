import { clearTimer, setTimer, type TimerHandle } from '../core';

/** A ping/pong watchdog over one connection. */
export interface Heartbeat {
  /** Start pinging (after the connection opened). */
  start(): void;
  /** Something arrived: the connection is alive, so the pong deadline is lifted. */
  alive(): void;
  /** Clear every timer. */
  stop(): void;
}

/**
 * Every `interval` ms send a ping; if nothing arrives within `timeout` ms after it, call
 * `onDead` (the connection is half-open: the OS still thinks it is up, nothing gets through).
 */
export function createHeartbeat(options: {
  interval: number;
  timeout: number;
  ping(): void;
  onDead(): void;
}): Heartbeat {
  let next: TimerHandle | undefined;
  let deadline: TimerHandle | undefined;
  const schedule = () => {
    clearTimer(next);
    next = setTimer(() => {
      next = undefined;
      options.ping();
      deadline = setTimer(() => {
        deadline = undefined;
        options.onDead();
      }, options.timeout);
    }, options.interval);
  };
  return {
    start: schedule,
    alive() {
      if (!deadline) return;
      clearTimer(deadline);
      deadline = undefined;
      schedule();
    },
    stop() {
      clearTimer(next);
      clearTimer(deadline);
      next = undefined;
      deadline = undefined;
    },
  };
}
