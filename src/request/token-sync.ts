import { ApiError } from '../core/errors';
import { type MessageTable, messageFor } from '../core/messages';
import { clearTimer, setTimer } from '../core/timers';
import { type LazyCrossTab, loadCrossTab } from './cross-tab-loader';
import type { NormalizedAuth } from './normalize';
import type { Refresher, RenewToken } from './refresh';
import type { RefreshAhead } from './refresh-ahead';
import type { SessionHub } from './session';
import { chosenTabEnvironment } from './tab-environment';

/** An instance's token as the other tabs and the clock see it (`crossTab`, `refreshAhead`). */
export interface TokenSync {
  /** `auth`, its `getToken` seen through what the other tabs changed (and watched for expiry). */
  auth: NormalizedAuth;
  /** What the refresher calls to renew the token. */
  renew: RenewToken;
  /** Plug into the instance's session and refresher, once both exist (before any request). */
  connect(hub: SessionHub, refresher: Refresher | undefined): void;
}

/** What the sync needs from the instance's options. */
export interface TokenSyncOptions {
  timeout: number;
  messages: MessageTable;
  baseURL?: string | undefined;
}

/**
 * Wire `auth.crossTab` and `auth.refreshAhead` into an instance. With neither (or `crossTab` where
 * the platform has no Web Locks or BroadcastChannel, and no `refreshAhead`) `auth` comes back
 * as it was: nothing is added to a request's path.
 *
 * @example const sync = createTokenSync(auth, options); … sync.connect(hub, refresher)
 */
export function createTokenSync(auth: NormalizedAuth, options: TokenSyncOptions): TokenSync {
  const { refresh } = auth;
  const renewAlone: RenewToken = () =>
    refresh ? refresh() : Promise.reject(new Error('auth.refresh is not set'));
  const env = auth.crossTab === undefined ? undefined : chosenTabEnvironment();
  if (!env && auth.refreshAhead === undefined) {
    return { auth, renew: renewAlone, connect: () => undefined };
  }

  let hub: SessionHub | undefined;
  let ahead: RefreshAhead | undefined;
  // refreshAhead's module (and its JWT reader) is imported by an instance that asks for it, so a
  // page without it carries none of it; the last token seen before it arrives is tracked then.
  let early: { token: string | null } | undefined;
  const track = (token: string | null) => {
    if (ahead) ahead.track(token);
    else if (auth.refreshAhead !== undefined) early = { token };
  };
  const tabs: LazyCrossTab | undefined =
    env &&
    loadCrossTab(env, {
      name: auth.crossTab as string,
      timeout: options.timeout,
      readLocal: async () => (await auth.getToken()) || null,
      onRemote: (token) => hub?.changed(token, 'remote'),
      timers: { setTimer, clearTimer },
    });

  // A token read from the store: one another tab replaced becomes its replacement; every token
  // read is watched for its expiry (a tab opened with a stored token hears of no change first).
  const seen = (token: string | null): string | null => {
    const current = tabs ? tabs.current(token || null) : token;
    track(current || null);
    return current;
  };
  const getToken: NormalizedAuth['getToken'] = () => {
    const token = auth.getToken();
    return token instanceof Promise ? token.then(seen) : seen(token);
  };
  const renew: RenewToken =
    tabs && refresh
      ? async (stale) =>
          tabs.renew(stale === undefined ? (await getToken()) || null : stale, refresh)
      : renewAlone;

  return {
    auth: { ...auth, getToken },
    renew,
    connect(sessionHub, refresher) {
      hub = sessionHub;
      if (auth.refreshAhead !== undefined && refresher) {
        const unauthorized = new ApiError({
          kind: 'http',
          status: 401,
          message: messageFor(options.messages, 401),
          url: options.baseURL,
          detail: 'The refresh ahead of the token expiry was refused.',
        });
        const aheadMs = auth.refreshAhead;
        import('./refresh-ahead').then(
          (module) => {
            ahead = module.createRefreshAhead({
              ahead: aheadMs,
              refresh: (stale) => refresher.refresh(unauthorized, stale),
              timers: { setTimer, clearTimer },
            });
            if (early) ahead.track(early.token);
            early = undefined;
          },
          () => {
            // The chunk did not load (offline, a new deploy): tokens are then renewed by the
            // refresh on 401, as without refreshAhead; the next page load tries again.
            early = undefined;
          },
        );
      }
      sessionHub.watch((token, origin) => {
        track(token);
        if (origin !== 'local' || !tabs) return;
        tabs.announce(token).catch(() => {
          // The lock or storage failed: the other tabs hear of it through the next refresh or
          // their next 401, as without crossTab; this tab's own change stands.
        });
      });
    },
  };
}
