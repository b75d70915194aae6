import axios, {
  type AxiosAdapter,
  AxiosHeaders,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
  isAxiosError,
} from 'axios';
import { ApiError } from '../core/errors';
import { messageFor } from '../core/messages';
import { adapterNamed, createAdapterCache } from './adapter-cache';
import { type Attempt, attemptOf } from './attempt';
import { createTokenRule, type TokenRuleDeps } from './token';
import { originOf, pageOrigin, requestUrl } from './url';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** As fetch's own limit. */
const MAX_REDIRECTS = 20;

function locationOf(response: AxiosResponse | undefined): string | undefined {
  if (!response || !REDIRECTS.has(response.status)) return undefined;
  const value = AxiosHeaders.from(response.headers as never).get('location');
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The adapter every request of the instance goes through, after every interceptor of axios has
 * run in whatever order (`transitional.legacyInterceptorReqResOrdering`): it applies the token
 * rule to the URL really sent, then calls the adapter the request asked for. Over fetch it follows
 * redirects itself (`redirect: 'manual'`) and judges every hop again: Node's fetch strips only `Authorization` on a
 * cross-origin redirect, so a custom header (`X-Token`) would otherwise follow a 302 anywhere.
 * The http adapter's redirects drop it through `sensitiveHeaders`; a browser's XHR follows
 * redirects out of the kit's reach.
 *
 * @example instance.defaults.adapter = createTokenAdapter({ auth, messages, isOwnOrigin })
 */
export function createTokenAdapter(deps: TokenRuleDeps): AxiosAdapter {
  const { messages } = deps;
  const { header } = deps.auth;
  const applyToken = createTokenRule(deps);

  async function viaFetch(
    adapter: AxiosAdapter,
    config: InternalAxiosRequestConfig,
    attempt: Attempt | undefined,
    hops: number,
  ): Promise<AxiosResponse> {
    applyToken(config, attempt);
    // Without a token there is nothing to keep in: fetch follows redirects itself.
    if (attempt?.sentToken === undefined) return adapter(config);
    const limit = config.maxRedirects ?? MAX_REDIRECTS;
    const hop: InternalAxiosRequestConfig = {
      ...config,
      fetchOptions: { ...config.fetchOptions, redirect: 'manual' },
    };
    let response: AxiosResponse;
    try {
      response = await adapter(hop);
    } catch (error) {
      if (!isAxiosError(error) || !locationOf(error.response) || hops >= limit) throw error;
      response = error.response as AxiosResponse;
    }
    const location = locationOf(response);
    if (location === undefined || hops >= limit) return response;
    // A redirect's own body is not what the caller asked for: let go of it.
    (response.data as { cancel?(): Promise<void> } | null)?.cancel?.().catch(() => undefined);
    const from = (response.request as { url?: string } | undefined)?.url;
    const next: InternalAxiosRequestConfig = {
      ...config,
      url: new URL(location, from).href,
      baseURL: undefined,
      params: undefined,
      allowAbsoluteUrls: true,
      headers: AxiosHeaders.from(config.headers),
    };
    // As fetch does: 303 (and 301/302 after a POST) becomes a GET without a body.
    // (axios has lowercased the method by now.)
    if (response.status === 303 || (config.method === 'post' && response.status < 303)) {
      next.method = 'get';
      next.data = undefined;
      next.headers.delete('content-type');
    }
    return viaFetch(adapter, next, attempt, hops + 1);
  }

  function uploadRefused(config: InternalAxiosRequestConfig): ApiError {
    return new ApiError({
      kind: 'validation',
      message: messageFor(messages, 'validation'),
      method: config.method,
      url: requestUrl(config),
      detail: `Not sent: onUploadProgress needs XHR, which keeps '${header}' on a redirect to another origin. Drop it, or use auth.header Authorization.`,
    });
  }

  const resolve = createAdapterCache();

  return function tokenAdapter(config) {
    const attempt = attemptOf(config.signal);
    const { adapter, fetch: fetchAdapter } = resolve(
      attempt?.adapter ?? axios.defaults.adapter,
      config,
    );
    if (adapter === fetchAdapter) return viaFetch(adapter, config, attempt, 0);
    applyToken(config, attempt);
    // A browser's XHR follows every redirect, and keeps a custom token header on one to another
    // origin (measured in Chromium: only Authorization is dropped). Such a request goes over fetch,
    // which can refuse to leave the origin (axios's fetch adapter reports download progress from
    // the body stream). Upload progress exists only on XHR (fetch's streamed uploads need
    // HTTP/2): the token cannot be kept in there, so that request is refused before it leaves.
    if (
      attempt?.sentToken !== undefined &&
      fetchAdapter &&
      header.toLowerCase() !== 'authorization' &&
      adapter === adapterNamed('xhr', config)
    ) {
      if (config.onUploadProgress) throw uploadRefused(config);
      const page = pageOrigin();
      const target = originOf(requestUrl(config));
      // On the page's origin fetch follows same-origin redirects and fails any other; elsewhere a
      // browser hides where a redirect goes, so none is followed.
      const keepIn =
        page !== undefined && target === page ? { mode: 'same-origin' } : { redirect: 'error' };
      return fetchAdapter({ ...config, fetchOptions: { ...config.fetchOptions, ...keepIn } });
    }
    return adapter(config);
  };
}
