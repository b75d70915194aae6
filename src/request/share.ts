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

  function leave(key: string, trip: Trip<T>, reason?: unknown) {
    trip.callers -= 1;
    if (trip.callers > 0 || reason === undefined) return;
    // The last caller left before the answer: no one wants it any more.
    if (trips.get(key) === trip) trips.delete(key);
    trip.controller.abort(reason);
  }

  return {
    join(key, signal, start, canceled) {
      if (signal?.aborted) return Promise.reject(canceled(readReason(signal)));
      let trip = trips.get(key);
      if (!trip) {
        const controller = new AbortController();
        const outcome = start(controller.signal);
        const created: Trip<T> = { outcome, controller, callers: 0 };
        trips.set(key, created);
        // A settled trip makes room at once: the next identical request makes a new one.
        const forget = () => {
          if (trips.get(key) === created) trips.delete(key);
        };
        outcome.then(forget, forget);
        trip = created;
      }
      trip.callers += 1;
      const current = trip;
      return new Promise<T>((resolve, reject) => {
        let settled = false;
        const onAbort = () => {
          if (settled) return;
          settled = true;
          const reason = readReason(signal);
          reject(canceled(reason));
          leave(key, current, reason ?? 'canceled');
        };
        const finish = () => {
          signal?.removeEventListener?.('abort', onAbort);
          if (settled) return false;
          settled = true;
          leave(key, current);
          return true;
        };
        signal?.addEventListener?.('abort', onAbort);
        current.outcome.then(
          (value) => {
            if (finish()) resolve(value);
          },
          (error: unknown) => {
            if (finish()) reject(error);
          },
        );
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
