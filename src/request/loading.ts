import NProgress from 'nprogress';
import { callHook } from './hooks';
import type { NormalizedLoading } from './normalize';
import { clearTimer, setTimer, type TimerHandle } from './timers';

/** The loading bar of one instance: a counter of pending requests and a delayed show. */
export interface Loading {
  /** Count one request. */
  track(): void;
  /** Uncount one request counted by `track` (the engine calls it exactly once, in a finally). */
  untrack(): void;
  /** Requests counted right now. */
  readonly count: number;
}

const hasDom = () => typeof document !== 'undefined';

// nprogress touches the DOM: without one (Node, a worker) the default bar does nothing.
const nprogressStart = () => {
  if (hasDom()) NProgress.start();
};
const nprogressDone = () => {
  if (hasDom()) NProgress.done();
};

/**
 * Create the loading bar: it shows once a counted request has been pending `delay` ms and hides
 * when none is pending, whatever the outcome. nprogress by default; `start`/`done` replace it.
 *
 * @example const loading = createLoading({ delay: 200, start: undefined, done: undefined });
 * loading.track(); try { await request } finally { loading.untrack() }
 */
export function createLoading(options: NormalizedLoading): Loading {
  const custom = options.start !== undefined || options.done !== undefined;
  const start = options.start ?? nprogressStart;
  const done = options.done ?? nprogressDone;
  let count = 0;
  let shown = false;
  let timer: TimerHandle | undefined;

  function show() {
    timer = undefined;
    if (count > 0 && !shown) {
      shown = true;
      callHook(start);
    }
  }

  function untrack() {
    if (count === 0) return;
    count -= 1;
    if (count > 0) return;
    clearTimer(timer);
    timer = undefined;
    if (shown) {
      shown = false;
      callHook(done);
    }
  }

  return {
    get count() {
      return count;
    },
    track() {
      count += 1;
      // No timer at all when there is nothing to show (no DOM, no custom bar): Node pays nothing.
      if (count === 1 && !shown && timer === undefined && (custom || hasDom())) {
        if (options.delay === 0) show();
        else timer = setTimer(show, options.delay);
      }
    },
    untrack,
  };
}
