import { isAxiosError, isCancel } from 'axios';
import { ApiError, type ApiErrorKind, isApiError } from './errors';
import { callHook } from './hooks';
import type { MessageTable } from './messages';
import type { NormalizedAuth } from './normalize';
import { clearTimer, setTimer } from './timers';

/** The single-flight refresh of one instance. */
export interface Refresher {
  /** How many refreshes have succeeded: a 401 on a token read in an older generation replays at once. */
  readonly generation: number;
  /** Requests waiting for the refresh in flight. */
  readonly waiters: number;
  /**
   * The token to replay a 401 with: the one a newer refresh already returned, or the one from the
   * refresh in flight (joined), or from a new one. Rejects with an `ApiError` when it fails.
   */
  renew(sentGeneration: number, unauthorized: ApiError, signal: AbortSignal): Promise<string>;
}

type TransientKind = Extract<ApiErrorKind, 'network' | 'timeout' | 'canceled'>;
/** How a refresh failed: the session is over, or the refresh could not be made at all. */
type Failure = { expired: true } | { expired: false; kind: TransientKind; cause: unknown };

/**
 * Create the refresh state of one instance (never module-level): one `refresh()` for a whole burst
 * of 401s; an auth failure calls `onExpired` once and rejects every waiter with its own 401; a
 * network error or timeout rejects them with that kind and leaves the next 401 free to try again.
 *
 * @example const refresher = createRefresher(auth, refresh, messages, 15000)
 */
export function createRefresher(
  auth: NormalizedAuth,
  refresh: () => Promise<string>,
  messages: MessageTable,
  timeout: number,
): Refresher {
  let generation = 0;
  let latest: string | undefined;
  let flight: Promise<string | Failure> | undefined;
  let waiters = 0;

  async function run(trigger: ApiError): Promise<string | Failure> {
    try {
      const token = await withDeadline(refresh(), timeout);
      if (typeof token !== 'string' || token === '') throw new TypeError('refresh() gave no token');
      generation += 1;
      latest = token;
      return token;
    } catch (error) {
      const kind = transientKind(error);
      if (kind) return { expired: false, kind, cause: error };
      latest = undefined;
      if (auth.onExpired) callHook(auth.onExpired, trigger);
      return { expired: true };
    } finally {
      flight = undefined;
    }
  }

  return {
    get generation() {
      return generation;
    },
    get waiters() {
      return waiters;
    },
    async renew(sentGeneration, unauthorized, signal) {
      if (!flight) {
        if (sentGeneration < generation && latest !== undefined) return latest;
        flight = run(unauthorized);
      }
      waiters += 1;
      try {
        const outcome = await untilAborted(flight, signal);
        if (typeof outcome === 'string') return outcome;
        if (outcome.expired) throw unauthorized;
        throw new ApiError({
          kind: outcome.kind,
          message: messages[outcome.kind] ?? messages.default ?? 'The request failed.',
          method: unauthorized.method,
          url: unauthorized.url,
          cause: outcome.cause,
        });
      } finally {
        waiters -= 1;
      }
    },
  };
}

const TIMEOUT = Symbol('refresh timeout');

function transientKind(error: unknown): TransientKind | undefined {
  if (error === TIMEOUT) return 'timeout';
  if (isApiError(error)) {
    return error.kind === 'network' || error.kind === 'timeout' || error.kind === 'canceled'
      ? error.kind
      : undefined;
  }
  if (isCancel(error)) return 'canceled';
  // An axios error without a response (a refresh through another instance) is a transport failure.
  if (!isAxiosError(error) || error.response) return undefined;
  return error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT' ? 'timeout' : 'network';
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  if (ms <= 0) return promise;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimer(() => reject(TIMEOUT), ms);
    promise.then(
      (value) => {
        clearTimer(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimer(timer);
        reject(error);
      },
    );
  });
}

/** Wait for `promise`, or reject with the signal's reason as soon as it aborts (listener removed). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
