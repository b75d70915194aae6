import type { InternalAxiosRequestConfig } from 'axios';
import type { Attempt, AttemptLookup } from './attempt';
import { ApiError } from './errors';
import type { MessageTable } from './messages';
import type { NormalizedAuth } from './normalize';

// CR/LF would split the header; other controls are stripped or refused by the transports.
// biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** What the token interceptor needs from the rest of the instance. */
export interface TokenInterceptorDeps {
  auth: NormalizedAuth;
  messages: MessageTable;
  /** Whether the request goes to the API's own origin (see `createOriginRule`). */
  isOwnOrigin(config: InternalAxiosRequestConfig): boolean;
  attemptOf: AttemptLookup;
  /** How many refreshes have succeeded so far. */
  generation(): number;
}

/**
 * A request interceptor that reads `getToken()` for every request to the API's own origin and sets
 * the auth header on the request's `AxiosHeaders` in place. `withToken: false` sends none; a token
 * with CR/LF (or another control character) is refused with kind `'validation'`, never echoed.
 *
 * @example instance.interceptors.request.use(createTokenInterceptor(deps))
 */
export function createTokenInterceptor(deps: TokenInterceptorDeps) {
  const { auth, messages } = deps;
  function apply(
    config: InternalAxiosRequestConfig,
    attempt: Attempt,
    generation: number,
    token: string | null | undefined,
  ): InternalAxiosRequestConfig {
    if (token === null || token === undefined || token === '') return config;
    if (typeof token !== 'string' || UNSAFE.test(token)) {
      throw new ApiError({
        kind: 'validation',
        message: messages.validation ?? 'The access token is not valid.',
        method: config.method,
        url: config.url,
      });
    }
    config.headers.set(auth.header, auth.prefix + token);
    attempt.generation = generation;
    attempt.sentToken = token;
    return config;
  }

  return function tokenInterceptor(
    config: InternalAxiosRequestConfig,
  ): InternalAxiosRequestConfig | Promise<InternalAxiosRequestConfig> {
    if (config.withToken === false) return config;
    const attempt = deps.attemptOf(config.signal);
    // Unknown attempt (the signal was swapped by someone): fail closed, send nothing.
    if (!attempt || !deps.isOwnOrigin(config)) return config;
    const generation = deps.generation();
    const token = attempt.replayToken ?? auth.getToken();
    // A synchronous getToken costs no extra promise turn.
    return token instanceof Promise
      ? token.then((value) => apply(config, attempt, generation, value))
      : apply(config, attempt, generation, token);
  };
}
