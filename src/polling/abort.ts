import type { PollContext, PollTask } from './types';

/**
 * A fresh signal per request that aborts with `parent`. Sharing the poller's one signal
 * across hundreds of requests would pile up abort listeners on it; `release` drops the link.
 */
export function childSignal(parent: AbortSignal): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { signal: controller.signal, release: () => {} };
  }
  const forward = () => controller.abort(parent.reason);
  parent.addEventListener('abort', forward, { once: true });
  return {
    signal: controller.signal,
    release: () => parent.removeEventListener('abort', forward),
  };
}

/** Run a task so that a synchronous throw becomes a rejection like any other failure. */
export function callTask<T>(task: PollTask<T>, context: PollContext): Promise<T> {
  return new Promise<T>((resolve) => resolve(task(context)));
}
