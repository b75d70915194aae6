// The app's composition root: edit this file after copying the kit into a project.
import { createHttp } from './create-http';
import { refreshRoute, tokensSchema } from './token-pair';
import { tokenStore } from './token-store';

/**
 * Renew the access token by `refreshRoute`, sent as `authApi.refresh` sends it (the route, its
 * config and `tokensSchema` come from `./token-pair`, which `src/api/auth.ts` uses too). Not through
 * `authApi` itself: `src/api` imports this file, so a static import back would be a cycle at module
 * load, and a lazy `import()` would put Vite's preload helper and a second chunk into every page.
 */
async function refresh(): Promise<string> {
  const refreshToken = tokenStore.getRefresh();
  if (!refreshToken) throw new Error('No refresh token: sign in again.');
  const { data } = await http.request<unknown>({
    method: refreshRoute.method,
    url: refreshRoute.path,
    data: { refreshToken },
    ...refreshRoute.config,
  });
  const tokens = tokensSchema.safeParse(data);
  if (!tokens.success) throw new Error('The refresh answer holds no token pair.');
  tokenStore.set(tokens.data.accessToken, tokens.data.refreshToken);
  return tokens.data.accessToken;
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
