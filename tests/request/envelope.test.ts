import { HttpResponse, http as rest } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { createHttp } from '../../src/request';
import { server } from '../setup/msw';

const API = 'https://api.test';

describe('envelope', () => {
  it('is off by default: the body is taken as it is', async () => {
    server.use(rest.get(`${API}/u`, () => HttpResponse.json({ code: 0, data: { id: 1 } })));
    const http = createHttp({ baseURL: API });
    expect((await http.get('/u')).data).toEqual({ code: 0, data: { id: 1 } });
  });

  it('unwraps an ok envelope, and raw: true skips it', async () => {
    server.use(
      rest.get(`${API}/u`, () => HttpResponse.json({ code: 0, data: { id: 1 }, message: 'ok' })),
    );
    const http = createHttp({ baseURL: API, envelope: {} });
    expect((await http.get('/u')).data).toEqual({ id: 1 });
    expect((await http.get('/u', { raw: true })).data).toMatchObject({ code: 0 });
  });

  it('rejects a not-ok code with kind business, the code and the server message', async () => {
    server.use(
      rest.post(`${API}/u`, () =>
        HttpResponse.json({ code: 40010, data: null, message: 'Name\n already taken' }),
      ),
    );
    const onError = vi.fn();
    const http = createHttp({ baseURL: API, envelope: {}, onError });
    await expect(http.post('/u', { name: 'a' })).rejects.toMatchObject({
      kind: 'business',
      code: 40010,
      status: 200,
      method: 'POST',
      message: 'Name already taken',
      response: { data: { code: 40010, data: null } },
    });
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('caps a long server message and falls back to the table without one', async () => {
    server.use(
      rest.get(`${API}/long`, () => HttpResponse.json({ code: 1, message: 'x'.repeat(5000) })),
      rest.get(`${API}/none`, () => HttpResponse.json({ code: 1 })),
    );
    const http = createHttp({ baseURL: API, envelope: {}, messages: { default: 'Failed.' } });
    const long = await http.get('/long').catch((e: Error) => e);
    expect((long as Error).message.length).toBeLessThanOrEqual(200);
    await expect(http.get('/none')).rejects.toMatchObject({ kind: 'business', message: 'Failed.' });
  });

  it('honours custom keys and isOk', async () => {
    server.use(
      rest.get(`${API}/u`, () => HttpResponse.json({ status: 'OK', result: [1, 2], msg: '' })),
    );
    const http = createHttp({
      baseURL: API,
      envelope: { code: 'status', data: 'result', message: 'msg', isOk: (c) => c === 'OK' },
    });
    expect((await http.get('/u')).data).toEqual([1, 2]);
  });

  it('rejects a body that is not an envelope with kind validation; an empty body passes', async () => {
    server.use(
      rest.get(`${API}/plain`, () => HttpResponse.json([1, 2])),
      rest.delete(`${API}/u`, () => new HttpResponse(null, { status: 204 })),
    );
    const http = createHttp({ baseURL: API, envelope: {} });
    await expect(http.get('/plain')).rejects.toMatchObject({ kind: 'validation', status: 200 });
    expect((await http.delete('/u')).status).toBe(204);
  });

  it('leaves non-JSON response types alone', async () => {
    server.use(rest.get(`${API}/t`, () => HttpResponse.text('hello')));
    const http = createHttp({ baseURL: API, envelope: {} });
    expect((await http.get('/t', { responseType: 'text' })).data).toBe('hello');
  });
});
