import { HttpResponse, http as rest } from 'msw';
import { describe, expect, it } from 'vitest';
import { createHttp } from '../../src/request';
import { server } from '../setup/msw';

const API = 'https://api.test';

describe('createHttp instance', () => {
  it('is callable like an axios instance and routes every alias through the kit', async () => {
    server.use(
      rest.all(`${API}/echo`, async ({ request }) =>
        HttpResponse.json({ method: request.method, body: await request.text() }),
      ),
    );
    const http = createHttp({ baseURL: API });
    const seen: string[] = [];
    http.interceptors.request.use((config) => {
      seen.push(String(config.method));
      return config;
    });
    expect((await http('/echo')).data).toEqual({ method: 'GET', body: '' });
    expect((await http({ url: '/echo', method: 'delete' })).data.method).toBe('DELETE');
    expect((await http.get('/echo')).data.method).toBe('GET');
    expect((await http.post('/echo', { a: 1 })).data).toEqual({ method: 'POST', body: '{"a":1}' });
    expect((await http.put('/echo', { a: 2 })).data.method).toBe('PUT');
    expect((await http.patch('/echo')).data.method).toBe('PATCH');
    expect((await http.request({ url: '/echo' })).data.method).toBe('GET');
    expect(seen).toEqual(['get', 'delete', 'get', 'post', 'put', 'patch', 'get']);
    expect(http.getUri({ url: '/echo', params: { q: 1 } })).toBe(`${API}/echo?q=1`);
  });

  it('counts pending requests and reports them in stats()', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.use(
      rest.get(`${API}/slow`, async () => {
        await gate;
        return HttpResponse.json({ ok: true });
      }),
    );
    const http = createHttp({ baseURL: API });
    const a = http.get('/slow');
    const b = http.get('/slow');
    expect(http.pending).toBe(2);
    expect(http.stats()).toMatchObject({ pending: 2, dedupe: 0, refreshWaiters: 0 });
    release();
    await Promise.all([a, b]);
    expect(http.pending).toBe(0);
    expect(http.stats()).toEqual({ pending: 0, dedupe: 0, refreshWaiters: 0, loading: 0 });
  });

  it('sets its security-relevant defaults as own properties', () => {
    const http = createHttp({ baseURL: API, timeout: 1234 });
    const own = (key: string) => Object.hasOwn(http.defaults, key);
    for (const key of [
      'validateStatus',
      'withXSRFToken',
      'allowAbsoluteUrls',
      'proxy',
      'maxContentLength',
      'maxBodyLength',
      'transitional',
    ]) {
      expect(own(key), key).toBe(true);
    }
    expect(http.defaults.proxy).toBe(false);
    expect(http.defaults.timeout).toBe(1234);
    expect(http.defaults.transitional?.silentJSONParsing).toBe(false);
    expect(http.defaults.validateStatus?.(304)).toBe(false);
    expect(http.defaults.validateStatus?.(204)).toBe(true);
  });

  it('keeps headers set by the caller and the instance', async () => {
    server.use(
      rest.post(`${API}/h`, ({ request }) =>
        HttpResponse.json({
          type: request.headers.get('content-type'),
          app: request.headers.get('x-app'),
        }),
      ),
    );
    const http = createHttp({ baseURL: API, headers: { 'X-App': 'kit' } });
    const { data } = await http.post('/h', 'a=1', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(data).toEqual({ type: 'application/x-www-form-urlencoded', app: 'kit' });
  });

  it('refuses impossible options at creation', () => {
    expect(() => createHttp({ timeout: -1 })).toThrow(TypeError);
    expect(() => createHttp({ auth: { getToken: () => null, header: 'Bad Header' } })).toThrow(
      TypeError,
    );
  });

  it('create() gives a plain axios instance with the same defaults', () => {
    const http = createHttp({ baseURL: API });
    const child = http.create({ timeout: 5 });
    expect(child.defaults.baseURL).toBe(API);
    expect(child.defaults.timeout).toBe(5);
  });
});
