import type { AxiosInstance, AxiosRequestConfig } from 'axios';
import type { ApiError } from '../core/errors';
import type { MessageKey, MessageTable } from '../core/messages';
import type { Session } from './session';

/** How the instance reads, refreshes and sends the access token. */
export interface AuthOptions {
  /**
   * Read before every request not made with `withToken: false`; the token is sent only when the
   * request goes to the API's own origin. `null` sends no token.
   */
  getToken(): string | null | Promise<string | null>;
  /**
   * Get a new access token after a 401. Called once for a whole burst of 401s. It must not
   * go through a path that refreshes itself: send it with `withToken: false` (as `authApi.refresh` does).
   */
  refresh?(): Promise<string>;
  /** Called once when a refresh fails with an auth error (not on network errors or timeouts). */
  onExpired?(error: ApiError): void;
  /**
   * Connect the app's token source to `http.session`: called once with `notify`, which the app
   * calls with the new token whenever it changes outside a refresh (sign-in, sign-out), so
   * `session.onChange` listeners (a socket, another transport) hear of it.
   * @example subscribe: (notify) => tokenStore.subscribe(notify)
   */
  subscribe?(notify: (token: string | null) => void): void;
  /**
   * One session across every tab of the origin (browsers with Web Locks and BroadcastChannel; a
   * no-op elsewhere). One refresh at a time across all tabs: a tab that needs one and finds that
   * another tab already replaced the token its request carried uses the replacement without
   * calling `refresh()`. Refreshes, sign-ins, sign-outs and expiries (through `subscribe` and
   * `onExpired`) reach every tab's `session.onChange`. Needed with rotating refresh tokens, where a
   * refresh token sent twice revokes the session. `name` separates sessions that share an origin
   * (instances with the same name share one). The tabs must share the token store (localStorage).
   * @default false (the default `http`: true)
   * @example crossTab: { name: 'admin-app' }
   */
  crossTab?: boolean | { name?: string };
  /**
   * Refresh this many ms before the token expires, when it is a JWT with `exp` (RFC 7519), so no
   * request meets a 401 for an expired token; one tab does it for all with `crossTab`. Never sooner
   * than halfway through the token's remaining life. A token that is not a JWT is refreshed on its
   * first 401, as without this option.
   * @default undefined (off: refresh on 401 only)
   * @example refreshAhead: 30_000
   */
  refreshAhead?: number;
  /** Header that carries the token. @default 'Authorization' */
  header?: string;
  /** Prefix of the header value; `''` sends the bare token. @default 'Bearer' */
  scheme?: string;
}

/** The loading bar: nprogress by default, or your own `start`/`done`. */
export interface LoadingOptions {
  /** Milliseconds a request must be pending before the bar shows. @default 200 */
  delay?: number;
  /** Show the indicator (replaces nprogress). */
  start?(): void;
  /** Hide the indicator (replaces nprogress). */
  done?(): void;
}

/** The `{ code, data, message }` response envelope many backends wrap every body in. */
export interface EnvelopeOptions {
  /** Key of the business code. @default 'code' */
  code?: string;
  /** Key of the payload. @default 'data' */
  data?: string;
  /** Key of the server's message. @default 'message' */
  message?: string;
  /** Whether a business code means success. @default (code) => code === 0 */
  isOk?(code: unknown): boolean;
}

/** Retries of idempotent requests on network errors, timeouts, 408, 429, 500, 502, 503 and 504. */
export interface RetryOptions {
  /** Retries after the first attempt. @default 2 */
  retries?: number;
  /** First backoff delay in ms. @default 300 */
  minDelay?: number;
  /** Cap on one backoff delay; a `Retry-After` longer than this is not retried at all. @default 10000 */
  maxDelay?: number;
  /** Methods that may be retried. @default ['get', 'head', 'options', 'put', 'delete'] */
  methods?: string[];
  /** Statuses that may be retried. @default [408, 429, 500, 502, 503, 504] */
  statuses?: number[];
  /** Growth of the backoff per retry. @default 2 */
  factor?: number;
  /** Share of each delay that is randomised, 0..1. @default 0.5 */
  jitter?: number;
  /** Source of randomness in [0, 1), injectable for tests. @default Math.random */
  random?: () => number;
}

/** Options of `createHttp`. Every one is optional. */
export interface HttpOptions {
  /** Base URL of the API; relative (`/api`) means the page's own origin. */
  baseURL?: string;
  /** Total deadline per attempt in ms (not an idle timer). @default 15000 */
  timeout?: number;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Token, refresh and expiry hooks. Without it no token is ever sent. */
  auth?: AuthOptions;
  /** The loading bar, or `false` for none. @default { delay: 200 } */
  loading?: false | LoadingOptions;
  /** Envelope unwrapping, or `false` to take bodies as they are. @default false */
  envelope?: false | EnvelopeOptions;
  /** Messages merged over the built-in English table (`zhCNMessages` from `./messages-zh-CN` for Chinese). */
  messages?: Partial<Record<MessageKey, string>>;
  /**
   * Retry policy, or `false` for no retries unless a request asks for some (`retry: 2`).
   * @default { retries: 2 }
   */
  retry?: false | RetryOptions;
  /** Global error hook (a toast): not called for `silent` requests or for cancels. */
  onError?(error: ApiError): void;
  /**
   * Where `ApiError.message` comes from when a failed response's body explains itself. By default
   * the server's own words win over the message table: the envelope's `message` key, else a JSON
   * body's non-empty `message`, else its `msg` (blank text counts as none). A function picks the
   * text itself (`undefined` or blank: the table's); `false` always uses the table. The table's
   * text is kept in `ApiError.fallbackMessage` either way.
   * @default the envelope's message key, then `message`, then `msg`
   * @example serverMessage: (body) => (body as { error?: { detail?: string } })?.error?.detail
   */
  serverMessage?: false | ((body: unknown) => string | undefined);
  /**
   * For every request: `true` cancels an older identical request still in flight; `'share'` makes
   * identical requests in flight share one trip (see the per-request `dedupe`). @default false
   */
  dedupe?: boolean | 'share';
  /** Largest response body accepted, in bytes (Node adapter). @default 50 MB */
  maxContentLength?: number;
  /** Largest request body sent, in bytes (Node adapter). @default 50 MB */
  maxBodyLength?: number;
}

/** A snapshot of an instance's internal bookkeeping: for tests and devtools. */
export interface HttpStats {
  /** Requests in flight (waiting on a refresh or a backoff included). */
  pending: number;
  /** Entries in the dedupe table (one per distinct in-flight request with `dedupe`). */
  dedupe: number;
  /** Requests waiting for the refresh in flight. */
  refreshWaiters: number;
  /** Requests counted by the loading bar right now. */
  loading: number;
}

/** An axios instance configured by `createHttp`, plus cancellation of everything it has in flight. */
export type Http = AxiosInstance & {
  /** Abort every pending request of this instance (waiting on a refresh or a backoff included); returns how many. */
  cancelAll(reason?: string): number;
  /** How many requests of this instance are in flight. */
  readonly pending: number;
  /**
   * The instance's token lifecycle, shared with transports that do not go through
   * `http.request` (a socket handshake, SSE, another tab): `token()`, `refresh()` (the same
   * single-flight refresh a 401 starts) and `onChange`.
   * @example const token = await http.session.token()
   */
  readonly session: Session;
  /**
   * Internal counters, for tests and devtools: all of them are 0 when nothing is in flight.
   * @example expect(http.stats()).toEqual({ pending: 0, dedupe: 0, refreshWaiters: 0, loading: 0 })
   */
  stats(): HttpStats;
  /**
   * Hand an error this instance did not produce itself (an endpoint's bad input or a response
   * that failed its schema) to the instance's `onError`, under the same rules as its own
   * failures: not for cancels, not when `config.silent` is set. Returns the error, unchanged.
   * `defineEndpoint` calls it for its validation errors, so one global toast sees every failure.
   * @example throw http.report(validationError, { silent: false })
   */
  report(error: ApiError, config?: AxiosRequestConfig): ApiError;
  /**
   * The instance's message table (the request layer's English texts, `enRequestMessages`, with
   * `options.messages` merged over them), so errors made outside the instance, such as an
   * endpoint's validation errors, speak the same language as its own. Streams, sockets and
   * polling merge it over their own English texts: their keys are here only when the app's table
   * gives them (`zhCNMessages` does), and then they win there too.
   * @example http.messages.validation // 'The data did not have the expected shape.'
   */
  readonly messages: Readonly<MessageTable>;
};

declare module 'axios' {
  // The type parameter must match axios's own declaration, default included.
  // biome-ignore lint/suspicious/noExplicitAny: mirrors axios's declaration
  interface AxiosRequestConfig<D = any> {
    /** Send the token with this request (and refresh on its 401). @default true */
    withToken?: boolean;
    /** Count this request for the loading bar. @default true */
    loading?: boolean;
    /**
     * Identical requests (same method, URL, params and body) in flight: `true` cancels the older
     * one; `'share'` makes them share one trip, each caller getting the same response (or the
     * same error). The trip is sent with the first caller's config. A caller whose own `signal`
     * aborts is rejected with kind `'canceled'` alone; the trip is aborted only when every caller
     * has left. `onError` hears a shared failure once. @default false
     * @example await Promise.all([http.get('/me', { dedupe: 'share' }), http.get('/me', { dedupe: 'share' })]) // one request
     */
    dedupe?: boolean | 'share';
    /** Retries for this request, or `false` for none. @default the instance's `retry.retries` */
    retry?: number | false;
    /** Skip envelope unwrapping. @default false */
    raw?: boolean;
    /** Do not call the instance's `onError`. @default false */
    silent?: boolean;
  }
}
