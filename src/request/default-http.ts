import type { Http } from './types';

/**
 * The default `http`, for a helper whose `http` option was left out, loaded when it is first
 * needed rather than at import: a layer that only may use it (realtime) must not build it by
 * being imported (DESIGN.md). In an app the composition root is almost always in the page's
 * bundle already (the api modules use it): the import then fetches a chunk of a few bytes that
 * points back into the page (`./default-http-module`, which only this imports, so the split is
 * real and Vite has no ineffective dynamic import to warn about).
 *
 * @example const instance = options.http ?? (await loadDefaultHttp())
 */
export function loadDefaultHttp(): Promise<Http> {
  return import('./default-http-module').then((module) => module.http);
}
