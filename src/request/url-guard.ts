import type { InternalAxiosRequestConfig } from 'axios';
import { ApiError } from './errors';
import type { MessageTable } from './messages';
import { fullPath, schemeOf } from './url';

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
  return function urlGuard(config: InternalAxiosRequestConfig): InternalAxiosRequestConfig {
    const full = fullPath(config.baseURL, config.url, config.allowAbsoluteUrls);
    if (refused(schemeOf(config.url)) || refused(schemeOf(full))) {
      throw new ApiError({
        kind: 'validation',
        part: 'url',
        message: messages.validation ?? 'The URL is not an http(s) URL.',
        method: config.method,
        // A data: URL can be megabytes long: keep only its head.
        url: full.slice(0, 200),
      });
    }
    return config;
  };
}
