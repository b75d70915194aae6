import { type AbortableSignal, untilAborted } from './until-aborted';

/** How the kit schedules: swap it in tests, or count what is still scheduled. */
export interface TimerProvider {
  /** Schedule `callback` after `ms`; returns the provider's own handle. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancel a handle returned by this provider's `setTimeout`. */
  clearTimeout(handle: unknown): void;
}

// Read the globals at call time, so vi.useFakeTimers() (installed after import) is honoured.
const globalProvider: TimerProvider = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

let provider: TimerProvider = globalProvider;

/**
 * The longest delay a timer keeps (2^31 - 1 ms, about 24.8 days): browsers and Node run a longer
 * one at once (Node warns `TimeoutOverflowWarning`), which made `timeout: 2 ** 40` time out in 1 ms.
 */
const MAX_DELAY = 2_147_483_647;

// The real timers and their monotonic clock, as found at import: a fake clock installed later
// replaces the globals, not these (and one installed before marks its functions with `clock`).
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
const realNow =
  typeof performance !== 'undefined' &&
  typeof performance.now === 'function' &&
  typeof realSetTimeout === 'function' &&
  !('clock' in realSetTimeout) &&
  !('clock' in performance.now)
    ? performance.now.bind(performance)
    : undefined;
// A count and a flag on each handle, not a Set of live handles: a Set that gains and loses an entry
// per request rebuilds its table every few requests, and the tables the young-generation GC
// promoted kept whole requests alive until the next full GC.
let liveCount = 0;

/** An opaque handle returned by `setTimer`. */
export interface TimerHandle {
  /** The delay the timer was scheduled with. */
  readonly ms: number;
}

/** What a handle holds inside: the provider that scheduled it, and that provider's own handle. */
interface LiveTimer extends TimerHandle {
  readonly owner: TimerProvider;
  inner: unknown;
  /** Scheduled, not yet run or cleared. */
  live: boolean;
}

/**
 * Replace the timer source (returns a function that restores the previous one).
 * @example const restore = setTimerProvider(myClock); … restore()
 */
export function setTimerProvider(next: TimerProvider): () => void {
  const previous = provider;
  provider = next;
  return () => {
    provider = previous;
  };
}

/**
 * Schedule `callback` after `ms`, through the current provider.
 * @example const timer = setTimer(poll, 1000); … clearTimer(timer)
 */
export function setTimer(callback: () => void, ms: number): TimerHandle {
  const handle: LiveTimer = { ms, owner: provider, inner: undefined, live: true };
  liveCount += 1;
  handle.inner = provider.setTimeout(
    () => {
      if (!handle.live) return;
      handle.live = false;
      liveCount -= 1;
      callback();
    },
    Math.min(ms, MAX_DELAY),
  );
  return handle;
}

/**
 * Cancel a timer from `setTimer`; a no-op for `undefined` or a timer that already ran.
 * @example clearTimer(timer)
 */
export function clearTimer(handle: TimerHandle | undefined): void {
  // Only handles made by setTimer are `live`: anything else (or a timer that ran) is a no-op.
  const timer = handle as LiveTimer | undefined;
  if (timer?.live !== true) return;
  timer.live = false;
  liveCount -= 1;
  timer.owner.clearTimeout(timer.inner);
}

/**
 * Wait `ms`, or reject with the signal's reason as soon as it aborts (the timer is then cleared).
 * @example await sleep(backoffDelay(attempt), signal)
 */
export function sleep(ms: number, signal?: AbortableSignal): Promise<void> {
  let timer: TimerHandle | undefined;
  const slept = new Promise<void>((resolve) => {
    timer = setTimer(resolve, ms);
  });
  return signal ? untilAborted(slept, signal).finally(() => clearTimer(timer)) : slept;
}

/**
 * The time on the real timers' clock (ms, monotonic), or `undefined` when the kit's timers are not
 * the real ones (another provider is set, or a fake clock replaced `setTimeout`): deadlines kept on
 * a `DeadlineTimer` need a clock on the same time line as its timer, and fall back to a `setTimer`
 * each without one.
 * @example const now = realClock(); if (now !== undefined) deadlines.add(now + timeout)
 */
export function realClock(): number | undefined {
  return realNow !== undefined &&
    provider === globalProvider &&
    globalThis.setTimeout === realSetTimeout
    ? realNow()
    : undefined;
}

/** Many deadlines on one real timer (see `createDeadlineTimer`). */
export interface DeadlineTimer {
  /** Work with a deadline (`realClock()` time) started: the timer fires by then. */
  add(deadline: number): void;
  /** Work added with `add` settled (whether or not its deadline passed). */
  done(): void;
}

/**
 * One timer for the deadlines of many pieces of work that the owner can find again (an instance's
 * attempts in flight), instead of one timer each: scheduling and clearing a timer per request was
 * a measurable share of the kit's cost. The timer is armed for the earliest deadline added; when it
 * fires, `due(now)` ends the work whose deadline is `now` or earlier and returns the earliest
 * deadline still pending (`Infinity` for none), for which it is armed again. A deadline later than
 * the armed one leaves the timer as it is. While nothing is pending the timer holds no process
 * open (Node's `unref`) and `activeTimerCount()` does not count it; while work is pending it counts
 * once.
 *
 * @example const deadlines = createDeadlineTimer((now) => expire(now)); deadlines.add(now + 15_000)
 */
export function createDeadlineTimer(due: (now: number) => number): DeadlineTimer {
  let handle: ReturnType<typeof setTimeout> | undefined;
  let target = Infinity;
  let pending = 0;

  // Node's timers can hold the process open; a browser's are numbers.
  const hold = (held: boolean) => {
    const timer = handle as { ref?(): unknown; unref?(): unknown } | undefined;
    if (typeof timer === 'object') {
      if (held) timer.ref?.();
      else timer.unref?.();
    }
  };

  function arm(deadline: number, now: number): void {
    // A deadline past the longest delay is armed for that delay, and then for the rest.
    target = Math.min(deadline, now + MAX_DELAY);
    handle = realSetTimeout(fire, Math.max(0, Math.ceil(target - now)));
    if (pending === 0) hold(false);
  }

  function fire(): void {
    handle = undefined;
    // The timer's word is final: its target has passed, whatever the clock reads.
    const now = Math.max(realNow?.() ?? target, target);
    target = Infinity;
    const next = due(now);
    if (next !== Infinity) arm(next, now);
  }

  return {
    add(deadline) {
      pending += 1;
      if (pending === 1) {
        liveCount += 1;
        hold(true);
      }
      if (deadline >= target) return;
      if (handle !== undefined) realClearTimeout(handle);
      arm(deadline, realNow?.() ?? deadline);
    },
    done() {
      pending -= 1;
      if (pending > 0) return;
      liveCount -= 1;
      hold(false);
    },
  };
}

/**
 * `setTimer` and `clearTimer`, handed to the lazily loaded modules (cross-tab, refresh-ahead), so
 * that their chunks do not import this module: a module a lazy chunk shares with the page is split
 * by esbuild into a chunk of its own (gzipped alone) and kept as a separate module by webpack.
 */
export interface Timers {
  setTimer: typeof setTimer;
  clearTimer: typeof clearTimer;
}

/**
 * How many kit timers are scheduled right now: 0 after everything is stopped.
 * @example poller.stop(); expect(activeTimerCount()).toBe(0)
 */
export function activeTimerCount(): number {
  return liveCount;
}
