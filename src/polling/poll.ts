import {
  type BackoffOptions,
  callHook,
  callHookOr,
  checkMs,
  clearTimer,
  type MessageTable,
  setTimer,
  type TimerHandle,
} from '../core';
import { callTask } from './abort';
import { pollPolicy } from './poll-policy';
import { startRun } from './run';
import type { Poller, PollTask } from './types';
import { isPageHidden, onVisibilityChange } from './visibility';

/** Options of `poll`. */
export interface PollOptions<T> {
  /** Wait in ms between one request settling and the next starting. The first starts at once. */
  interval: number;
  /** Gets every value, in request order; never after `stop()`. */
  onValue(value: T): void;
  /**
   * Gets every task failure (an `ApiError` when the task is an endpoint call) and what
   * `onValue` throws; polling continues, with backoff after consecutive failures. Cancels
   * caused by `stop()` or `signal` are not reported.
   */
  onError?(error: unknown): void;
  /** Aborting it stops the poller, as `stop()` does. */
  signal?: AbortSignal;
  /**
   * The table the poller's own errors take their message from (its cancel): pass
   * `http.messages` so they speak the instance's language. @default enMessages
   */
  messages?: MessageTable;
  /**
   * Send no request while the page is hidden; on becoming visible poll once at once, then
   * keep the normal cadence. A no-op without a DOM.
   * @default false
   */
  pauseWhenHidden?: boolean;
  /**
   * Backoff after consecutive failures (the kit's `backoffDelay`); a success resets it.
   * @default { min: interval (at least 100), max: 30000 }
   */
  backoff?: BackoffOptions;
}

/**
 * Poll for ever (until stopped), for dashboards: requests never overlap, values arrive in
 * order, failures go to `onError` and polling goes on.
 *
 * @example
 * const poller = poll(({ signal }) => statsApi.get(undefined, { signal }), {
 *   interval: 5000, onValue: render, onError: toast, pauseWhenHidden: true,
 * });
 * onUnmount(poller.stop);
 */
export function poll<T>(task: PollTask<T>, options: PollOptions<T>): Poller {
  const { onValue, onError, pauseWhenHidden = false, backoff } = options;
  const interval = checkMs(options.interval, 'interval', options.messages);
  const policy = pollPolicy(interval, backoff);
  const run = startRun(options.signal, options.messages);
  let timer: TimerHandle | undefined;
  let inFlight = false;
  let attempt = 0;
  let errors = 0;

  // `inFlight` keeps one request at a time, so the one settling is always the latest.
  const settle = (deliver: () => void) => {
    if (run.signal.aborted) return; // after stop nothing is delivered
    inFlight = false;
    deliver();
    if (run.signal.aborted) return; // a callback may have stopped the poller
    timer = setTimer(next, errors === 0 ? interval : policy.delay(errors - 1));
  };

  const next = () => {
    timer = undefined;
    if (run.signal.aborted || inFlight) return;
    // Paused: the visibility listener resumes it.
    if (pauseWhenHidden && isPageHidden()) return;
    inFlight = true;
    const current = attempt++;
    callTask(run.signal, (signal) => task({ attempt: current, signal })).then(
      (value) =>
        settle(() => {
          errors = 0;
          callHookOr(onError, onValue, value);
        }),
      (error: unknown) =>
        settle(() => {
          errors++;
          callHook(onError, error);
        }),
    );
  };

  if (pauseWhenHidden) {
    const unsubscribe = onVisibilityChange((hidden) => {
      // One immediate poll on becoming visible; a request in flight schedules the next itself.
      if (hidden || inFlight || run.signal.aborted) return;
      clearTimer(timer);
      next();
    });
    run.onStop(unsubscribe);
  }
  run.onStop(() => clearTimer(timer));
  next();
  return run.poller;
}
