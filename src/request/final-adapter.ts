import axios, { type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios';
import { attemptOf } from './attempt';

/**
 * The adapter every request of an instance goes through, after every interceptor has run, in
 * whatever order axios ran them (`transitional.legacyInterceptorReqResOrdering: false` runs the
 * kit's interceptors before an app's that may move the request): `guard` judges the URL really
 * sent (the http/https rule, which throws a `'validation'` ApiError), then `next` (the token
 * adapter, when the instance has auth) or the adapter the request asked for.
 *
 * @example instance.defaults.adapter = createFinalAdapter(urlGuard, tokenAdapter)
 */
export function createFinalAdapter(
  guard: (config: InternalAxiosRequestConfig) => InternalAxiosRequestConfig,
  next?: AxiosAdapter,
): AxiosAdapter {
  return async function finalAdapter(config) {
    guard(config);
    if (next) return next(config);
    const asked = attemptOf(config.signal)?.adapter ?? axios.defaults.adapter;
    return axios.getAdapter(asked as Parameters<typeof axios.getAdapter>[0], config)(config);
  };
}
