import type { InternalAxiosRequestConfig } from 'axios';
import { ApiError } from '../core/errors';
import { type MessageTable, messageFor } from '../core/messages';
import type { Attempt } from './attempt';
import type { NormalizedAuth } from './normalize';

// CR/LF would split the header; other controls are stripped or refused by the transports.
/* eslint-disable no-control-regex -- that is the point (for an app's ESLint or oxlint) */
// biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f]/;
/* eslint-enable no-control-regex */

/** What the token rule needs from the rest of the instance. */
export interface TokenRuleDeps {
  /** None: the rule sends no token (the adapter still judges every redirect hop). */
  auth: NormalizedAuth | undefined;
  messages: MessageTable;
  /** Whether the request goes to the API's own origin (see `createOriginRule`). */
  isOwnOrigin(config: InternalAxiosRequestConfig): boolean;
}

/**
 * The token rule, which the token adapter applies to the URL really sent (after every interceptor,
 * and again on every redirect it follows): the auth header goes only to the API's own origin. The
 * token itself was read by the engine for this attempt (`getToken()` may be async). A header the
 * rule set for an earlier hop is taken back first (one the caller set per request is theirs).
 * `withToken: false` sends none; a token with CR/LF (or another control character) is refused with
 * kind `'validation'`, never echoed. An unknown attempt (the signal was swapped by someone) fails
 * closed: nothing is sent.
 *
 * @example const applyToken = createTokenRule(deps); applyToken(config, attemptOf(config.signal))
 */
export function createTokenRule(deps: TokenRuleDeps) {
  const { auth, messages, isOwnOrigin } = deps;
  // The last token found safe: the same token is not scanned again on every request.
  let safe: string | undefined;
  return function applyToken(
    config: InternalAxiosRequestConfig,
    attempt: Attempt | undefined,
  ): void {
    if (!attempt || !auth) return;
    if (attempt.sentToken !== undefined) {
      config.headers.delete(auth.header);
      attempt.sentToken = undefined;
    }
    const { token } = attempt;
    if (config.withToken === false || token === null || token === undefined || token === '') return;
    if (!isOwnOrigin(config)) return;
    if (typeof token !== 'string' || (token !== safe && UNSAFE.test(token))) {
      throw new ApiError({
        kind: 'validation',
        message: messageFor(messages, 'validation'),
        method: config.method,
        url: config.url,
      });
    }
    safe = token;
    config.headers.set(auth.header, auth.prefix + token);
    attempt.sentToken = token;
  };
}
