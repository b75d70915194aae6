import axios, {
  type Axios,
  type AxiosRequestConfig,
  type CreateAxiosDefaults,
  type InternalAxiosRequestConfig,
} from 'axios';
import { createCallRegistry } from './calls';
import { createEngine } from './engine';
import { createEnvelopeInterceptor, rememberEnvelope } from './envelope';
import { createFinalAdapter } from './final-adapter';
import { createCore, exposeInstance } from './instance';
import { createLoading } from './loading';
import { type NormalizedOptions, normalizeOptions } from './normalize';
import { createOriginRule } from './origin-rule';
import { createRefresher } from './refresh';
import { createRetryPolicy } from './retry';
import { createSessionHub } from './session';
import { createTokenAdapter } from './token-adapter';
import { createTokenSync } from './token-sync';
import type { Http, HttpOptions } from './types';
import { originOf, pageOrigin } from './url';
import { createUrlGuard } from './url-guard';
import { keepTokenOffXhr } from './xhr-rule';

/**
 * Create a configured axios instance: token, loading bar, cancellation and dedupe, a total
 * deadline per attempt, refresh on 401, retry with backoff, envelope unwrapping, and one
 * `ApiError` for every failure. All state (pending requests, refresh) lives in the instance.
 *
 * @example
 * const http = createHttp({ baseURL: '/api', auth: { getToken: () => tokenStore.get() } });
 * const { data } = await http.get<User[]>('/users', { params: { page: 1 } });
 */
export function createHttp(options: HttpOptions = {}): Http {
  const normalized = normalizeOptions(options);
  const core = createCore(instanceDefaults(normalized));
  const { context } = core;
  // A custom token header (`X-Token`), which nothing else knows to keep from another origin.
  const header = normalized.auth?.header;
  const customHeader = header?.toLowerCase() === 'authorization' ? undefined : header;
  // A redirect to another origin (Node) drops the token header, whatever its name. follow-redirects
  // already drops `Authorization` (and axios then builds its header set on every request for nothing).
  if (customHeader) context.defaults.sensitiveHeaders = [customHeader];
  if (typeof window === 'undefined' || typeof document === 'undefined') {
    // Outside a page axios never reads the XSRF cookie and header names (its own test, made at
    // import, is this one): two keys fewer in the config axios copies key by key on every request.
    // With them its merged config has 23 keys at its peak, and V8 doubles the table past 21
    // (2.7 KB more per request in memory).
    delete context.defaults.xsrfCookieName;
    delete context.defaults.xsrfHeaderName;
  }
  const calls = createCallRegistry();
  const loading = normalized.loading ? createLoading(normalized.loading) : undefined;
  // crossTab and refreshAhead: the token as the other tabs and the clock see it.
  const sync = normalized.auth && createTokenSync(normalized.auth, normalized);
  if (sync) normalized.auth = sync.auth;
  const auth = normalized.auth;
  const session = createSessionHub(normalized, () => refresher);
  const tellSession = (token: string | null) => session.changed(token, 'local');
  const refresh = auth?.refresh;
  const refresher =
    auth &&
    refresh &&
    createRefresher(
      auth,
      sync?.renew ?? (() => refresh()),
      normalized.messages,
      normalized.timeout,
      tellSession,
    );
  sync?.connect(session, refresher || undefined);
  // Sign-in and sign-out happen in the app's token store: it tells the session itself.
  auth?.subscribe?.(tellSession);
  const urlGuard = createUrlGuard(normalized.messages);
  const envelope =
    normalized.envelope &&
    createEnvelopeInterceptor(normalized.envelope, normalized.messages, normalized.serverMessage);
  const engine = createEngine({
    options: normalized,
    defaults: context.defaults,
    send: core.send,
    calls,
    loading,
    refresher,
    retry: createRetryPolicy(normalized.retry),
    // The last word on the URL really sent, whatever order axios ran the interceptors in.
    // Without auth too: the token adapter also follows Node's redirects itself (see follow).
    adapter: createFinalAdapter(
      urlGuard,
      createTokenAdapter({
        auth,
        messages: normalized.messages,
        isOwnOrigin: createOriginRule(() => context.defaults.baseURL),
      }),
    ),
    settlesOnAbort: (adapter, config) => settlesOnAbort(context, adapter, config, envelope),
  });

  // axios runs request interceptors last-registered-first: the kit's guard is registered here,
  // before any of the app's, so it runs last and judges the final URL. The final adapter judges it
  // again (and the token adapter sets the token) after every interceptor, whatever order axios
  // runs them in.
  context.interceptors.request.use(urlGuard, undefined, {
    synchronous: true,
  });
  // Response interceptors run in registration order: the app's see unwrapped data.
  if (envelope) context.interceptors.response.use(envelope);

  const http = exposeInstance(core, {
    request: engine.request,
    report: engine.report,
    messages: normalized.messages,
    cancelAll: calls.cancelAll,
    pending: () => calls.pending,
    session: session.session,
    stats: () => ({
      pending: calls.pending,
      dedupe: calls.dedupeSize + engine.sharedTrips,
      refreshWaiters: refresher?.waiters ?? 0,
      loading: loading?.count ?? 0,
    }),
  });
  if (customHeader) keepTokenOffXhr(http);
  if (normalized.envelope) rememberEnvelope(http, normalized.envelope);
  return http;
}

/**
 * Whether axios alone settles a trip of `context` as soon as its signal aborts, so the engine need
 * not race it: every request interceptor is synchronous (axios runs them, and calls the adapter,
 * inside its own call), the only response interceptor is the kit's envelope (synchronous), and the
 * adapter asked for is one of axios's own, by name (its xhr, http and fetch adapters listen to the
 * signal, and axios checks it again once they answer). An app's async interceptor, custom adapter
 * or own `fetch` under axios's fetch adapter (`env.fetch`), which may never look at the signal,
 * keeps the race.
 */
function settlesOnAbort(
  context: Axios,
  adapter: unknown,
  config: AxiosRequestConfig,
  envelope: unknown,
): boolean {
  if (!isAdapterName(adapter) || (config.env ?? context.defaults.env)?.fetch) return false;
  for (const handler of context.interceptors.request.handlers ?? []) {
    if (handler && !handler.synchronous) return false;
  }
  for (const handler of context.interceptors.response.handlers ?? []) {
    if (handler && (handler.fulfilled !== envelope || handler.rejected)) return false;
  }
  return true;
}

function isAdapterName(adapter: unknown): boolean {
  return (
    typeof adapter === 'string' ||
    (Array.isArray(adapter) && adapter.every((name) => typeof name === 'string'))
  );
}

/** The instance defaults, each set explicitly as an own property (never inherited). */
function instanceDefaults(options: NormalizedOptions): CreateAxiosDefaults {
  return {
    baseURL: options.baseURL,
    timeout: options.timeout,
    headers: options.headers,
    validateStatus: (status) => status >= 200 && status < 300,
    // Strict JSON: a 200 with malformed JSON or HTML rejects (kind 'validation'), never a string.
    responseType: 'json',
    transitional: { ...axios.defaults.transitional, silentJSONParsing: false },
    // The XSRF cookie belongs to the page: its header goes to the page's own origin only. axios
    // calls this with `url` already resolved to the full URL.
    withXSRFToken: (config: InternalAxiosRequestConfig) => {
      const page = pageOrigin();
      return page !== undefined && originOf(config.url ?? '', page) === page;
    },
    allowAbsoluteUrls: true,
    proxy: false,
    maxContentLength: options.maxContentLength,
    maxBodyLength: options.maxBodyLength,
  };
}
