// @vitest-environment happy-dom
import { HttpResponse, http as rest } from 'msw';
import { describe, expect, it } from 'vitest';
import { createHttp } from '../../src/request';
import { server } from '../setup/msw';

describe('token interceptor in a page (relative baseURL)', () => {
  it('sends the token to the page origin and nowhere else', async () => {
    expect(location.origin).toBe('http://localhost:3000');
    server.use(
      rest.get('http://localhost:3000/api/me', ({ request }) =>
        HttpResponse.json({ auth: request.headers.get('authorization') }),
      ),
      ...['https://cdn.test/me', 'http://cdn.test/me'].map((url) =>
        rest.all(url, ({ request }) =>
          HttpResponse.json(
            { auth: request.headers.get('authorization') },
            {
              headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*' },
            },
          ),
        ),
      ),
    );
    const http = createHttp({ baseURL: '/api', auth: { getToken: () => 't' }, loading: false });
    expect((await http.get('/me')).data.auth).toBe('Bearer t');
    expect((await http.get('https://cdn.test/me')).data.auth).toBeNull();
    expect((await http.get('//cdn.test/me')).data.auth).toBeNull();
  });

  it('sends the XSRF header to the page origin only', async () => {
    // biome-ignore lint/suspicious/noDocumentCookie: axios reads the XSRF cookie from document.cookie
    document.cookie = 'XSRF-TOKEN=xsrf-value';
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*' };
    server.use(
      rest.all('http://localhost:3000/api/x', ({ request }) =>
        HttpResponse.json({ xsrf: request.headers.get('x-xsrf-token') }),
      ),
      rest.all('https://cdn.test/x', ({ request }) =>
        HttpResponse.json({ xsrf: request.headers.get('x-xsrf-token') }, { headers: cors }),
      ),
    );
    const http = createHttp({ baseURL: '/api', loading: false });
    expect((await http.get('/x')).data.xsrf).toBe('xsrf-value');
    expect((await http.get('https://cdn.test/x', { withCredentials: true })).data.xsrf).toBeNull();
  });
});
