import { ApiError } from '../core/errors';
import { callHook } from '../core/guard';
import { type MessageTable, messageFor } from '../core/messages';
import { toApiError } from '../core/to-api-error';
import type { NormalizedOptions } from './normalize';
import { DEADLINE, type Refresher, withDeadline } from './refresh';

/**
 * The token lifecycle of one instance, for every transport that cannot go through
 * `http.request` (a socket handshake, an `EventSource`, another tab). HTTP requests, SSE and both
 * socket kinds share it, so one refresh serves them all.
 */
export interface Session {
  /**
   * The current token, read as a request would read it (`auth.getToken()`), or `null` when there
   * is none (signed out, or an instance without `auth`). Rejects with an `ApiError` when the read
   * fails or outlasts the instance's `timeout`.
   * @example const token = await http.session.token()
   */
  token(): Promise<string | null>;
  /**
   * Run the instance's single-flight refresh, or join the one in flight (the same one a 401
   * starts), and resolve with the new token. An auth failure calls `onExpired` once and rejects
   * with kind `'http'`, status 401; a network failure or timeout rejects with that kind.
   * @example socket.on('unauthorized', () => http.session.refresh())
   */
  refresh(): Promise<string>;
  /**
   * Call `listener` with the new token each time it changes: a refresh, a sign-in, a sign-out or
   * an expiry (`null`), and where the change came from: `'local'` when this instance made it
   * (its refresh, its store's sign-in or sign-out, its expiry), `'remote'` when another tab did
   * (`auth.crossTab`), including a refresh this tab needed and found already made by another.
   * Returns its unsubscribe.
   * @example const off = http.session.onChange((token) => (token ? connect() : disconnect()))
   * @example http.session.onChange((token, origin) => origin === 'remote' && show('Changed in another tab'))
   */
  onChange(listener: (token: string | null, origin: SessionOrigin) => void): () => void;
}

/**
 * Where a token change came from: this instance (`'local'`), or another tab of the origin
 * (`'remote'`, through `auth.crossTab`).
 */
export type SessionOrigin = 'local' | 'remote';

/**
 * The instance's side of its session: the seam a layer beyond the instance (cross-tab sync)
 * plugs into. It forwards the `'local'` changes it `watch`es and reports what arrives from
 * elsewhere with `changed(token, 'remote')`, which it is never told back.
 */
export interface SessionHub {
  readonly session: Session;
  /** The token is now `token`: tell the listeners, once per distinct value. */
  changed(token: string | null, origin: SessionOrigin): void;
  /** Listen to every change with its origin; returns the unsubscribe. */
  watch(listener: (token: string | null, origin: SessionOrigin) => void): () => void;
}

/** Listeners told in turn (`createListeners`). */
export interface Listeners<A extends unknown[]> {
  /** Add `listener` (the same function added twice is two subscriptions); returns its removal. */
  add(listener: (...args: A) => void): () => void;
  /** Call every listener with `args`: one that throws stops neither the others nor the caller. */
  tell(...args: A): void;
}

/**
 * The listeners of a session or a token store.
 * @example const listeners = createListeners<[string | null]>(); listeners.add(show); listeners.tell(token)
 */
export function createListeners<A extends unknown[]>(): Listeners<A> {
  const listeners = new Set<(...args: A) => void>();
  return {
    add(listener) {
      // A wrapper per subscription: the same function subscribed twice is two subscriptions.
      const entry = (...args: A) => listener(...args);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    tell(...args) {
      for (const listener of [...listeners]) callHook(listener, ...args);
    },
  };
}

/**
 * The 401 `ApiError` a refresh made outside any request rejects with when the session is over.
 * @example refresher.refresh(unauthorizedError(messages, baseURL))
 */
export function unauthorizedError(
  messages: MessageTable,
  url: string | undefined,
  detail?: string,
): ApiError {
  return new ApiError({
    kind: 'http',
    status: 401,
    message: messageFor(messages, 401),
    url,
    detail,
  });
}

/**
 * Create the session of one instance (never module-level): read the token as the engine does
 * (bounded by the instance's `timeout`), and refresh through the instance's own single-flight
 * refresher, found when called (the refresher is built after the session, because it tells the
 * session its outcomes). Listeners are told each distinct value once: a refresh whose `refresh()`
 * also stored the token (as the default instance's does) is one change, not two. A listener that
 * throws neither stops the others nor the caller.
 *
 * @example const hub = createSessionHub(normalized, () => refresher); hub.changed('t1', 'local')
 */
export function createSessionHub(
  options: NormalizedOptions,
  refresher: () => Refresher | undefined,
): SessionHub {
  const { auth, messages } = options;
  const url = options.baseURL ?? '';
  const watchers = createListeners<[token: string | null, origin: SessionOrigin]>();
  // undefined: nothing told yet, so the first change is always told.
  let last: string | null | undefined;

  return {
    session: {
      async token() {
        if (!auth) return null;
        try {
          const token = await withDeadline((async () => auth.getToken())(), options.timeout);
          return token === '' || token === undefined ? null : token;
        } catch (error) {
          if (error === DEADLINE) {
            throw new ApiError({ kind: 'timeout', message: messageFor(messages, 'timeout'), url });
          }
          throw toApiError(error, { method: 'get', url, messages });
        }
      },
      refresh() {
        const current = refresher();
        return current
          ? current.refresh(unauthorizedError(messages, url))
          : Promise.reject(unauthorizedError(messages, url, 'This instance has no auth.refresh.'));
      },
      onChange: watchers.add,
    },
    changed(token, origin) {
      const value = token === '' ? null : token;
      if (value === last) return;
      last = value;
      watchers.tell(value, origin);
    },
    watch: watchers.add,
  };
}
