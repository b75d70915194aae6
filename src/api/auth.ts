import * as z from 'zod';
import { refreshBodySchema, refreshRoute, tokensSchema } from '../request/token-pair';
import { defineEndpoint } from './define-endpoint';
import { userSchema } from './user';

// Each definition is wrapped in `/* @__PURE__ */ (() => …)()`: zod and defineEndpoint calls are
// side effects to a bundler unless marked, so that a page keeps only the ones it uses even in an
// app whose package.json does not say `"sideEffects": false` (the kit is copied source).

/** Credentials for `authApi.login`. */
export const loginBodySchema = /* @__PURE__ */ (() =>
  z.object({
    username: z.string().trim().min(1).max(200),
    password: z.string().min(1).max(1000),
  }))();
/** Credentials for `authApi.login`. */
export type LoginBody = z.input<typeof loginBodySchema>;

// The refresh route and the token pair live in the request layer, where the default instance
// (src/request/http.ts) uses them too; re-exported here as this module's schemas.
export {
  type RefreshBody,
  refreshBodySchema,
  type Tokens,
  tokensSchema,
} from '../request/token-pair';

/** Sign in, renew the access token, read the signed-in user. */
export const authApi = /* @__PURE__ */ (() => ({
  /**
   * Exchange credentials for a token pair; a wrong password rejects with kind `'http'`, 401.
   * Sent without a token, so its 401 never triggers a refresh.
   * @example
   * const { accessToken, refreshToken } = await authApi.login({ body: { username, password } });
   * tokenStore.set(accessToken, refreshToken);
   */
  login: defineEndpoint({
    method: 'POST',
    path: '/auth/login',
    body: loginBodySchema,
    response: tokensSchema,
    // Never redirected: a 307/308 would send the password wherever the Location points.
    config: { withToken: false, retry: false, maxRedirects: 0 },
  }),
  /**
   * Exchange a refresh token for a new pair. Always sent with `withToken: false`, so its own 401
   * never triggers a refresh. Its route and schemas come from `src/request/token-pair.ts`, which
   * the default `http` (`src/request/http.ts`) refreshes through as well: change them there. An
   * instance made in app code may use this endpoint as `auth.refresh`.
   * @example
   * const t = await authApi.refresh({ body: { refreshToken } });
   * tokenStore.set(t.accessToken, t.refreshToken);
   */
  refresh: defineEndpoint({
    method: refreshRoute.method,
    path: refreshRoute.path,
    body: refreshBodySchema,
    response: tokensSchema,
    config: refreshRoute.config,
  }),
  /**
   * The signed-in user.
   * @example const me = await authApi.me();
   */
  me: defineEndpoint({ method: 'GET', path: '/auth/me', response: userSchema }),
}))();
