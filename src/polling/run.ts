import { canceledError, type MessageTable } from '../core';
import type { Poller } from './types';

/** The lifecycle shared by `poll` and `longPoll`: one signal, one stop, one `done`. */
export interface Run {
  /** Aborted (with a `'canceled'` ApiError) once the poller stops. */
  readonly signal: AbortSignal;
  /** What the caller gets back. */
  readonly poller: Poller;
  /** Register what `stop()` must undo (timers, listeners); runs at once if already stopped. */
  onStop(cleanup: () => void): void;
}

/** Start a poller's lifecycle, stopped at once if `external` is already aborted. */
export function startRun(external: AbortSignal | undefined, messages?: MessageTable): Run {
  const controller = new AbortController();
  const cleanups: Array<() => void> = [];
  let resolveDone = () => {};
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });

  const stop = () => {
    if (controller.signal.aborted) return;
    external?.removeEventListener('abort', stop);
    // Abort first so the request in flight sees the cancel before any state is torn down.
    controller.abort(canceledError(external?.aborted ? external.reason : undefined, { messages }));
    for (const cleanup of cleanups.splice(0)) cleanup();
    resolveDone();
  };

  if (external?.aborted) stop();
  else external?.addEventListener('abort', stop, { once: true });

  return {
    signal: controller.signal,
    poller: { stop, done },
    onStop(cleanup) {
      if (controller.signal.aborted) cleanup();
      else cleanups.push(cleanup);
    },
  };
}
