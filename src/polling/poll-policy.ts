import { type BackoffOptions, type ReconnectPolicy, reconnectPolicy } from '../core';

/** Floor of the error backoff when the interval is shorter, so a failing server is not hammered. */
const MIN_ERROR_DELAY = 100;

/**
 * The retry policy of a short poller (`poll`, `pollUntil`): the kit's one policy normaliser, its
 * backoff starting from the poll interval unless `backoff.min` says otherwise, `retries` failures
 * in a row tolerated.
 */
export function pollPolicy(
  interval: number,
  backoff: BackoffOptions = {},
  retries = Infinity,
): ReconnectPolicy {
  const min = backoff.min ?? Math.max(interval, MIN_ERROR_DELAY);
  return reconnectPolicy({ ...backoff, retries }, { min, max: Math.max(30_000, min) });
}
