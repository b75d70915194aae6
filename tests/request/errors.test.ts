import { delay, HttpResponse, http as rest } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, createHttp, enMessages, isApiError } from '../../src/request';
import { zhCNMessages } from '../../src/request/messages-zh-CN';
import { server } from '../setup/msw';

const API = 'https://api.test';

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isApiError(error)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('status mapping to ApiError', () => {
  it('maps an HTTP error status to kind http with status, method, url and the body', async () => {
    server.use(
      rest.get(`${API}/users/7`, () =>
        HttpResponse.json({ detail: 'no such user' }, { status: 404, headers: { 'X-Req': 'r1' } }),
      ),
    );
    const http = createHttp({ baseURL: API, retry: false });
    const error = await failure(http.get('/users/7'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      kind: 'http',
      status: 404,
      method: 'GET',
      url: `${API}/users/7`,
      message: enMessages[404],
    });
    expect(error.response).toMatchObject({ status: 404, data: { detail: 'no such user' } });
    expect(error.response?.headers['x-req']).toBe('r1');
    expect(error.cause).toBeDefined();
  });

  it('uses the default message for a status without one', async () => {
    server.use(rest.get(`${API}/tea`, () => new HttpResponse(null, { status: 418 })));
    const http = createHttp({ baseURL: API });
    expect((await failure(http.get('/tea'))).message).toBe(enMessages.default);
  });

  it('maps a dropped connection to kind network', async () => {
    server.use(rest.get(`${API}/down`, () => HttpResponse.error()));
    const http = createHttp({ baseURL: API, retry: false });
    const error = await failure(http.get('/down'));
    expect(error).toMatchObject({ kind: 'network', message: enMessages.network });
    expect(error.status).toBeUndefined();
  });

  it('maps the total deadline to kind timeout, and timeout: 0 disables it', async () => {
    server.use(
      rest.get(`${API}/slow`, async () => {
        await delay(150);
        return HttpResponse.json({ ok: true });
      }),
    );
    const http = createHttp({ baseURL: API, timeout: 30, retry: false });
    expect(await failure(http.get('/slow'))).toMatchObject({
      kind: 'timeout',
      message: enMessages.timeout,
    });
    expect((await http.get('/slow', { timeout: 0 })).data).toEqual({ ok: true });
    expect(http.pending).toBe(0);
  });

  it('maps an abort to kind canceled, without onError', async () => {
    server.use(
      rest.get(`${API}/wait`, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const onError = vi.fn();
    const http = createHttp({ baseURL: API, onError });
    const controller = new AbortController();
    const pending = http.get('/wait', { signal: controller.signal });
    controller.abort();
    expect(await failure(pending)).toMatchObject({
      kind: 'canceled',
      message: enMessages.canceled,
    });
    const already = new AbortController();
    already.abort();
    expect((await failure(http.get('/wait', { signal: already.signal }))).kind).toBe('canceled');
    expect(onError).not.toHaveBeenCalled();
  });

  it.each([
    ['malformed JSON', '{"a": 1', 'application/json'],
    ['HTML', '<!doctype html><p>proxy error</p>', 'text/html'],
  ])('rejects a 200 with %s as kind validation, keeping the raw text', async (_, body, type) => {
    server.use(
      rest.get(
        `${API}/bad`,
        () => new HttpResponse(body, { status: 200, headers: { 'Content-Type': type } }),
      ),
    );
    const http = createHttp({ baseURL: API });
    const error = await failure(http.get('/bad'));
    expect(error).toMatchObject({ kind: 'validation', status: 200, part: 'response' });
    expect(error.response?.data).toBe(body);
  });

  it('lets a caller read text with responseType text', async () => {
    server.use(rest.get(`${API}/text`, () => HttpResponse.text('plain words')));
    const http = createHttp({ baseURL: API });
    expect((await http.get('/text', { responseType: 'text' })).data).toBe('plain words');
  });

  it('maps a failing app interceptor to an ApiError too', async () => {
    const http = createHttp({ baseURL: API });
    http.interceptors.request.use(() => {
      throw new Error('app bug');
    });
    const error = await failure(http.get('/x'));
    expect(error.kind).toBe('validation');
    expect((error.cause as Error).message).toBe('app bug');
  });
});

describe('messages', () => {
  function serve500() {
    server.use(
      rest.get(`${API}/e/:status`, ({ params }) =>
        HttpResponse.json({ secret: 'x'.repeat(100_000) }, { status: Number(params.status) }),
      ),
    );
  }

  it('ships a zh-CN table', async () => {
    serve500();
    const http = createHttp({ baseURL: API, messages: zhCNMessages, retry: false });
    expect((await failure(http.get('/e/404'))).message).toBe('请求的资源不存在');
  });

  it('merges overrides over English', async () => {
    serve500();
    const http = createHttp({ baseURL: API, messages: { 404: 'Gone fishing' }, retry: false });
    expect((await failure(http.get('/e/404'))).message).toBe('Gone fishing');
    expect((await failure(http.get('/e/500'))).message).toBe(enMessages[500]);
  });

  it('keeps the body on the error but never puts it, a header or the token in the message', async () => {
    serve500();
    const http = createHttp({
      baseURL: API,
      retry: false,
      auth: { getToken: () => 'tok-123' },
    });
    const error = await failure(http.get('/e/500'));
    expect(error.message.length).toBeLessThan(100);
    expect(error.message).not.toContain('tok-123');
    expect(JSON.stringify(error.toJSON())).not.toContain('tok-123');
    expect(error.response?.data).toEqual({ secret: 'x'.repeat(100_000) });
  });
});

describe('onError', () => {
  it('is called once per failed request, not for silent ones', async () => {
    server.use(rest.get(`${API}/e`, () => new HttpResponse(null, { status: 400 })));
    const onError = vi.fn();
    const http = createHttp({ baseURL: API, onError });
    await failure(http.get('/e'));
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ kind: 'http', status: 400 });
    await failure(http.get('/e', { silent: true }));
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('a throwing onError does not replace the ApiError', async () => {
    server.use(rest.get(`${API}/e`, () => new HttpResponse(null, { status: 400 })));
    const thrown: unknown[] = [];
    const spy = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((task) => {
      try {
        task();
      } catch (error) {
        thrown.push(error);
      }
    });
    const http = createHttp({
      baseURL: API,
      onError: () => {
        throw new Error('toast broke');
      },
    });
    const error = await failure(http.get('/e'));
    spy.mockRestore();
    expect(error.status).toBe(400);
    expect(thrown).toHaveLength(1);
  });
});
