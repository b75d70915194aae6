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

/**
 * Settles like `promise`, or rejects with the signal's reason as soon as it aborts, so a task
 * that ignores its signal cannot hold the caller past a deadline or a cancel.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      // Still observe the task so its later rejection is not reported as unhandled.
      promise.catch(() => undefined);
      reject(signal.reason);
      return;
    }
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Run a task so that a synchronous throw becomes a rejection like any other failure. */
export function callTask<T>(task: PollTask<T>, context: PollContext): Promise<T> {
  return new Promise<T>((resolve) => resolve(task(context)));
}
