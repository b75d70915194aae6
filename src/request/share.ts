import type { GenericAbortSignal } from 'axios';

/** One trip shared by identical requests, and how many callers still wait on it. */
interface Trip<T> {
  readonly outcome: Promise<T>;
  readonly controller: AbortController;
  callers: number;
}

/** The table of shared trips of one instance (`dedupe: 'share'`). */
export interface SharedTrips<T> {
  /**
   * Wait on the trip of `key`, starting it with `start(signal)` when none is in flight. The caller
   * gets the trip's outcome, or, when its own `signal` aborts first, `canceled(reason)` alone; the
   * trip's signal aborts only once every caller has left.
   */
  join(
    key: string,
    signal: GenericAbortSignal | undefined,
    start: (signal: AbortSignal) => Promise<T>,
    canceled: (reason: unknown) => unknown,
  ): Promise<T>;
  /** Trips in flight. */
  readonly size: number;
}

/**
 * Create the shared-trips table of one instance (never module-level).
 * @example const trips = createSharedTrips(); trips.join(key, signal, run, (reason) => canceledError(reason))
 */
export function createSharedTrips<T>(): SharedTrips<T> {
  const trips = new Map<string, Trip<T>>();
  // A trip leaves the table when it settles or is aborted: the next identical request makes a new one.
  const forget = (key: string, trip: Trip<T>) => {
    if (trips.get(key) === trip) trips.delete(key);
  };

  return {
    join(key, signal, start, canceled) {
      if (signal?.aborted) return Promise.reject(canceled(readReason(signal)));
      let trip = trips.get(key);
      if (!trip) {
        const controller = new AbortController();
        const created: Trip<T> = { outcome: start(controller.signal), controller, callers: 0 };
        trips.set(key, created);
        const settled = () => forget(key, created);
        created.outcome.then(settled, settled);
        trip = created;
      }
      const current = trip;
      current.callers += 1;
      return new Promise<T>((resolve, reject) => {
        const finish = () => signal?.removeEventListener?.('abort', onAbort);
        // Once at most (the listener goes with it); a caller the outcome reached never leaves.
        const onAbort = () => {
          finish();
          const reason = readReason(signal);
          reject(canceled(reason));
          current.callers -= 1;
          if (current.callers > 0) return;
          // The last caller left before the answer: no one wants it any more.
          forget(key, current);
          current.controller.abort(reason ?? 'canceled');
        };
        signal?.addEventListener?.('abort', onAbort);
        current.outcome.then(finish, finish);
        current.outcome.then(resolve, reject);
      });
    },
    get size() {
      return trips.size;
    },
  };
}

function readReason(signal: GenericAbortSignal | undefined): unknown {
  return (signal as { reason?: unknown } | undefined)?.reason;
}
