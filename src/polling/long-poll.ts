import { type BackoffOptions, backoffDelay, clearTimer, setTimer, type TimerHandle } from '../core';
import { callTask } from './abort';
import { invoke, startRun } from './run';
import type { Poller } from './types';

/** Options of `longPoll`. */
export interface LongPollOptions<T, C> {
  /** The cursor for the next request, from a delivered value (e.g. the last event id). */
  cursor?(value: T): C;
  /** Where to start (e.g. a cursor saved before a page reload). @default undefined */
  initialCursor?: C;
  /** Gets every value the task resolves with, in order, empty batches included; never after `stop()`. */
  onValue(value: T): void;
  /**
   * Gets every task failure (an `ApiError` when the task is an endpoint call) and what
   * `onValue` or `cursor` throws. Cancels caused by `stop()` or `signal` are not reported.
   */
  onError?(error: unknown): void;
  /** Aborting it stops the poller, as `stop()` does. */
  signal?: AbortSignal;
  /**
   * Backoff after consecutive failures (the kit's `backoffDelay`, jittered); a success resets it.
   * @default { min: 1000, max: 30000 }
   */
  backoff?: BackoffOptions;
  /**
   * Least time in ms between two request starts, so a server that answers at once, over and
   * over, cannot make the client spin (at most 10 requests a second by default).
   * @default 100
   */
  minGap?: number;
}

/**
 * Long-poll: ask again as soon as each answer arrives (a server-side timeout is an answer too:
 * map a 204 or an empty batch to a value). The cursor only advances from a delivered value,
 * so when the task honours it no event is lost or delivered twice across reconnects.
 *
 * @typeParam T - What the task resolves with (a batch).
 * @typeParam C - The cursor. Defaults to `string` (the usual wire cursor), so an unannotated
 *   `(cursor, signal) => …` task type-checks; for another type annotate the task's `cursor`
 *   parameter or pass `initialCursor`.
 * @example
 * const feed = longPoll((cursor, signal) => feedApi.since({ query: { cursor } }, { signal }), {
 *   cursor: (batch) => batch.cursor, onValue: (batch) => batch.events.forEach(show),
 * });
 */
export function longPoll<T, C = string>(
  task: (cursor: C | undefined, signal: AbortSignal) => Promise<T>,
  options: LongPollOptions<T, C>,
): Poller {
  const { onValue, onError, minGap = 100 } = options;
  const backoff: BackoffOptions = { min: 1000, max: 30_000, ...options.backoff };
  const run = startRun(options.signal);
  let cursor = options.initialCursor;
  let gate: TimerHandle | undefined;
  let wait: TimerHandle | undefined;
  let due = false;
  let errors = 0;

  const fail = (error: unknown) => {
    if (onError) invoke(onError, error);
    wait = setTimer(
      () => {
        wait = undefined;
        start();
      },
      backoffDelay(errors++, backoff),
    );
  };

  const deliver = (value: T) => {
    let nextCursor = cursor;
    try {
      if (options.cursor) nextCursor = options.cursor(value);
    } catch (error) {
      // Not delivered, so the cursor stays: the same answer is asked for again after backoff.
      fail(error);
      return;
    }
    errors = 0;
    invoke(onValue, value, onError);
    cursor = nextCursor;
    start();
  };

  function start() {
    if (run.signal.aborted) return;
    if (gate) {
      due = true;
      return;
    }
    due = false;
    if (minGap > 0) {
      gate = setTimer(() => {
        gate = undefined;
        if (due) start();
      }, minGap);
    }
    callTask(run.signal, (signal) => task(cursor, signal)).then(
      (value) => {
        if (!run.signal.aborted) deliver(value);
      },
      (error: unknown) => {
        if (!run.signal.aborted) fail(error);
      },
    );
  }

  run.onStop(() => {
    clearTimer(gate);
    clearTimer(wait);
  });
  start();
  return run.poller;
}
