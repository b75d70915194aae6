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
  handle.inner = provider.setTimeout(() => {
    if (!handle.live) return;
    handle.live = false;
    liveCount -= 1;
    callback();
  }, ms);
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
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimer(timer);
      reject(signal?.reason);
    };
    const timer = setTimer(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * How many kit timers are scheduled right now: 0 after everything is stopped.
 * @example poller.stop(); expect(activeTimerCount()).toBe(0)
 */
/**
 * `setTimer` and `clearTimer`, handed to the lazily loaded modules (cross-tab, refresh-ahead), so
 * that their chunks do not import this module: a module a lazy chunk shares with the page is split
 * by esbuild into a chunk of its own (gzipped alone) and kept as a separate module by webpack.
 */
export interface Timers {
  setTimer: typeof setTimer;
  clearTimer: typeof clearTimer;
}

export function activeTimerCount(): number {
  return liveCount;
}
