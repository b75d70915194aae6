import { createListeners } from './session';

/** Where the default instance keeps its tokens. */
export interface TokenStore {
  /** The access token, or `null` when signed out. */
  get(): string | null;
  /** The refresh token, or `null`. */
  getRefresh(): string | null;
  /** Store a new access token, and the refresh token when one is given. */
  set(access: string, refresh?: string): void;
  /** Forget both tokens (sign out, expired session). */
  clear(): void;
  /**
   * Call `listener` with the access token after each `set` (the new one) and `clear` (`null`) made
   * through this store; returns its unsubscribe. The default `http` wires it to `http.session`.
   * @example const off = tokenStore.subscribe((token) => console.log(token ? 'signed in' : 'signed out'))
   */
  subscribe(listener: (access: string | null) => void): () => void;
}

/** Keys in `localStorage`, namespaced so they do not collide with the app's own. */
export const TOKEN_KEYS = {
  access: 'axios-api-kit:access-token',
  refresh: 'axios-api-kit:refresh-token',
} as const;

interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function defaultStorage(): KeyValue {
  try {
    const storage = (globalThis as { localStorage?: KeyValue }).localStorage;
    if (storage && typeof storage.getItem === 'function') return storage;
  } catch {
    // Reading localStorage throws where storage is blocked (sandboxed iframes): use memory.
  }
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

/**
 * A token store on `storage` (localStorage when present, memory otherwise), read on every call so
 * another tab's sign-out is seen.
 * @example const store = createTokenStore(sessionStorage)
 */
export function createTokenStore(storage?: KeyValue): TokenStore {
  let resolved = storage;
  const backend = () => {
    resolved ??= defaultStorage();
    return resolved;
  };
  const listeners = createListeners<[access: string | null]>();
  return {
    get: () => backend().getItem(TOKEN_KEYS.access),
    getRefresh: () => backend().getItem(TOKEN_KEYS.refresh),
    set(access, refresh) {
      // The refresh token first: other tabs see localStorage writes in order, so a tab that sees
      // the new access token also sees its refresh token (and never refreshes with a used one).
      if (refresh !== undefined) backend().setItem(TOKEN_KEYS.refresh, refresh);
      backend().setItem(TOKEN_KEYS.access, access);
      listeners.tell(access);
    },
    clear() {
      backend().removeItem(TOKEN_KEYS.access);
      backend().removeItem(TOKEN_KEYS.refresh);
      listeners.tell(null);
    },
    subscribe: listeners.add,
  };
}

/**
 * The default instance's tokens: localStorage when present, memory otherwise.
 * @example tokenStore.set(accessToken, refreshToken); tokenStore.get()
 */
export const tokenStore: TokenStore = createTokenStore();
