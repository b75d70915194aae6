import type { InternalAxiosRequestConfig } from 'axios';
import { ApiError } from '../core/errors';
import { type MessageTable, messageFor } from '../core/messages';
import { joinsBase, requestUrl, schemeOf } from './url';

const ALLOWED = new Set(['http', 'https']);

function refused(scheme: string | undefined): boolean {
  return scheme !== undefined && !ALLOWED.has(scheme);
}

/**
 * A request interceptor that refuses any URL whose scheme is not http or https (`data:`, `file:`,
 * `javascript:`…) with kind `'validation'` before anything is sent. It judges both the URL as
 * given and the one axios really builds from it (per-request `baseURL` and absolute URLs included).
 *
 * @example instance.interceptors.request.use(createUrlGuard(messages), undefined, { synchronous: true })
 */
export function createUrlGuard(messages: MessageTable) {
  // The verdict on the last baseURL seen: a URL joined onto a base has the base's scheme.
  let lastBase: string | undefined;
  let lastBaseRefused = false;

  function baseRefused(base: string): boolean {
    if (base !== lastBase) {
      lastBase = base;
      lastBaseRefused = refused(schemeOf(base));
    }
    return lastBaseRefused;
  }

  return function urlGuard(config: InternalAxiosRequestConfig): InternalAxiosRequestConfig {
    const { baseURL, url } = config;
    // Not joined, axios uses `url` as it is; joined, the result has the base's scheme.
    const joined = baseURL && joinsBase(baseURL, url, config.allowAbsoluteUrls);
    if (refused(schemeOf(url)) || (joined && baseRefused(baseURL))) {
      const full = requestUrl(config);
      throw new ApiError({
        kind: 'validation',
        part: 'url',
        message: messageFor(messages, 'validation'),
        method: config.method,
        // A data: URL can be megabytes long: keep only its head.
        url: full.slice(0, 200),
      });
    }
    return config;
  };
}
