import type { MessageTable } from '../core/messages';
import { clearTimer, setTimer } from '../core/timers';
import type { CrossTab } from './cross-tab';
import type { NormalizedAuth } from './normalize';
import type { Refresher, RenewToken } from './refresh';
import type { RefreshAhead } from './refresh-ahead';
import { type SessionHub, unauthorizedError } from './session';
import { chosenTabEnvironment } from './tab-environment';

/** An instance's token as the other tabs and the clock see it (`crossTab`, `refreshAhead`). */
export interface TokenSync {
  /** `auth`, its `getToken` seen through what the other tabs changed (and watched for expiry). */
  auth: NormalizedAuth;
  /** What the refresher calls to renew the token: `undefined` when the tab renews alone (`auth.refresh`). */
  renew: RenewToken | undefined;
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
 * the platform has no Web Locks or BroadcastChannel, and no `refreshAhead`) there is nothing to
 * wire (`undefined`): nothing is added to a request's path.
 *
 * @example const sync = createTokenSync(auth, options); … sync.connect(hub, refresher)
 */
export function createTokenSync(
  auth: NormalizedAuth,
  options: TokenSyncOptions,
): TokenSync | undefined {
  const { refresh } = auth;
  const env = auth.crossTab === undefined ? undefined : chosenTabEnvironment();
  if (!env && auth.refreshAhead === undefined) return undefined;

  let hub: SessionHub | undefined;
  let ahead: RefreshAhead | undefined;
  // refreshAhead's module (and its JWT reader) is imported by an instance that asks for it, so a
  // page without it carries none of it; the last token seen before it arrives is tracked then
  // (undefined: none seen yet).
  let latest: string | null | undefined;
  const track = (token: string | null) => {
    latest = token;
    ahead?.track(token);
  };
  // The cross-tab coordinator (cross-tab.ts, browser-tabs.ts: about 1.5 KB gzip) loads in a
  // chunk of its own, so a page pays for it only where it can run. Until it has loaded, a token
  // read passes through (this tab has heard of no other tab's change yet, as a freshly opened
  // tab), and renewing and announcing wait for it. If the chunk cannot load, the tab renews
  // alone, as in a browser without Web Locks: the request that needed the refresh still gets one.
  let loaded: CrossTab | undefined;
  const tabs =
    env &&
    import('./cross-tab').then((module) => {
      const platform = env === 'browser' ? module.browserTabEnvironment() : env;
      if (!platform) throw new Error('Web Locks or BroadcastChannel went missing');
      loaded = module.createCrossTab({
        env: platform,
        name: auth.crossTab as string,
        timeout: options.timeout,
        readLocal: async () => (await auth.getToken()) || null,
        onRemote: (token) => hub?.changed(token, 'remote'),
        timers: { setTimer, clearTimer },
      });
      return loaded;
    });
  // Awaited where a failure is handled; this only keeps an unused rejection (a tab that never
  // refreshes nor changes its token) from being reported as unhandled.
  tabs?.catch(() => undefined);

  // A token read from the store: one another tab replaced becomes its replacement; every token
  // read is watched for its expiry (a tab opened with a stored token hears of no change first).
  const seen = (token: string | null): string | null => {
    const current = loaded ? loaded.current(token || null) : token;
    track(current || null);
    return current;
  };
  const getToken: NormalizedAuth['getToken'] = () => {
    const token = auth.getToken();
    return token instanceof Promise ? token.then(seen) : seen(token);
  };
  return {
    auth: { ...auth, getToken },
    renew:
      tabs && refresh
        ? async (stale) => {
            const current = stale === undefined ? (await getToken()) || null : stale;
            return tabs.then(
              (coordinator) => coordinator.renew(current, refresh),
              () => refresh(),
            );
          }
        : undefined,
    connect(sessionHub, refresher) {
      hub = sessionHub;
      if (auth.refreshAhead !== undefined && refresher) {
        const unauthorized = unauthorizedError(
          options.messages,
          options.baseURL,
          'The refresh ahead of the token expiry was refused.',
        );
        const aheadMs = auth.refreshAhead;
        import('./refresh-ahead').then(
          (module) => {
            ahead = module.createRefreshAhead({
              ahead: aheadMs,
              refresh: (stale) => refresher.refresh(unauthorized, stale),
              timers: { setTimer, clearTimer },
            });
            if (latest !== undefined) ahead.track(latest);
          },
          () => {
            // The chunk did not load (offline, a new deploy): tokens are then renewed by the
            // refresh on 401, as without refreshAhead; the next page load tries again.
          },
        );
      }
      sessionHub.watch((token, origin) => {
        track(token);
        if (origin !== 'local' || !tabs) return;
        tabs
          .then((coordinator) => coordinator.announce(token))
          .catch(() => {
            // The lock or storage failed: the other tabs hear of it through the next refresh or
            // their next 401, as without crossTab; this tab's own change stands.
          });
      });
    },
  };
}
