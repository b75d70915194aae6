import { HttpResponse, http as mock } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { defineEndpoint } from '../../src/api';
import * as request from '../../src/request';
import { ApiError, createHttp, enMessages, isApiError } from '../../src/request';
import { zhCNMessages } from '../../src/request/messages-zh-CN';
import { API_BASE } from '../mocks';
import { server } from '../setup/msw';
import { countRequests, recordingHttp } from './helpers';

const item = z.object({ id: z.string(), name: z.string() });

const getItem = defineEndpoint({
  method: 'GET',
  path: '/items/:id',
  params: z.object({ id: z.string() }),
  response: item,
});

/** Serve `/items/:id` and remember the raw pathname each request used. */
function servePaths(): string[] {
  const paths: string[] = [];
  server.use(
    mock.get(`${API_BASE}/items/:id`, ({ request: req, params }) => {
      paths.push(new URL(req.url).pathname);
      return HttpResponse.json({ id: String(params.id), name: 'x' });
    }),
  );
  return paths;
}

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isApiError(error)).toBe(true);
  return error as ApiError;
}

let counter: ReturnType<typeof countRequests> | undefined;
afterEach(() => {
  counter?.stop();
  counter = undefined;
  vi.restoreAllMocks();
});

describe('defineEndpoint: path params', () => {
  it.each([
    ['../admin', '/api/items/..%2Fadmin'],
    ['a?x=1#', '/api/items/a%3Fx%3D1%23'],
    ['%2F%2Fevil', '/api/items/%252F%252Fevil'],
    ['a b/c', '/api/items/a%20b%2Fc'],
  ])('keeps %j inside its segment', async (id, expected) => {
    const paths = servePaths();
    await expect(getItem({ params: { id } })).resolves.toEqual({
      id: decodeURIComponent(expected.slice(11)),
      name: 'x',
    });
    expect(paths).toEqual([expected]);
  });

  it.each(['', '.', '..'])('refuses %j as a path param and sends nothing', async (id) => {
    counter = countRequests();
    const error = await rejection(getItem({ params: { id } }));
    expect(error).toMatchObject({ kind: 'validation', part: 'params', endpoint: 'GET /items/:id' });
    expect(error.issues?.[0]?.path).toEqual(['id']);
    expect(counter.count).toBe(0);
  });

  it('refuses a param the schema let through as missing', async () => {
    const loose = defineEndpoint({
      method: 'GET',
      path: '/items/:id',
      params: z.object({ id: z.string().optional() }),
      response: item,
    });
    counter = countRequests();
    const error = await rejection(loose({ params: {} }));
    expect(error).toMatchObject({ kind: 'validation', part: 'params' });
    expect(counter.count).toBe(0);
  });

  it('fills from the parsed params (coerced numbers, several segments)', async () => {
    const stub = recordingHttp(() => ({ data: { id: '7', name: 'x' } }));
    const nested = defineEndpoint({
      method: 'GET',
      path: '/orgs/:org/items/:id',
      params: z.object({ org: z.string().trim(), id: z.coerce.number().int() }),
      response: item,
      http: stub,
    });
    await nested({ params: { org: ' acme ', id: '7' } });
    expect(stub.sent[0]).toMatchObject({ method: 'GET', url: '/orgs/acme/items/7' });
  });

  it('throws at definition time when the path has params but no schema', () => {
    expect(() =>
      defineEndpoint({ method: 'GET', path: '/items/:id', response: item } as never),
    ).toThrow(/params schema/);
  });
});

describe('defineEndpoint: input', () => {
  const search = defineEndpoint({
    method: 'POST',
    path: '/items/search',
    query: z.object({ page: z.coerce.number().int().min(1).default(1), q: z.string().optional() }),
    body: z.object({ tags: z.array(z.string()).max(3), exact: z.boolean().default(false) }),
    response: z.object({ total: z.number() }),
  });

  it('sends the parsed values: defaults, coercions, unknown keys stripped', async () => {
    let sentQuery: Record<string, string> | undefined;
    let sentBody: unknown;
    server.use(
      mock.post(`${API_BASE}/items/search`, async ({ request: req }) => {
        sentQuery = Object.fromEntries(new URL(req.url).searchParams);
        sentBody = await req.json();
        return HttpResponse.json({ total: 3 });
      }),
    );
    const input = { query: { q: 'ann', extra: 'x' }, body: { tags: ['a'], secret: 1 } };
    await expect(search(input as never)).resolves.toEqual({ total: 3 });
    expect(sentQuery).toEqual({ page: '1', q: 'ann' });
    expect(sentBody).toEqual({ tags: ['a'], exact: false });
  });

  it.each([
    ['query', { query: { page: 0 }, body: { tags: [] } }, ['page']],
    ['body', { query: {}, body: { tags: ['a', 'b', 'c', 'd'] } }, ['tags']],
    ['body', { query: {} }, []],
  ] as const)('rejects a bad %s with its issues and sends nothing', async (part, input, path) => {
    counter = countRequests();
    const error = await rejection(search(input as never));
    expect(error).toMatchObject({
      kind: 'validation',
      part,
      endpoint: 'POST /items/search',
      method: 'POST',
    });
    expect(error.issues?.[0]?.path).toEqual(path);
    expect(error.response).toBeUndefined();
    expect(counter.count).toBe(0);
  });

  it('rejects bad params from the zod schema (not only the path rules)', async () => {
    const strict = defineEndpoint({
      method: 'GET',
      path: '/items/:id',
      params: z.object({ id: z.uuid() }),
      response: item,
    });
    counter = countRequests();
    const error = await rejection(strict({ params: { id: 'nope' } }));
    expect(error).toMatchObject({ kind: 'validation', part: 'params' });
    expect(error.issues?.[0]?.code).toBe('invalid_format');
    expect(counter.count).toBe(0);
  });

  it('parses async schemas too', async () => {
    const stub = recordingHttp(() => ({ data: { total: 1 } }));
    const checked = defineEndpoint({
      method: 'POST',
      path: '/check',
      body: z.object({ name: z.string() }).refine(async (b) => b.name !== 'taken', 'Taken'),
      response: z.object({ total: z.number() }),
      http: stub,
    });
    await expect(checked({ body: { name: 'free' } })).resolves.toEqual({ total: 1 });
    const error = await rejection(checked({ body: { name: 'taken' } }));
    expect(error).toMatchObject({ kind: 'validation', part: 'body' });
    expect(stub.sent).toHaveLength(1);
  });
});

describe('defineEndpoint: response', () => {
  it('rejects a mismatch with issues, status, endpoint and the raw body; never partial data', async () => {
    const raw = { id: 1, name: 'x', extra: true };
    server.use(mock.get(`${API_BASE}/items/:id`, () => HttpResponse.json(raw)));
    const error = await rejection(getItem({ params: { id: 'a' } }));
    expect(error).toMatchObject({
      kind: 'validation',
      part: 'response',
      status: 200,
      endpoint: 'GET /items/:id',
      url: `${API_BASE}/items/a`,
    });
    expect(error.issues?.[0]?.path).toEqual(['id']);
    expect(error.response?.data).toEqual(raw);
    expect(error.response?.status).toBe(200);
    expect(error.message).toBe(enMessages.validation);
    expect(error.detail).toContain('GET /items/:id');
  });

  it('accepts a 204 for z.void() and an empty 200 body for z.undefined()', async () => {
    server.use(
      mock.delete(`${API_BASE}/items/:id`, () => new HttpResponse(null, { status: 204 })),
      mock.post(`${API_BASE}/items/:id/touch`, () => new HttpResponse('', { status: 200 })),
    );
    const remove = defineEndpoint({
      method: 'DELETE',
      path: '/items/:id',
      params: z.object({ id: z.string() }),
      response: z.void(),
    });
    const touch = defineEndpoint({
      method: 'POST',
      path: '/items/:id/touch',
      params: z.object({ id: z.string() }),
      response: z.undefined(),
    });
    await expect(remove({ params: { id: 'a' } })).resolves.toBeUndefined();
    await expect(touch({ params: { id: 'a' } })).resolves.toBeUndefined();
  });

  it('does not take an empty body as valid for a schema that wants data', async () => {
    server.use(mock.get(`${API_BASE}/items/:id`, () => new HttpResponse(null, { status: 204 })));
    const error = await rejection(getItem({ params: { id: 'a' } }));
    expect(error).toMatchObject({ kind: 'validation', part: 'response', status: 204 });
  });
});

describe('defineEndpoint: config and instance', () => {
  it('passes config through to the instance; method, url and parsed parts win', async () => {
    const stub = recordingHttp(() => ({ data: { id: 'a', name: 'x' } }));
    const ep = defineEndpoint({
      method: 'GET',
      path: '/items/:id',
      params: z.object({ id: z.string() }),
      response: item,
      http: stub,
    });
    const controller = new AbortController();
    await ep(
      { params: { id: 'a' } },
      {
        signal: controller.signal,
        timeout: 5,
        dedupe: true,
        silent: true,
        url: '/evil',
        method: 'DELETE',
      },
    );
    expect(stub.sent[0]).toMatchObject({
      method: 'GET',
      url: '/items/a',
      signal: controller.signal,
      timeout: 5,
      dedupe: true,
      silent: true,
    });
  });

  it("applies the endpoint's own config over the caller's", async () => {
    const stub = recordingHttp(() => ({ data: { ok: true } }));
    const ep = defineEndpoint({
      method: 'POST',
      path: '/x',
      response: z.object({ ok: z.boolean() }),
      config: { withToken: false },
      http: stub,
    });
    await ep(undefined, { withToken: true, timeout: 9 });
    expect(stub.sent[0]).toMatchObject({ withToken: false, timeout: 9 });
  });

  it('hands the instance rejection to the caller unchanged', async () => {
    const failure = new ApiError({ kind: 'http', status: 500, message: 'boom' });
    const ep = defineEndpoint({
      method: 'GET',
      path: '/x',
      response: z.unknown(),
      http: recordingHttp(() => Promise.reject(failure)),
    });
    await expect(ep()).rejects.toBe(failure);
  });

  it('uses the default http, read at call time', async () => {
    const ep = defineEndpoint({ method: 'GET', path: '/x', response: z.number() });
    const spy = vi
      .spyOn(request.http, 'request')
      .mockResolvedValue({ status: 200, statusText: 'OK', headers: {}, config: {}, data: 42 });
    await expect(ep()).resolves.toBe(42);
    expect(spy).toHaveBeenCalledWith({ method: 'GET', url: '/x' });
  });

  it('carries its frozen definition', () => {
    expect(getItem.definition).toMatchObject({ method: 'GET', path: '/items/:id' });
    expect(getItem.definition.response).toBe(item);
    expect(Object.isFrozen(getItem.definition)).toBe(true);
  });
});

describe('defineEndpoint: messages', () => {
  it("speaks the instance's language: the human message from its table, the detail for developers", async () => {
    const http = createHttp({
      baseURL: API_BASE,
      messages: zhCNMessages,
      retry: false,
      loading: false,
    });
    const getItem = defineEndpoint({
      method: 'GET',
      path: '/items/:id',
      params: z.object({ id: z.string().min(1) }),
      response: z.object({ id: z.string() }),
      http,
    });
    const error = await getItem({ params: { id: '' } }).catch((e: unknown) => e);
    expect(isApiError(error) && error.kind).toBe('validation');
    expect((error as ApiError).message).toBe(zhCNMessages.validation);
    expect((error as ApiError).detail).toMatch(/^Invalid params for GET \/items\/:id/);
  });
});
