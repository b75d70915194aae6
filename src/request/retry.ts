import { backoffDelay } from '../core/backoff';
import type { ApiError } from '../core/errors';
import type { NormalizedRetry } from './normalize';

/** Decides whether a failed attempt is retried, and after how long (ms); `undefined`: not retried. */
export type RetryPolicy = (
  error: ApiError,
  retriesDone: number,
  method: string,
  perRequest: number | false | undefined,
) => number | undefined;

/**
 * The retry decision, apart from the scheduling: idempotent methods only, on network errors,
 * timeouts and the retryable statuses, never after a cancel; the delay is `Retry-After` (seconds or
 * an HTTP date) when the server sent one (longer than `maxDelay`: no retry at all), or else the
 * kit's backoff.
 *
 * @example createRetryPolicy(normalizeOptions().retry!)(error, 0, 'get', undefined) // e.g. 213
 */
export function createRetryPolicy(retry: NormalizedRetry): RetryPolicy {
  return (error, retriesDone, method, perRequest) => {
    const limit = perRequest == null ? retry.retries : perRequest === false ? 0 : perRequest;
    if (retriesDone >= limit || !retry.methods.has(method)) return undefined;
    const retryable =
      error.kind === 'network' ||
      error.kind === 'timeout' ||
      (error.kind === 'http' && error.status !== undefined && retry.statuses.has(error.status));
    if (!retryable) return undefined;
    const after = retryAfterMs(error.response?.headers['retry-after'], Date.now());
    // Respected, never shortened: a server that asks for longer than the kit will wait is not
    // retried early; the caller gets its error (with the header) at once.
    if (after !== undefined) return after <= retry.backoff.max ? after : undefined;
    return backoffDelay(retriesDone, retry.backoff);
  };
}

/**
 * A `Retry-After` header in ms: delay-seconds or an HTTP date (a past date is 0); `undefined` when
 * absent or unreadable.
 * @example retryAfterMs('2', Date.now()) // 2000
 */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
