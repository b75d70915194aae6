/** The part of an abort signal `untilAborted` needs: a real `AbortSignal` or the kit's `LightSignal`. */
export interface AbortableSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * Wait for `promise`, or reject with the signal's reason as soon as it aborts (the listener is
 * removed either way). Used where the kit waits on something that does not watch the signal
 * itself: a refresh in flight, or axios still inside an async request interceptor.
 *
 * @example await untilAborted(refreshInFlight, signal)
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortableSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    const done = () => signal.removeEventListener('abort', onAbort);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort);
    // Observed even after an abort, so its later rejection is not reported as unhandled.
    promise.then(resolve, reject);
    promise.then(done, done);
  });
}
