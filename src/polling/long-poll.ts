import {
  type BackoffOptions,
  callHook,
  callHookOr,
  checkMs,
  clearTimer,
  type MessageTable,
  reconnectPolicy,
  setTimer,
  type TimerHandle,
} from '../core';
import { startRun } from './run';
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
   * The table the poller's own errors take their message from (its cancel): pass
   * `http.messages` so they speak the instance's language. @default enMessages
   */
  messages?: MessageTable;
  /**
   * Backoff after consecutive failures (the kit's `backoffDelay`, jittered); a success resets it.
   * @default { min: 1000, max: 30000 }
   */
  backoff?: BackoffOptions;
  /**
   * Least time in ms between two request starts when the answer brought nothing new, so a
   * server that answers at once, over and over, cannot make the client spin (at most 10
   * requests a second by default, from the first request on). An answer that brought something is
   * followed by the next request at once (up to one start per ms on average): the gap never delays
   * an event. A gap window that let several requests through (answers that brought something) is
   * paid back with one more window before the next wait after an answer that brought nothing ends.
   * @default 100
   */
  minGap?: number;
  /**
   * Whether a value brought nothing new (an empty batch), which is when `minGap` applies.
   * @default with `cursor`: the cursor did not move (`Object.is`); without it: always
   */
  isEmpty?(value: T): boolean;
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
  const { onValue, onError, isEmpty } = options;
  const minGap = checkMs(options.minGap ?? 100, 'minGap', options.messages);
  // The kit's one policy normaliser; a long poll never gives up by itself (stop() ends it).
  const policy = reconnectPolicy(options.backoff, { min: 1000, max: 30_000 });
  const run = startRun(options.signal, options.messages);
  let cursor = options.initialCursor;
  let gate: TimerHandle | undefined;
  let wait: TimerHandle | undefined;
  // A start held for the window to close, and why: after an answer that brought nothing (or an
  // error), or because the window's one-start-per-ms cap was reached.
  let due: 'empty' | 'cap' | undefined;
  let starts = 0;
  let errors = 0;
  // The controller of the request in flight (one at a time): stop() aborts it. A fresh one per
  // request, so listeners a task leaves on its signal (native fetch removes its own only when
  // the request is collected) end with that request; but no listener on the run per request.
  let inFlight: AbortController | undefined;

  const fail = (error: unknown) => {
    callHook(onError, error);
    wait = setTimer(() => {
      wait = undefined;
      start();
    }, policy.delay(errors++));
  };

  const deliver = (value: T) => {
    let nextCursor = cursor;
    let empty: boolean;
    try {
      if (options.cursor) nextCursor = options.cursor(value);
      empty = isEmpty ? isEmpty(value) : !options.cursor || Object.is(nextCursor, cursor);
    } catch (error) {
      // Not delivered, so the cursor stays: the same answer is asked for again after backoff.
      fail(error);
      return;
    }
    errors = 0;
    callHookOr(onError, onValue, value);
    cursor = nextCursor;
    start(!empty);
  };

  // The gate is a window of `minGap` ms, opened by the first start after the last one closed.
  // Inside it, an answer that brought something is followed at once, up to one start per ms of
  // the window (so a task that resolves at once with a moving cursor still cannot starve the
  // page); an answer that brought nothing, or an error's retry, waits for the window to close.
  // A window that let more than one start through is paid back with one more window before such
  // a wait ends: the first answer of a run always moves the cursor, and without the payback a
  // server answering nothing at once got 11 requests in the first second, not 10.
  function closeWindow() {
    if (due === 'empty' && starts > 1) {
      starts = 0;
      gate = setTimer(closeWindow, minGap);
      return;
    }
    gate = undefined;
    if (due) start();
  }

  function start(fresh = false) {
    if (run.signal.aborted) return;
    if (gate && (!fresh || starts >= minGap)) {
      due = fresh ? 'cap' : 'empty';
      return;
    }
    if (!gate && minGap > 0) {
      starts = 0;
      gate = setTimer(closeWindow, minGap);
    }
    due = undefined;
    starts++;
    const controller = new AbortController();
    inFlight = controller;
    let request: Promise<T>;
    try {
      // A native promise is used as it is: the answer is delivered one turn after it settles.
      request = Promise.resolve(task(cursor, controller.signal));
    } catch (error) {
      // A synchronous throw is a failure like any other.
      request = Promise.reject(error);
    }
    request.then(
      (value) => {
        if (inFlight === controller) inFlight = undefined;
        if (!run.signal.aborted) deliver(value);
      },
      (error: unknown) => {
        if (inFlight === controller) inFlight = undefined;
        if (!run.signal.aborted) fail(error);
      },
    );
  }

  run.onStop(() => {
    // The request in flight sees the cancel (the run's reason) before the timers go.
    inFlight?.abort(run.signal.reason);
    inFlight = undefined;
    clearTimer(gate);
    clearTimer(wait);
  });
  start();
  return run.poller;
}
