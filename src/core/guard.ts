// The one guard around code the app gave the kit (hooks, listeners, `onEvent`, `onValue`): whatever
// such a callback throws can neither break the kit's own loop or outcome nor vanish.

/** Rethrow on a fresh task, where the app's global error handler (or Node's) sees it. */
function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}

/**
 * Call an app's hook (`onError`, `onExpired`, the loading bar, a stream's `onEvent`, a socket's
 * handler) so that a hook that throws can neither replace the caller's own outcome nor vanish:
 * its error is rethrown on a fresh task, as an event listener's would be. A missing hook is a no-op.
 *
 * @example callHook(options.onError, error)
 * @example callHook(() => options.onOpen?.())
 */
export function callHook<A extends unknown[]>(
  hook: ((...args: A) => void) | undefined,
  ...args: A
): void {
  if (!hook) return;
  try {
    hook(...args);
  } catch (error) {
    rethrowLater(error);
  }
}

/**
 * `callHook`, with what the hook throws handed to `onThrow` first (a poller's `onError`, guarded
 * the same way); with no `onThrow`, or when the hook is `onThrow` itself, it is rethrown on a
 * fresh task.
 *
 * @example callHookOr(options.onError, options.onValue, value)
 */
export function callHookOr<A extends unknown[]>(
  onThrow: ((error: unknown) => void) | undefined,
  hook: (...args: A) => void,
  ...args: A
): void {
  try {
    hook(...args);
  } catch (error) {
    if (onThrow && onThrow !== (hook as unknown)) callHook(onThrow, error);
    else rethrowLater(error);
  }
}
