import { HttpResponse, http as rest } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { http, tokenStore } from '../../src/request';
import { server } from '../setup/msw';

// The unit project sets VITE_API_BASE_URL (vitest.config.ts); '/api' is the fallback.
const BASE = http.defaults.baseURL ?? '';

afterEach(() => tokenStore.clear());

describe('default http instance', () => {
  it('takes its baseURL from VITE_API_BASE_URL', () => {
    expect(BASE).toBe(import.meta.env.VITE_API_BASE_URL ?? '/api');
  });

  it('sends the stored token to /api and refreshes through POST /auth/refresh', async () => {
    let refreshBody: unknown;
    server.use(
      rest.get(`${BASE}/me`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer fresh'
          ? HttpResponse.json({ me: true })
          : new HttpResponse(null, { status: 401 }),
      ),
      rest.post(`${BASE}/auth/refresh`, async ({ request }) => {
        refreshBody = await request.json();
        expect(request.headers.get('authorization')).toBeNull();
        return HttpResponse.json({ accessToken: 'fresh', refreshToken: 'r2' });
      }),
    );
    tokenStore.set('stale', 'r1');
    expect((await http.get('/me', { loading: false })).data).toEqual({ me: true });
    expect(refreshBody).toEqual({ refreshToken: 'r1' });
    expect([tokenStore.get(), tokenStore.getRefresh()]).toEqual(['fresh', 'r2']);
  });

  it('clears the store when the refresh is refused', async () => {
    server.use(
      rest.get(`${BASE}/me`, () => new HttpResponse(null, { status: 401 })),
      rest.post(`${BASE}/auth/refresh`, () => new HttpResponse(null, { status: 401 })),
    );
    tokenStore.set('stale', 'r1');
    await expect(http.get('/me', { loading: false })).rejects.toMatchObject({ status: 401 });
    expect([tokenStore.get(), tokenStore.getRefresh()]).toEqual([null, null]);
  });
});
