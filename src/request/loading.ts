import { callHook } from '../core/guard';
import { clearTimer, setTimer, type TimerHandle } from '../core/timers';
import type { NormalizedLoading } from './normalize';

/** One counted request, from `track` to `untrack`: holds its own delay timer until the bar shows. */
export interface LoadingTicket {
  timer: TimerHandle | undefined;
}

/** The loading bar of one instance: a counter of pending requests and a delayed show. */
export interface Loading {
  /** Count one request; its ticket goes back to `untrack`. */
  track(): LoadingTicket;
  /** Uncount a request counted by `track` (the engine calls it exactly once, in a finally). */
  untrack(ticket: LoadingTicket): void;
  /** Requests counted right now. */
  readonly count: number;
}

const hasDom = () => typeof document !== 'undefined';

type NProgressBar = typeof import('nprogress');
let bar: NProgressBar | undefined;
let barLoading: Promise<void> | undefined;
/** Whether the default bar should be showing: a `done` before nprogress has loaded cancels its `start`. */
let barWanted = false;

/**
 * Run `apply` on nprogress (none: only load it), at once when it has loaded. nprogress is in a chunk
 * of its own (4 KB minified): a page pays for it once a request is counted, and it has loaded long
 * before the bar's delay runs out. A chunk that fails to load leaves the page without a bar: nothing
 * to show, nothing to hide; requests are not affected, and the next one tries again.
 */
function withBar(apply?: (nprogress: NProgressBar) => void) {
  if (bar) return apply?.(bar);
  barLoading ??= import('nprogress').then(
    (module) => {
      bar = module.default;
    },
    () => {
      barLoading = undefined;
    },
  );
  if (apply) barLoading.then(() => bar && apply(bar));
}

// nprogress touches the DOM: without one (Node, a worker) the default bar does nothing.
const nprogressStart = () => {
  if (!hasDom()) return;
  barWanted = true;
  withBar((nprogress) => {
    if (barWanted) nprogress.start();
  });
};
const nprogressDone = () => {
  if (!hasDom() || !barWanted) return;
  barWanted = false;
  withBar((nprogress) => nprogress.done());
};

/**
 * Create the loading bar: it shows once a counted request has been pending `delay` ms (each
 * request's own wait: quick requests that merely overlap never show it) and hides when none is
 * pending, whatever the outcome. nprogress by default; `start`/`done` replace it.
 *
 * @example const loading = createLoading({ delay: 200, start: undefined, done: undefined });
 * const ticket = loading.track(); try { await request } finally { loading.untrack(ticket) }
 */
export function createLoading(options: NormalizedLoading): Loading {
  const custom = options.start !== undefined || options.done !== undefined;
  const start = options.start ?? nprogressStart;
  const done = options.done ?? nprogressDone;
  let count = 0;
  let shown = false;

  function show(ticket: LoadingTicket) {
    ticket.timer = undefined;
    // The ticket's timer is cleared when its request settles: firing means it is still pending.
    if (!shown) {
      shown = true;
      callHook(start);
    }
  }

  return {
    get count() {
      return count;
    },
    track() {
      count += 1;
      const ticket: LoadingTicket = { timer: undefined };
      // No timer at all when there is nothing to show (no DOM, no custom bar): Node pays nothing.
      if (!shown && (custom || hasDom())) {
        if (!custom) withBar(); // shown or not, a later start retries
        if (options.delay === 0) show(ticket);
        else ticket.timer = setTimer(() => show(ticket), options.delay);
      }
      return ticket;
    },
    untrack(ticket) {
      clearTimer(ticket.timer);
      ticket.timer = undefined;
      if (count === 0) return;
      count -= 1;
      if (count > 0 || !shown) return;
      shown = false;
      callHook(done);
    },
  };
}
