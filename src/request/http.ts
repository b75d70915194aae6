// The app's composition root: edit this file after copying the kit into a project.
import { createHttp } from './create-http';
import { tokenStore } from './token-store';

/** What `POST /auth/refresh` answers: `tokensSchema` of `src/api/auth.ts`. */
interface Tokens {
  accessToken: string;
  refreshToken: string;
}

function isTokens(body: unknown): body is Tokens {
  const tokens = body as Partial<Tokens> | null | undefined;
  return (
    typeof tokens?.accessToken === 'string' &&
    tokens.accessToken !== '' &&
    typeof tokens.refreshToken === 'string' &&
    tokens.refreshToken !== ''
  );
}

/**
 * Renew the access token by its route, sent as `authApi.refresh` sends it (`withToken: false`, so
 * its own 401 never triggers a refresh). By route rather than through `authApi`: `src/api` imports
 * this file, so a static import back would be a cycle at module load, and a lazy `import()` would
 * put Vite's preload helper and a second chunk into every page (1.4 KB gzip).
 */
async function refresh(): Promise<string> {
  const refreshToken = tokenStore.getRefresh();
  if (!refreshToken) throw new Error('No refresh token: sign in again.');
  const { data } = await http.post<unknown>(
    '/auth/refresh',
    { refreshToken },
    { withToken: false, retry: false },
  );
  if (!isTokens(data)) throw new Error('The refresh answer holds no token pair.');
  tokenStore.set(data.accessToken, data.refreshToken);
  return data.accessToken;
}

/**
 * The default instance the domain modules use: baseURL from `VITE_API_BASE_URL` (else `/api`),
 * the token from `tokenStore`, refresh through `POST /auth/refresh`, and a cleared store on expiry.
 * @example const { data } = await http.get('/health')
 */
export const http = createHttp({
  // import.meta.env exists under Vite (and vitest) only; under plain Node/tsx it is undefined.
  baseURL: import.meta.env?.VITE_API_BASE_URL ?? '/api',
  auth: {
    getToken: () => tokenStore.get(),
    refresh,
    onExpired: () => tokenStore.clear(),
    // Sign-in and sign-out reach http.session.onChange (a socket reconnects with the new token).
    subscribe: (notify) => tokenStore.subscribe(notify),
    // Every tab of the app shares this session: one refresh at a time, sign-out everywhere.
    crossTab: true,
  },
});
