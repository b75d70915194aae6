import { HttpResponse, http as rest } from 'msw';
import { describe, expect, it } from 'vitest';
import { createHttp, isApiError } from '../../src/request';
import { server } from '../setup/msw';

const API = 'https://api.test';
const FOREIGN = 'https://evil.test';

function echoAuth(origin: string) {
  return rest.all(`${origin}/*`, ({ request }) =>
    HttpResponse.json({ auth: request.headers.get('authorization') }),
  );
}

describe('token interceptor', () => {
  it('reads getToken per request and sends it to the baseURL origin', async () => {
    server.use(echoAuth(API));
    let token = 'one';
    const http = createHttp({ baseURL: `${API}/v1`, auth: { getToken: () => token } });
    expect((await http.get('/me')).data.auth).toBe('Bearer one');
    token = 'two';
    expect((await http.get(`${API}/other`)).data.auth).toBe('Bearer two');
  });

  it('supports an async getToken, another header and a bare scheme', async () => {
    server.use(
      rest.get(`${API}/me`, ({ request }) =>
        HttpResponse.json({ key: request.headers.get('x-api-key') }),
      ),
    );
    const http = createHttp({
      baseURL: API,
      auth: { getToken: async () => 'k', header: 'X-Api-Key', scheme: '' },
    });
    expect((await http.get('/me')).data.key).toBe('k');
  });

  it('never sends the token to another origin: absolute URL, per-request baseURL, protocol-relative', async () => {
    server.use(echoAuth(FOREIGN), echoAuth(API));
    const http = createHttp({ baseURL: API, auth: { getToken: () => 'secret' } });
    expect((await http.get(`${FOREIGN}/a`)).data.auth).toBeNull();
    expect((await http.get('/a', { baseURL: FOREIGN })).data.auth).toBeNull();
    expect((await http.get('/a', { baseURL: `${API}:443/x` })).data.auth).toBe('Bearer secret');
    // A look-alike prefix is another origin: origins are parsed, never compared as strings.
    server.use(echoAuth('https://api.test.evil.test'));
    expect((await http.get('https://api.test.evil.test/a')).data.auth).toBeNull();
  });

  it('sends no token without getToken value, with withToken: false, or for a relative baseURL without a page', async () => {
    server.use(echoAuth(API));
    const none = createHttp({ baseURL: API, auth: { getToken: () => null } });
    expect((await none.get('/a')).data.auth).toBeNull();
    const http = createHttp({ baseURL: API, auth: { getToken: () => 't' } });
    expect((await http.get('/a', { withToken: false })).data.auth).toBeNull();
    // No page under Node: a relative baseURL has no origin to compare with, so it fails closed.
    const relative = createHttp({ baseURL: '/api', auth: { getToken: () => 't' } });
    expect((await relative.get(`${API}/a`)).data.auth).toBeNull();
  });

  it('follows a changed instance baseURL', async () => {
    server.use(echoAuth(API), echoAuth(FOREIGN));
    const http = createHttp({ baseURL: API, auth: { getToken: () => 't' } });
    expect((await http.get(`${FOREIGN}/a`)).data.auth).toBeNull();
    http.defaults.baseURL = FOREIGN;
    expect((await http.get('/a')).data.auth).toBe('Bearer t');
    expect((await http.get(`${API}/a`)).data.auth).toBeNull();
  });

  it.each([
    ['CR/LF', 'abc\r\nX-Injected: 1'],
    ['LF', 'abc\ndef'],
    ['NUL', 'abc\u0000'],
  ])('refuses a token with %s and never echoes it', async (_, bad) => {
    let hits = 0;
    server.use(
      rest.get(`${API}/a`, () => {
        hits += 1;
        return HttpResponse.json({});
      }),
    );
    const onError: unknown[] = [];
    const http = createHttp({
      baseURL: API,
      auth: { getToken: () => bad },
      onError: (e) => onError.push(e),
    });
    const error = await http.get('/a').catch((e: unknown) => e);
    expect(isApiError(error) && error.kind).toBe('validation');
    expect(JSON.stringify(error)).not.toContain('abc');
    expect(String((error as Error).message)).not.toContain('abc');
    expect(hits).toBe(0);
    expect(onError).toHaveLength(1);
    expect(http.stats()).toEqual({ pending: 0, dedupe: 0, refreshWaiters: 0, loading: 0 });
  });

  it('sets the header on the AxiosHeaders in place, keeping the caller headers', async () => {
    server.use(
      rest.post(`${API}/a`, ({ request }) =>
        HttpResponse.json({
          auth: request.headers.get('authorization'),
          type: request.headers.get('content-type'),
          extra: request.headers.get('x-extra'),
        }),
      ),
    );
    const http = createHttp({ baseURL: API, auth: { getToken: () => 't' } });
    const { data } = await http.post('/a', 'raw', {
      headers: { 'Content-Type': 'text/plain', 'X-Extra': '1' },
    });
    expect(data).toEqual({ auth: 'Bearer t', type: 'text/plain', extra: '1' });
  });

  it('a getToken that throws rejects with an ApiError and settles the bookkeeping', async () => {
    const http = createHttp({
      baseURL: API,
      auth: {
        getToken: () => {
          throw new Error('storage broken');
        },
      },
    });
    await expect(http.get('/a')).rejects.toMatchObject({ kind: 'validation' });
    expect(http.pending).toBe(0);
  });
});
