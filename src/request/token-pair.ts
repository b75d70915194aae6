import * as z from 'zod';

// The token pair and the route that renews it, in the request layer so that both the default
// instance (src/request/http.ts) and `authApi` (src/api/auth.ts, which re-exports these names) take
// them from here: change the route or the shape once. src/api imports this layer; this file
// imports nothing of the kit, so there is no cycle at module load.

// Marked pure as src/api's schemas are: a page that never sends authApi.refresh drops it (this
// module stays for the default instance's tokensSchema).
/** Body of `authApi.refresh`: the refresh token to exchange. */
export const refreshBodySchema = /* @__PURE__ */ (() =>
  z.object({ refreshToken: z.string().min(1) }))();
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

/**
 * Where the access token is renewed, and how: without a token (so the refresh's own 401 never
 * starts another refresh), never retried (a refresh token is often single-use), and never
 * redirected (`maxRedirects: 0`): a 307/308 would send the body, the refresh token in it, to
 * wherever the Location points. A redirect answer fails the refresh (kind `'http'`, its status).
 * A browser's XHR follows redirects whatever axios asks: there the API must not redirect it.
 * @example http.request({ method: refreshRoute.method, url: refreshRoute.path, data: body, ...refreshRoute.config })
 */
export const refreshRoute = {
  method: 'POST',
  path: '/auth/refresh',
  config: { withToken: false, retry: false, maxRedirects: 0 },
} as const;
