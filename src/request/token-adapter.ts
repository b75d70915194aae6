import axios, {
  type AxiosAdapter,
  AxiosError,
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
/** fetch's own limit, and follow-redirects' (axios's in Node, kept for the http adapter). */
const MAX_REDIRECTS = 20;
const MAX_HTTP_REDIRECTS = 21;

/** A redirect's target, or `undefined` when its `Location` is no URL (reported by the caller). */
function parseLocation(location: string, from: string): URL | undefined {
  try {
    return new URL(location, from);
  } catch {
    return undefined;
  }
}

function locationOf(response: AxiosResponse | undefined): string | undefined {
  if (!response || !REDIRECTS.has(response.status)) return undefined;
  const value = AxiosHeaders.from(response.headers as never).get('location');
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The adapter every request of the instance goes through, after every interceptor of axios has
 * run in whatever order (`transitional.legacyInterceptorReqResOrdering`): it applies the token
 * rule to the URL really sent, then calls the adapter the request asked for. Over fetch and Node's
 * http adapter it follows redirects itself and judges every hop again (see `follow`): Node's fetch
 * strips only `Authorization` on a cross-origin redirect, so a custom header (`X-Token`) would
 * otherwise follow a 302 anywhere. Where follow-redirects still follows them (a streamed body, a
 * `beforeRedirect` hook) `sensitiveHeaders` drops it; a browser's XHR follows redirects out of the
 * kit's reach.
 *
 * @example instance.defaults.adapter = createTokenAdapter({ auth, messages, isOwnOrigin })
 */
export function createTokenAdapter(deps: TokenRuleDeps): AxiosAdapter {
  const { messages } = deps;
  const header = deps.auth?.header;
  const applyToken = createTokenRule(deps);

  /**
   * One hop of a request and, if it is answered with a redirect, the next hop, judged again (the
   * token rule, on the URL the hop really goes to). Over fetch only with a token (else fetch follows
   * redirects itself); over Node's http adapter always, as `maxRedirects: 0` hops: axios otherwise
   * sends every request through follow-redirects, whose wrapper request costs about as much CPU as
   * the rest of axios over loopback and gets V8 to pretenure its objects (measured: 9.3 KB promoted
   * per request, bench/notes.md). A streamed body (which cannot be sent twice) or a `beforeRedirect`
   * hook keeps follow-redirects.
   */
  async function follow(
    adapter: AxiosAdapter,
    config: InternalAxiosRequestConfig,
    attempt: Attempt | undefined,
    hops: number,
    viaHttp: boolean,
  ): Promise<AxiosResponse> {
    applyToken(config, attempt);
    if (!viaHttp && attempt?.sentToken === undefined) return adapter(config);
    const limit = config.maxRedirects ?? (viaHttp ? MAX_HTTP_REDIRECTS : MAX_REDIRECTS);
    const hop: InternalAxiosRequestConfig = viaHttp
      ? { ...config, maxRedirects: 0 }
      : { ...config, fetchOptions: { ...config.fetchOptions, redirect: 'manual' } };
    let response: AxiosResponse;
    try {
      response = await adapter(hop);
    } catch (error) {
      if (!isAxiosError(error) || !locationOf(error.response) || limit === 0) throw error;
      response = error.response as AxiosResponse;
    }
    const location = locationOf(response);
    // `maxRedirects: 0`: the redirect is the answer.
    if (location === undefined || limit === 0) return response;
    // A redirect's own body is not what the caller asked for: let go of it.
    // (A web stream over fetch is cancelled. A Node stream, `responseType: 'stream'` over http, is
    // axios's wrapper around the response: its request is destroyed too, else the unread body
    // holds the connection open.)
    const body = response.data as { cancel?(): Promise<void>; destroy?(): void } | null;
    if (typeof body?.cancel === 'function') body.cancel().catch(() => undefined);
    else if (typeof body?.destroy === 'function') {
      body.destroy();
      (response.request as { destroy?(): void } | undefined)?.destroy?.();
    }
    // fetch's Response knows the URL it came from; a ClientRequest does not: the hop's URL without
    // its query, which resolves a Location as the full one would (a bare `#…` aside).
    const from = (response.request as { url?: string } | undefined)?.url ?? requestUrl(config);
    const to = parseLocation(location, from);
    // As follow-redirects and fetch do: past the limit, off http(s) (a data: URL would be answered
    // locally) or unparseable (the server's fault, not the caller's), the request fails without a
    // response: kind 'network'.
    if (hops >= limit || !to || !/^https?:$/.test(to.protocol)) {
      throw new AxiosError('Redirect not followed', 'ERR_FR_REDIRECTION_FAILURE', config);
    }
    const next: InternalAxiosRequestConfig = {
      ...config,
      url: to.href,
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
      next.headers.clear(/^content-/i);
    }
    // Credentials of the app's own (cookies, Basic auth) stay on their origin, as follow-redirects
    // kept them; the token is the token rule's to judge on the next hop.
    if (to.origin !== new URL(from).origin) {
      next.auth = undefined;
      next.headers.clear(/^(?:(?:proxy-)?authorization|cookie)$/i);
    }
    return follow(adapter, next, attempt, hops + 1, viaHttp);
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
    const {
      adapter,
      fetch: fetchAdapter,
      http,
    } = resolve(attempt?.adapter ?? axios.defaults.adapter, config);
    if (adapter === fetchAdapter) return follow(adapter, config, attempt, 0, false);
    if (
      adapter === http &&
      !config.beforeRedirect &&
      typeof (config.data as { pipe?: unknown } | undefined)?.pipe !== 'function'
    ) {
      return follow(adapter, config, attempt, 0, true);
    }
    applyToken(config, attempt);
    // A browser's XHR follows every redirect, and keeps a custom token header on one to another
    // origin (measured in Chromium: only Authorization is dropped). Such a request goes over fetch,
    // which can refuse to leave the origin (axios's fetch adapter reports download progress from
    // the body stream). Upload progress exists only on XHR (fetch's streamed uploads need
    // HTTP/2): the token cannot be kept in there, so that request is refused before it leaves.
    if (
      attempt?.sentToken !== undefined &&
      fetchAdapter &&
      header?.toLowerCase() !== 'authorization' &&
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
