import type { AxiosAdapter, InternalAxiosRequestConfig } from 'axios';
import { attemptOf } from './attempt';

/**
 * The adapter every request of an instance goes through, after every interceptor has run, in
 * whatever order axios ran them (`transitional.legacyInterceptorReqResOrdering: false` runs the
 * kit's interceptors before an app's that may move the request): `guard` judges the URL really
 * sent (the http/https rule, which throws a `'validation'` ApiError), then `next` (the token
 * adapter, which calls the adapter the request asked for). A failure is a rejected promise, as
 * from any adapter.
 *
 * @example instance.defaults.adapter = createFinalAdapter(urlGuard, tokenAdapter)
 */
export function createFinalAdapter(
  guard: (config: InternalAxiosRequestConfig) => InternalAxiosRequestConfig,
  next: AxiosAdapter,
): AxiosAdapter {
  // Not async: the adapter's own promise is returned as it is, without another around it.
  return function finalAdapter(config) {
    const attempt = attemptOf(config.signal);
    if (attempt) attempt.reached = true;
    try {
      guard(config);
      return next(config);
    } catch (error) {
      return Promise.reject(error);
    }
  };
}
