/**
 * Call an app's hook (`onError`, `onExpired`, the loading bar) so that a hook that throws can
 * neither replace the request's own outcome nor vanish: its error is rethrown on a fresh task,
 * where the app's global error handler sees it.
 *
 * @example callHook(options.onError, error)
 */
export function callHook<A extends unknown[]>(hook: (...args: A) => void, ...args: A): void {
  try {
    hook(...args);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
