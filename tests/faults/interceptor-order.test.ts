// Issue 13, gap 6: the URL guard (http/https only) and the origin rule hold whatever order axios
// runs interceptors in. With `transitional.legacyInterceptorReqResOrdering: false` axios runs
// request interceptors in registration order, so the kit's (registered first) run before an app's
// that rewrites the URL: the kit must judge the URL again where the request really leaves.
import { describe, expect, it } from 'vitest';
import type { Http } from '../../src/request';
import { kit, useOracle } from './helpers/oracle';
import { json, startServer } from './helpers/servers';

useOracle();

const TOKEN = 'tok-order-secret';

function newOrdering(http: Http): Http {
  http.defaults.transitional = {
    ...http.defaults.transitional,
    legacyInterceptorReqResOrdering: false,
  };
  return http;
}

describe.each([
  ['without auth', false],
  ['with auth', true],
] as const)('legacyInterceptorReqResOrdering false, %s', (_, withAuth) => {
  it.each([
    ['data:', 'data:text/plain,leaked'],
    ['file:', 'file:///etc/hostname'],
    ['javascript:', 'javascript:alert(1)'],
  ])(
    'an app interceptor that moves the request to a %s URL is refused as validation',
    async (_s, target) => {
      const api = await startServer((_req, res) => json(res, 200, { at: 'api' }));
      const errors: unknown[] = [];
      const http = newOrdering(
        kit({
          baseURL: api.origin,
          retry: false,
          onError: (e) => errors.push(e),
          ...(withAuth ? { auth: { getToken: () => TOKEN } } : {}),
        }),
      );
      http.interceptors.request.use((config) => {
        config.url = target;
        return config;
      });
      await expect(http.get('/x', { adapter: 'http' })).rejects.toMatchObject({
        kind: 'validation',
        part: 'url',
      });
      await expect(http.get('/x', { adapter: 'fetch' })).rejects.toMatchObject({
        kind: 'validation',
        part: 'url',
      });
      expect(api.arrived).toHaveLength(0);
      expect(errors).toHaveLength(2);
    },
  );

  it('a request an app interceptor leaves alone still goes', async () => {
    const api = await startServer((_req, res) => json(res, 200, { at: 'api' }));
    const http = newOrdering(
      kit({ baseURL: api.origin, ...(withAuth ? { auth: { getToken: () => TOKEN } } : {}) }),
    );
    http.interceptors.request.use((config) => config);
    expect((await http.get('/x')).data).toEqual({ at: 'api' });
  });
});
