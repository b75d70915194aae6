import { type BackoffOptions, backoffDelay } from '../core';

/** Floor of the error backoff when the interval is shorter, so a failing server is not hammered. */
const MIN_ERROR_DELAY = 100;

/**
 * Wait after the `errors`-th consecutive failure (1 for the first) of a short poller: the kit's
 * backoff, starting from the poll interval unless `backoff.min` says otherwise.
 */
export function errorDelay(errors: number, interval: number, backoff: BackoffOptions = {}): number {
  const min = backoff.min ?? Math.max(interval, MIN_ERROR_DELAY);
  return backoffDelay(errors - 1, { ...backoff, min, max: backoff.max ?? Math.max(30_000, min) });
}
