import { isAxiosError, isCancel } from 'axios';
import { ApiError, type ApiErrorKind, isApiError } from '../core/errors';
import { callHook } from '../core/guard';
import { type MessageTable, messageFor } from '../core/messages';
import { clearTimer, setTimer } from '../core/timers';
import { isTimeoutCode } from '../core/to-api-error';
import { type AbortableSignal, untilAborted } from '../core/until-aborted';
import type { Attempt } from './attempt';
import type { NormalizedAuth } from './normalize';

/** The single-flight refresh of one instance. */
export interface Refresher {
  /** Bumped by every refresh that succeeded or ended the session: the token state's age. */
  readonly generation: number;
  /** Requests waiting for the refresh in flight. */
  readonly waiters: number;
  /**
   * The token to replay a 401 with: the current one when the request carried an older one, the
   * one from the refresh in flight (joined) or from a new refresh. Rejects with an `ApiError`.
   */
  renew(attempt: Attempt, unauthorized: ApiError, signal: AbortableSignal): Promise<string>;
  /**
   * Join the refresh in flight or start one, whatever token anyone carried (`session.refresh()`).
   * `stale`: the token to replace, when the caller knows it (a refresh ahead of its expiry).
   * Rejects with `unauthorized` when the session is over.
   */
  refresh(unauthorized: ApiError, stale?: string | null): Promise<string>;
}

type TransientKind = Extract<ApiErrorKind, 'network' | 'timeout' | 'canceled'>;
/**
 * How a refresh ended: a token, `null` when the session is over, or the refresh could not be made
 * at all (a transport failure).
 */
type Outcome = string | null | { transient: TransientKind; cause: unknown };

/**
 * Renew the token: `auth.refresh`, or with `crossTab` the lock-held refresh every tab shares.
 * `stale` is the token to replace (`null`: none; `undefined`: whatever this tab holds now).
 */
export type RenewToken = (stale: string | null | undefined) => Promise<string>;

/**
 * Create the refresh state of one instance (never module-level): one `refresh()` for a whole burst
 * of 401s; an auth failure calls `onExpired` once and rejects every waiter with its own 401 (and
 * later 401s of requests sent before it, without another refresh); a network error or timeout
 * rejects them with that kind and leaves the next 401 free to try again.
 *
 * @example const refresher = createRefresher(auth, auth.refresh, messages, 15000)
 */
export function createRefresher(
  auth: NormalizedAuth,
  refresh: RenewToken,
  messages: MessageTable,
  timeout: number,
  /** Told the new token after a refresh, `null` after an expiry (the session's `changed`). */
  onToken: (token: string | null) => void = () => undefined,
): Refresher {
  // What the last refresh that did not fail in transit ended with (undefined: none yet).
  let last: string | null | undefined;
  let flight: Promise<Outcome> | undefined;

  async function run(trigger: ApiError, stale: string | null | undefined): Promise<Outcome> {
    let token: unknown;
    try {
      token = await withDeadline(refresh(stale), timeout);
    } catch (error) {
      const kind = transientKind(error);
      if (kind) {
        flight = undefined;
        return { transient: kind, cause: error };
      }
    }
    // A refresh that gave no token ended the session, as one that failed.
    last = typeof token === 'string' && token !== '' ? token : null;
    if (last === null && auth.onExpired) callHook(auth.onExpired, trigger);
    flight = undefined;
    state.generation += 1;
    onToken(last);
    return last;
  }

  function settle(outcome: Outcome, unauthorized: ApiError): string {
    if (typeof outcome === 'string') return outcome;
    if (outcome === null) throw unauthorized;
    throw new ApiError({
      kind: outcome.transient,
      message: messageFor(messages, outcome.transient),
      method: unauthorized.method,
      url: unauthorized.url,
      cause: outcome.cause,
    });
  }

  async function join(
    signal: AbortableSignal | undefined,
    unauthorized: ApiError,
    stale: string | null | undefined,
  ): Promise<string> {
    // Joiners share the flight whatever token they carried: it renews this tab's token.
    if (!flight) flight = run(unauthorized, stale);
    state.waiters += 1;
    try {
      return settle(await (signal ? untilAborted(flight, signal) : flight), unauthorized);
    } finally {
      state.waiters -= 1;
    }
  }

  // Plain fields, not getters: the engine reads `generation` on every request with a token.
  const state: { -readonly [K in keyof Refresher]: Refresher[K] } = {
    generation: 0,
    waiters: 0,
    async renew(attempt, unauthorized, signal) {
      const stale = attempt.sentToken ?? null;
      if (flight) return join(signal, unauthorized, stale);
      // Another instance (or a sign-in) may have stored a newer token meanwhile: use it.
      // Raced against the call's signal: an async getToken that never settles must not hold it.
      const current = await untilAborted((async () => auth.getToken())(), signal);
      if (flight) return join(signal, unauthorized, stale);
      if (current && current !== attempt.sentToken) return current;
      // Sent before the last refresh ended: that refresh's outcome is this request's too.
      if (attempt.generation < state.generation && last !== undefined) {
        return settle(last, unauthorized);
      }
      return join(signal, unauthorized, stale);
    },
    refresh: (unauthorized, stale) => join(undefined, unauthorized, stale),
  };
  return state;
}

/** What `withDeadline` rejects with when its time is up. */
export const DEADLINE = Symbol('deadline');

function transientKind(error: unknown): TransientKind | undefined {
  if (error === DEADLINE) return 'timeout';
  if (isApiError(error)) {
    return error.kind === 'network' || error.kind === 'timeout' || error.kind === 'canceled'
      ? error.kind
      : undefined;
  }
  if (isCancel(error)) return 'canceled';
  // An axios error without a response (a refresh through another instance) is a transport failure.
  if (!isAxiosError(error) || error.response) return undefined;
  return isTimeoutCode(error.code) ? 'timeout' : 'network';
}

/**
 * Wait for `promise` at most `ms` (0: no limit); past it, reject with `DEADLINE`.
 * @example await withDeadline(auth.getToken(), 15000)
 */
export async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  if (ms <= 0) return promise;
  const deadline = new AbortController();
  const timer = setTimer(() => deadline.abort(DEADLINE), ms);
  try {
    return await untilAborted(promise, deadline.signal);
  } finally {
    clearTimer(timer);
  }
}
