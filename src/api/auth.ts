import * as z from 'zod';
import { defineEndpoint } from './define-endpoint';
import { userSchema } from './user';

/** Credentials for `authApi.login`. */
export const loginBodySchema = z.object({
  username: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(1000),
});
/** Credentials for `authApi.login`. */
export type LoginBody = z.input<typeof loginBodySchema>;

/** Body of `authApi.refresh`. */
export const refreshBodySchema = z.object({ refreshToken: z.string().min(1) });
/** Body of `authApi.refresh`. */
export type RefreshBody = z.input<typeof refreshBodySchema>;

/** The token pair login and refresh resolve with; `expiresIn` (seconds) when the server says. */
export const tokensSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  expiresIn: z.number().int().positive().optional(),
});
/** The token pair login and refresh resolve with. */
export type Tokens = z.output<typeof tokensSchema>;

/** Sign in, renew the access token, read the signed-in user. */
export const authApi = {
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
    config: { withToken: false, retry: false },
  }),
  /**
   * Exchange a refresh token for a new pair. Always sent with `withToken: false`, so its own 401
   * never triggers a refresh. The default `http` does not call it: `src/request/http.ts` posts to
   * this same route itself (this folder imports that file, so it cannot import `authApi` back);
   * change the route in both places. An instance made in app code may use it as `auth.refresh`.
   * @example
   * const t = await authApi.refresh({ body: { refreshToken } });
   * tokenStore.set(t.accessToken, t.refreshToken);
   */
  refresh: defineEndpoint({
    method: 'POST',
    path: '/auth/refresh',
    body: refreshBodySchema,
    response: tokensSchema,
    config: { withToken: false, retry: false },
  }),
  /**
   * The signed-in user.
   * @example const me = await authApi.me();
   */
  me: defineEndpoint({ method: 'GET', path: '/auth/me', response: userSchema }),
};
