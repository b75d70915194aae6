import type { InternalAxiosRequestConfig } from 'axios';
import { joinsBase, originOf, pageOrigin, requestUrl } from './url';

/**
 * Decides whether a request goes to the instance baseURL's origin (a relative baseURL means the
 * page's origin), judged on the URL axios will really use. Parsed origins are compared, never
 * string prefixes; anything that does not parse fails closed (`false`).
 *
 * @example const isOwn = createOriginRule(() => instance.defaults.baseURL); isOwn(config)
 */
export function createOriginRule(instanceBase: () => string | undefined) {
  // The baseURL's origin is parsed once per distinct baseURL, not per request.
  let cachedBase: string | undefined;
  let cachedOrigin: string | undefined;
  let cached = false;

  function expectedOrigin(): string | undefined {
    const base = instanceBase();
    if (!cached || base !== cachedBase) {
      cachedBase = base;
      cachedOrigin = originOf(base ?? '', pageOrigin());
      cached = true;
    }
    return cachedOrigin;
  }

  return function isOwnOrigin(config: InternalAxiosRequestConfig): boolean {
    const expected = expectedOrigin();
    if (expected === undefined) return false;
    const base = config.baseURL;
    // A relative URL joined onto the instance's own baseURL cannot leave its origin: axios
    // always inserts a '/' after the base, so no parsing is needed on this hot path.
    if (base === cachedBase && joinsBase(base, config.url, config.allowAbsoluteUrls)) return true;
    return originOf(requestUrl(config)) === expected;
  };
}
