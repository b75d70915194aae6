import type { TimerHandle, Timers } from '../core/timers';
import { jwtExpiry } from './jwt-expiry';

/** Refreshes the current token a set time before its JWT `exp`. */
export interface RefreshAhead {
  /** The token is now `token`: schedule its refresh (a token that is not a JWT with `exp`: none). */
  track(token: string | null): void;
  /** Cancel the scheduled refresh. */
  stop(): void;
}

/** What `createRefreshAhead` needs. */
export interface RefreshAheadOptions {
  /** How long before `exp` to refresh, in ms (`auth.refreshAhead`). */
  ahead: number;
  /**
   * Renew `stale`: the instance's single-flight refresh, which with `crossTab` uses another tab's
   * newer token instead when there is one. Its failures are the instance's to report (`onExpired`).
   */
  refresh(stale: string): Promise<unknown>;
  /** The kit's timers (`core/timers`), passed in so that this lazy chunk does not import them. */
  timers: Timers;
  /** The clock, injectable for tests. @default Date.now */
  now?(): number;
}

// setTimeout runs a longer delay at once (it overflows a 32-bit int): wake up and look again.
const LONGEST_TIMER = 2_147_483_647;

/**
 * Schedule the refresh of each token `ahead` ms before its JWT `exp`, so that no request meets a
 * 401 for an expired token. Never sooner than halfway through the time the token has left: with
 * `ahead` longer than the server's token lifetime, refreshes still come once per half-life rather
 * than in a loop. A token already expired, or not a JWT, is left to the refresh on 401.
 *
 * @example const ahead = createRefreshAhead({ ahead: 30_000, refresh: (stale) => renew(stale) })
 */
export function createRefreshAhead(options: RefreshAheadOptions): RefreshAhead {
  const now = options.now ?? Date.now;
  const { setTimer, clearTimer } = options.timers;
  let timer: TimerHandle | undefined;
  let tracked: string | null = null;

  function schedule(token: string) {
    const expiresAt = jwtExpiry(token);
    if (expiresAt === undefined) return;
    const left = expiresAt - now();
    if (left <= 0) return;
    const delay = Math.max(left - options.ahead, left / 2);
    timer = setTimer(
      () => {
        timer = undefined;
        if (tracked !== token) return;
        if (delay > LONGEST_TIMER) {
          schedule(token);
          return;
        }
        options.refresh(token).catch(() => {
          // Already reported: an auth failure through onExpired and the session's onChange(null);
          // a network failure leaves the refresh to the next 401.
        });
      },
      Math.min(delay, LONGEST_TIMER),
    );
  }

  return {
    track(token) {
      if (token === tracked) return;
      clearTimer(timer);
      timer = undefined;
      tracked = token;
      if (token) schedule(token);
    },
    stop() {
      clearTimer(timer);
      timer = undefined;
      tracked = null;
    },
  };
}
