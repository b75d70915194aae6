// The app's composition root: edit this file after copying the kit into a project.
import { createHttp } from './create-http';
import { tokenStore } from './token-store';

/**
 * Renew the access token through the auth module, imported lazily: `src/api` imports this file,
 * so a static import back would be a cycle at module load.
 */
async function refresh(): Promise<string> {
  const refreshToken = tokenStore.getRefresh();
  if (!refreshToken) throw new Error('No refresh token: sign in again.');
  const { authApi } = await import('../api/auth');
  const tokens = await authApi.refresh({ body: { refreshToken } });
  tokenStore.set(tokens.accessToken, tokens.refreshToken);
  return tokens.accessToken;
}

/**
 * The default instance the domain modules use: baseURL from `VITE_API_BASE_URL` (else `/api`),
 * the token from `tokenStore`, refresh through `authApi.refresh`, and a cleared store on expiry.
 * @example const { data } = await http.get('/health')
 */
export const http = createHttp({
  // import.meta.env exists under Vite (and vitest) only; under plain Node/tsx it is undefined.
  baseURL: import.meta.env?.VITE_API_BASE_URL ?? '/api',
  auth: {
    getToken: () => tokenStore.get(),
    refresh,
    onExpired: () => tokenStore.clear(),
  },
});
