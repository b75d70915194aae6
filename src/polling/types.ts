/** What a polling task is given for each request. */
export interface PollContext {
  /** Index of this request, 0 for the first; failed requests count too. */
  attempt: number;
  /** Aborted when the poller stops, its signal aborts or `pollUntil` times out: pass it to the request. */
  signal: AbortSignal;
}

/**
 * One request of a poller, usually an endpoint call.
 * @example ({ signal }) => jobApi.status({ params: { id } }, { signal })
 */
export type PollTask<T> = (context: PollContext) => Promise<T>;

/** A running poller: `stop()` ends it for good; `done` resolves once it has stopped. */
export interface Poller {
  /**
   * Stop polling: aborts the request in flight, clears every timer and listener and resolves
   * `done`. Idempotent; no callback runs after it, and the cancel it causes is not an error.
   */
  stop(): void;
  /** Resolves when the poller has stopped, by `stop()` or by its `signal`. Never rejects. */
  readonly done: Promise<void>;
}
