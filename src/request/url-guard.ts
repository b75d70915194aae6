import type { InternalAxiosRequestConfig } from 'axios';
import { ApiError } from '../core/errors';
import { isUnparseableUrl } from '../core/invalid-url';
import { type MessageTable, messageFor } from '../core/messages';
import { joinsBase, pageOrigin, requestUrl, schemeOf } from './url';

function refused(scheme: string | undefined): boolean {
  return scheme !== undefined && scheme !== 'http' && scheme !== 'https';
}

/**
 * A request interceptor that refuses any URL whose scheme is not http or https (`data:`, `file:`,
 * `javascript:`…) with kind `'validation'` before anything is sent. It judges both the URL as
 * given and the one axios really builds from it (per-request `baseURL` and absolute URLs included).
 * In a page it also refuses a URL the browser cannot request (`http://[::1/x`, a space in the
 * host, a port out of range) as Node's parser does (`ERR_INVALID_URL`: kind `'validation'`, part
 * `'url'`), where the browser's own failure would have no code or reach DNS first.
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

  // The last URL a page could request: the interceptor and the final adapter judge each request.
  let requestable: string | undefined;

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
    // In a page only: under Node the adapters parse with the URL Standard's parser and fail with
    // that code themselves, so a request whose URL is fine pays nothing for the check.
    if (pageOrigin() !== undefined) {
      const full = requestUrl(config);
      if (full !== requestable) {
        if (isUnparseableUrl(full)) {
          throw Object.assign(new TypeError(`Invalid URL: ${full}`), { code: 'ERR_INVALID_URL' });
        }
        requestable = full;
      }
    }
    return config;
  };
}
