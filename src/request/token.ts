import type { InternalAxiosRequestConfig } from 'axios';
import { ApiError } from '../core/errors';
import { type MessageTable, messageFor } from '../core/messages';
import { attemptOf } from './attempt';
import type { NormalizedAuth } from './normalize';

// CR/LF would split the header; other controls are stripped or refused by the transports.
/* eslint-disable no-control-regex -- that is the point (for an app's ESLint or oxlint) */
// biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f]/;
/* eslint-enable no-control-regex */

/** What the token interceptor needs from the rest of the instance. */
export interface TokenInterceptorDeps {
  auth: NormalizedAuth;
  messages: MessageTable;
  /** Whether the request goes to the API's own origin (see `createOriginRule`). */
  isOwnOrigin(config: InternalAxiosRequestConfig): boolean;
}

/**
 * A synchronous request interceptor that sets the auth header on requests to the API's own origin,
 * judged on the final URL (it runs after the app's interceptors). The token itself was read by the
 * engine for this attempt (`getToken()` may be async; an interceptor that awaits would make axios
 * chain every request through extra promises). `withToken: false` sends none; a token with CR/LF
 * (or another control character) is refused with kind `'validation'`, never echoed.
 *
 * @example instance.interceptors.request.use(createTokenInterceptor(deps), undefined, { synchronous: true })
 */
export function createTokenInterceptor(deps: TokenInterceptorDeps) {
  const { auth, messages } = deps;
  // The last token found safe: the same token is not scanned again on every request.
  let safe: string | undefined;
  return function tokenInterceptor(config: InternalAxiosRequestConfig): InternalAxiosRequestConfig {
    if (config.withToken === false) return config;
    // Unknown attempt (the signal was swapped by someone): fail closed, send nothing.
    const attempt = attemptOf(config.signal);
    const token = attempt?.token;
    if (!attempt || token === null || token === undefined || token === '') return config;
    if (!deps.isOwnOrigin(config)) return config;
    if (typeof token !== 'string' || (token !== safe && UNSAFE.test(token))) {
      throw new ApiError({
        kind: 'validation',
        message: messageFor(messages, 'validation'),
        method: config.method,
        url: config.url,
      });
    }
    safe = token;
    const value = auth.prefix + token;
    config.headers.set(auth.header, value);
    attempt.sentToken = token;
    attempt.judged = {
      url: config.url,
      baseURL: config.baseURL,
      allowAbsoluteUrls: config.allowAbsoluteUrls,
      value,
    };
    return config;
  };
}
