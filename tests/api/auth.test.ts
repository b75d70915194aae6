import { HttpResponse, http as mock } from 'msw';
import { describe, expect, it } from 'vitest';
import { authApi } from '../../src/api/auth';

const base = 'http://api.test/api';

describe('authApi', () => {
  it('refresh resolves to the token pair and sends no token', async () => {
    const { server } = await import('../setup/msw');
    let auth: string | null = 'unset';
    let body: unknown;
    server.use(
      mock.post(`${base}/auth/refresh`, async ({ request }) => {
        auth = request.headers.get('authorization');
        body = await request.json();
        return HttpResponse.json({ accessToken: 'a2', refreshToken: 'r2' });
      }),
    );
    const tokens = await authApi.refresh({ body: { refreshToken: 'r1' } });
    expect(tokens).toEqual({ accessToken: 'a2', refreshToken: 'r2' });
    expect(body).toEqual({ refreshToken: 'r1' });
    expect(auth).toBeNull();
    expect(authApi.refresh.definition.config).toEqual({ withToken: false, retry: false });
  });
});
