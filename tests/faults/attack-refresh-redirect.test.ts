import { describe, expect, it } from 'vitest';
import { authApi } from '../../src/api';
import { refreshRoute } from '../../src/request/token-pair';
import { kit, useOracle } from './helpers/oracle';
import { json, startServer } from './helpers/servers';

useOracle();

const ACCESS = 'tok-access-refresh-redirect';
const REFRESH = 'tok-refresh-redirect-secret';

describe("session.refresh's own request (and sign-in) never carries a token or the password to another origin", () => {
  for (const adapter of ['http', 'fetch'] as const) {
    for (const status of [301, 302, 307, 308]) {
      it(`${adapter} adapter, the refresh route answered ${status} to another origin`, async () => {
        const foreign = await startServer((_req, res) =>
          json(res, 200, { accessToken: 'stolen', refreshToken: 'stolen' }),
        );
        const api = await startServer((req, res) => {
          if (req.url === refreshRoute.path || req.url === '/auth/login') {
            res.writeHead(status, { location: `${foreign.origin}/grab`, 'content-length': '0' });
            res.end();
          } else json(res, 401, { message: 'expired' });
        });
        const http = kit({
          baseURL: api.origin,
          retry: false,
          auth: {
            getToken: () => ACCESS,
            // As the default instance refreshes (src/request/http.ts), and authApi.refresh.
            refresh: async () => {
              const { data } = await http.request<{ accessToken: string }>({
                method: refreshRoute.method,
                url: refreshRoute.path,
                data: { refreshToken: REFRESH },
                ...refreshRoute.config,
              });
              return data.accessToken;
            },
          },
        });
        http.defaults.adapter = adapter;
        await http.session.refresh().catch(() => undefined);
        const direct = { adapter, baseURL: api.origin };
        const login = { username: 'ada', password: REFRESH };
        await authApi.refresh({ body: { refreshToken: REFRESH } }, direct).catch(() => undefined);
        await authApi.login({ body: login }, direct).catch(() => undefined);
        // Sent once each to the API (3 times in all), never on to the other origin.
        expect(api.arrived).toHaveLength(3);
        expect(foreign.arrived).toHaveLength(0);
        for (const seen of foreign.arrived) {
          expect(JSON.stringify(seen.headers)).not.toContain(ACCESS);
          expect(seen.body).not.toContain(REFRESH);
        }
      });
    }
  }
});
