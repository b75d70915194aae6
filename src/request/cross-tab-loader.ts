import type { CrossTab, CrossTabDeps } from './cross-tab';
import type { TabEnvironment } from './tab-environment';

/** The coordinator as an instance holds it while its code loads: `current` answers at once. */
export type LazyCrossTab = Pick<CrossTab, 'current' | 'renew' | 'announce'>;

/**
 * Load the cross-tab coordinator (cross-tab.ts, browser-tabs.ts: about 1.5 KB gzip) in a chunk of
 * its own, so a page pays for it only where it can run. Until it has loaded, `current` passes the
 * store's token through (it has heard of no other tab's change yet, as a freshly opened tab), and
 * `renew` and `announce` wait for it. If the chunk cannot load, the tab renews alone, as in a
 * browser without Web Locks: the request that needed the refresh still gets one.
 *
 * @example const tabs = loadCrossTab(env, { name, timeout, readLocal, onRemote });
 */
export function loadCrossTab(
  env: TabEnvironment | 'browser',
  deps: Omit<CrossTabDeps, 'env'>,
): LazyCrossTab {
  let loaded: CrossTab | undefined;
  const ready = import('./cross-tab').then((module) => {
    const platform = env === 'browser' ? module.browserTabEnvironment() : env;
    if (!platform) throw new Error('Web Locks or BroadcastChannel went missing');
    loaded = module.createCrossTab({ ...deps, env: platform });
    return loaded;
  });
  // Awaited by renew/announce, which handle a failure; this only keeps an unused rejection
  // (a tab that never refreshes) from being reported as unhandled.
  ready.catch(() => undefined);
  return {
    current: (token) => (loaded ? loaded.current(token) : token),
    renew: (stale, refresh) =>
      ready.then(
        (tabs) => tabs.renew(stale, refresh),
        () => refresh(),
      ),
    announce: async (token) => (await ready).announce(token),
  };
}
