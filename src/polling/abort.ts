/**
 * Start one request of a poller: `call` gets a fresh signal that aborts with `parent`, a
 * synchronous throw becomes a rejection like any other failure, and the link to `parent` is
 * dropped once the request settles. A fresh signal per request, because sharing the poller's one
 * signal across hundreds of requests would pile up abort listeners on it.
 */
export function callTask<T>(
  parent: AbortSignal,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const forward = () => controller.abort(parent.reason);
  if (parent.aborted) forward();
  else parent.addEventListener('abort', forward, { once: true });
  return new Promise<T>((resolve) => resolve(call(controller.signal))).finally(() =>
    parent.removeEventListener('abort', forward),
  );
}
