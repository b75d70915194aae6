import {
  type BackoffOptions,
  canceledError,
  checkMs,
  clearTimer,
  type MessageTable,
  setTimer,
  sleep,
  untilAborted,
} from '../core';
import { callTask } from './abort';
import { PollTimeoutError } from './errors';
import { pollPolicy } from './poll-policy';
import type { PollTask } from './types';

/** Options of `pollUntil`. */
export interface PollUntilOptions<T> {
  /** Stop condition: `pollUntil` resolves with the first value for which it returns true. */
  until(value: T): boolean;
  /**
   * Wait in ms between one request settling and the next starting, or a function of the
   * attempt that just settled (0 after the first request). The first request starts at once.
   * @default 1000
   */
  interval?: number | ((attempt: number) => number);
  /**
   * Total deadline in ms; past it the request in flight is aborted and the promise rejects
   * with `PollTimeoutError`. `0` or `Infinity`: no deadline.
   * @default 0
   */
  timeout?: number;
  /** Abort to give up: the request in flight is aborted and the promise rejects with kind `'canceled'`. */
  signal?: AbortSignal;
  /**
   * Consecutive task failures tolerated (each followed by a backoff wait); the next failure
   * rejects with its error. A success resets the count.
   * @default 0
   */
  retries?: number;
  /**
   * Backoff after a failure (the kit's `backoffDelay`).
   * @default { min: the interval (at least 100), max: 30000 }
   */
  backoff?: BackoffOptions;
  /**
   * The table the poller's own errors take their message from (its cancel, its `PollTimeoutError`): pass
   * `http.messages` so they speak the instance's language. @default enMessages
   */
  messages?: MessageTable;
}

interface Progress<T> {
  attempts: number;
  lastValue: T | undefined;
}

/**
 * Poll until a condition holds: requests never overlap (the next starts `interval` after the
 * previous settles), task failures beyond `retries` reject, `timeout` rejects with
 * `PollTimeoutError`, and an aborted `signal` rejects with an `ApiError` of kind `'canceled'`.
 *
 * @example
 * const job = await pollUntil(({ signal }) => jobApi.status({ params: { id } }, { signal }), {
 *   until: (j) => j.state !== 'running', interval: 1000, timeout: 60_000,
 * });
 */
export function pollUntil<T>(task: PollTask<T>, options: PollUntilOptions<T>): Promise<T> {
  const { signal: external, timeout = 0, messages, interval = 1000 } = options;
  // Sends nothing: a caller that already gave up gets its cancel at once.
  if (external?.aborted) return Promise.reject(canceledError(external.reason, { messages }));
  // Nor does a delay that is not one (a function's answers are checked as they come).
  try {
    checkMs(timeout, 'timeout', messages, true);
    pollPolicy(
      typeof interval === 'number' ? checkMs(interval, 'interval', messages) : 0,
      options.backoff,
      options.retries ?? 0,
    );
  } catch (error) {
    return Promise.reject(error);
  }

  const controller = new AbortController();
  const progress: Progress<T> = { attempts: 0, lastValue: undefined };
  const onExternalAbort = () => controller.abort(canceledError(external?.reason, { messages }));
  external?.addEventListener('abort', onExternalAbort, { once: true });
  const deadline =
    timeout > 0 && Number.isFinite(timeout)
      ? setTimer(
          () => controller.abort(new PollTimeoutError({ timeout, ...progress, messages })),
          timeout,
        )
      : undefined;

  return run(task, options, controller.signal, progress).finally(() => {
    clearTimer(deadline);
    external?.removeEventListener('abort', onExternalAbort);
  });
}

async function run<T>(
  task: PollTask<T>,
  options: PollUntilOptions<T>,
  signal: AbortSignal,
  progress: Progress<T>,
): Promise<T> {
  const { until, interval = 1000, retries = 0, backoff, messages } = options;
  const intervalAfter =
    typeof interval === 'function'
      ? (attempt: number) => checkMs(interval(attempt), 'interval()', messages)
      : () => interval;
  let errors = 0;
  for (let attempt = 0; ; attempt++) {
    // Given up between two requests (a deadline due with the last wait): start nothing more.
    if (signal.aborted) throw signal.reason;
    let value: T;
    try {
      // A task that ignores its signal still cannot hold the caller past a deadline or a cancel.
      const request = callTask(signal, (own) => task({ attempt, signal: own }));
      value = await untilAborted(request, signal);
    } catch (error) {
      // The task's own rejection after our abort is the abort's consequence, not a failure.
      if (signal.aborted) throw signal.reason;
      progress.attempts++;
      const policy = pollPolicy(intervalAfter(attempt), backoff, retries);
      if (!policy.shouldRetry(errors)) throw error;
      await sleep(policy.delay(errors++), signal);
      continue;
    }
    progress.attempts++;
    progress.lastValue = value;
    errors = 0;
    if (until(value)) return value;
    await sleep(intervalAfter(attempt), signal);
  }
}
