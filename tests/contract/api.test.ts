// DESIGN.md "Public contract → src/api", read clause by clause through the public barrels only.
import { HttpResponse, http as msw } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import * as api from '../../src/api';
import { authApi, defineEndpoint, feedApi, jobApi, userApi } from '../../src/api';
import { type ApiError, createHttp, http, tokenStore } from '../../src/request';
import { countRequests } from '../api/helpers';
import { server } from '../setup/msw';
import { API, rejectionOf, route } from './helpers';

/** The default `http` instance's baseURL in the unit project (vitest.config.ts env). */
const BASE = String(http.defaults.baseURL);

const client = createHttp({ baseURL: API, loading: false, retry: false });

/** A user as the API sends it (wire JSON). */
const user = {
  id: 'usr_1',
  name: 'Ann',
  email: 'ann@example.com',
  role: 'admin',
  createdAt: '2026-01-05T09:00:00.000Z',
};

afterEach(() => {
  tokenStore.clear();
});

describe('defineEndpoint', () => {
  const getItem = defineEndpoint({
    method: 'GET',
    path: '/items/:id',
    params: z.object({ id: z.string() }),
    response: z.object({ id: z.string() }),
    http: client,
  });

  it('fills :name segments from params, URI-encoded', async () => {
    const seen = route('/items/:id', (_, request) =>
      HttpResponse.json({ id: new URL(request.url).pathname }),
    );
    const result = await getItem({ params: { id: '../admin?x=1#y' } });
    expect(result.id).toBe('/items/..%2Fadmin%3Fx%3D1%23y');
    expect(seen.count).toBe(1);
  });

  it.each(['', '.', '..'])(
    'rejects the param value %j as validation, sending nothing',
    async (id) => {
      const counter = countRequests();
      const error = await rejectionOf(getItem({ params: { id } }));
      counter.stop();
      expect(error).toMatchObject({ kind: 'validation' });
      expect(counter.count).toBe(0);
    },
  );

  it('parses the input before sending: a bad input rejects with validation, issues, and no request', async () => {
    const create = defineEndpoint({
      method: 'POST',
      path: '/items',
      body: z.object({ name: z.string().min(1) }),
      response: z.object({ id: z.string() }),
      http: client,
    });
    const counter = countRequests();
    const error = await rejectionOf(create({ body: { name: '' } }));
    counter.stop();
    expect(counter.count).toBe(0);
    expect(error).toMatchObject({ kind: 'validation' });
    expect((error as ApiError).issues?.[0]?.path).toEqual(['name']);
  });

  it('sends the parsed values (defaults applied) as query and body', async () => {
    const seen = route('/search', async (_, request) =>
      HttpResponse.json({ q: new URL(request.url).search, body: await request.json() }),
    );
    const search = defineEndpoint({
      method: 'POST',
      path: '/search',
      query: z.object({ page: z.number().default(1) }),
      body: z.object({ text: z.string().trim() }),
      response: z.object({ q: z.string(), body: z.object({ text: z.string() }) }),
      http: client,
    });
    expect(await search({ query: {}, body: { text: '  hi ' } })).toEqual({
      q: '?page=1',
      body: { text: 'hi' },
    });
    expect(seen.count).toBe(1);
  });

  it('a response that does not match rejects with validation, the issues and the raw body', async () => {
    route('/items/x', () => HttpResponse.json({ id: 42, extra: true }));
    const error = (await rejectionOf(getItem({ params: { id: 'x' } }))) as ApiError;
    expect(error.kind).toBe('validation');
    expect(error.issues?.[0]?.path).toEqual(['id']);
    expect(error.response?.data).toEqual({ id: 42, extra: true });
    expect(error.cause).toBeInstanceOf(z.ZodError);
    // The same url the instance's own errors carry.
    expect([error.method, error.url]).toEqual(['GET', `${API}/items/x`]);
  });

  it('resolves with the parsed output and passes config through (signal)', async () => {
    route('/items/y', () => HttpResponse.json({ id: 'y', dropped: 1 }));
    expect(await getItem({ params: { id: 'y' } })).toEqual({ id: 'y' });
    const controller = new AbortController();
    controller.abort();
    await expect(
      getItem({ params: { id: 'y' } }, { signal: controller.signal }),
    ).rejects.toMatchObject({ kind: 'canceled' });
  });

  it("the instance's ApiError reaches the caller unchanged", async () => {
    route('/items/z', () => HttpResponse.json({ reason: 'gone' }, { status: 410 }));
    await expect(getItem({ params: { id: 'z' } })).rejects.toMatchObject({
      kind: 'http',
      status: 410,
      response: { data: { reason: 'gone' } },
    });
  });

  it('uses the default http when none is given', async () => {
    server.use(msw.get(`${BASE}/ping`, () => HttpResponse.json({ pong: true })));
    const ping = defineEndpoint({
      method: 'GET',
      path: '/ping',
      response: z.object({ pong: z.boolean() }),
    });
    expect(await ping()).toEqual({ pong: true });
  });
});

describe('the four domain modules, re-exported from src/api/index.ts', () => {
  it('have the named endpoints', () => {
    const names = {
      authApi: ['login', 'refresh', 'me'],
      userApi: ['list', 'get', 'create', 'update', 'remove'],
      jobApi: ['start', 'status'],
      feedApi: ['since'],
    } as const;
    const modules = { authApi, userApi, jobApi, feedApi };
    for (const [module, endpoints] of Object.entries(names)) {
      const value = modules[module as keyof typeof names] as Record<string, unknown>;
      expect(Object.keys(value).sort()).toEqual([...endpoints].sort());
      for (const name of endpoints) expect(typeof value[name]).toBe('function');
    }
  });

  it('export their schemas (zod) beside them', () => {
    const schemas = Object.entries(api).filter(
      ([name, value]) => name.endsWith('Schema') && value instanceof z.ZodType,
    );
    expect(schemas.length).toBeGreaterThanOrEqual(8);
  });

  const tokens = { accessToken: 'at_1', refreshToken: 'rt_1' };
  /** Answer `method path` on the default instance, recording the request. */
  function answer(method: 'get' | 'post' | 'patch' | 'delete', path: string, body: unknown) {
    const seen: Request[] = [];
    server.use(
      msw[method](`${BASE}${path}`, ({ request }) => {
        seen.push(request);
        return body === null ? new HttpResponse(null, { status: 204 }) : HttpResponse.json(body);
      }),
    );
    return seen;
  }

  it('authApi.login({ body: { username, password } }) resolves to { accessToken, refreshToken }', async () => {
    const seen = answer('post', authApi.login.definition.path, tokens);
    tokenStore.set('stale');
    expect(await authApi.login({ body: { username: 'ann', password: 'pw' } })).toMatchObject(
      tokens,
    );
    expect(await seen[0]?.json()).toEqual({ username: 'ann', password: 'pw' });
    expect(seen[0]?.headers.get('authorization')).toBeNull();
  });

  it('authApi.refresh({ body: { refreshToken } }) is sent withToken: false', async () => {
    const seen = answer('post', authApi.refresh.definition.path, tokens);
    tokenStore.set('stale', 'rt_0');
    expect(await authApi.refresh({ body: { refreshToken: 'rt_0' } })).toMatchObject(tokens);
    expect(seen[0]?.headers.get('authorization')).toBeNull();
  });

  it('authApi.me() resolves to the signed-in user (sent with the token)', async () => {
    const seen = answer('get', authApi.me.definition.path, user);
    tokenStore.set('at_9');
    expect(await authApi.me()).toMatchObject({ id: 'usr_1', email: 'ann@example.com' });
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer at_9');
  });

  it('userApi: list, get, create, update, remove', async () => {
    answer('get', '/users', { items: [user], total: 1, page: 1, pageSize: 20 });
    answer('get', '/users/:id', user);
    answer('post', '/users', user);
    answer('patch', '/users/:id', user);
    answer('delete', '/users/:id', null);
    expect((await userApi.list()).items[0]?.id).toBe('usr_1');
    expect((await userApi.get({ params: { id: 'usr_1' } })).name).toBe('Ann');
    expect((await userApi.create({ body: { name: 'Ann', email: 'ann@example.com' } })).id).toBe(
      'usr_1',
    );
    expect((await userApi.update({ params: { id: 'usr_1' }, body: { name: 'A' } })).id).toBe(
      'usr_1',
    );
    expect(await userApi.remove({ params: { id: 'usr_1' } })).toBeUndefined();
  });

  it('jobApi: start, status', async () => {
    const job = {
      id: 'job_1',
      kind: 'export',
      state: 'queued',
      progress: 0,
      createdAt: user.createdAt,
      updatedAt: user.createdAt,
    };
    answer('post', '/jobs', job);
    answer('get', '/jobs/:id', { ...job, state: 'running', progress: 50 });
    expect((await jobApi.start({ body: { kind: 'export' } })).state).toBe('queued');
    expect((await jobApi.status({ params: { id: 'job_1' } })).progress).toBe(50);
  });

  it('feedApi.since(cursor) asks for the events after the cursor', async () => {
    const seen = answer('get', feedApi.since.definition.path, { cursor: 'c2', events: [] });
    expect(await feedApi.since('c1')).toEqual({ cursor: 'c2', events: [] });
    expect(await feedApi.since({ query: { cursor: 'c1' } })).toEqual({ cursor: 'c2', events: [] });
    expect(seen.map((r) => new URL(r.url).searchParams.get('cursor'))).toEqual(['c1', 'c1']);
  });
});

describe('the default http (src/request/http.ts)', () => {
  it("refreshes by POST /auth/refresh (authApi.refresh's route) with the stored refresh token, stores the pair, replays", async () => {
    const refreshBodies: unknown[] = [];
    server.use(
      msw.get(`${BASE}${authApi.me.definition.path}`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer at_new'
          ? HttpResponse.json(user)
          : HttpResponse.json({}, { status: 401 }),
      ),
      msw.post(`${BASE}${authApi.refresh.definition.path}`, async ({ request }) => {
        refreshBodies.push(await request.json());
        return HttpResponse.json({ accessToken: 'at_new', refreshToken: 'rt_new' });
      }),
    );
    tokenStore.set('at_old', 'rt_old');
    expect((await authApi.me()).id).toBe('usr_1');
    expect(refreshBodies).toEqual([{ refreshToken: 'rt_old' }]);
    expect([tokenStore.get(), tokenStore.getRefresh()]).toEqual(['at_new', 'rt_new']);
  });

  it('onExpired clears the store when the refresh is refused', async () => {
    server.use(
      msw.get(`${BASE}${authApi.me.definition.path}`, () => HttpResponse.json({}, { status: 401 })),
      msw.post(`${BASE}${authApi.refresh.definition.path}`, () =>
        HttpResponse.json({ error: 'revoked' }, { status: 401 }),
      ),
    );
    tokenStore.set('at_dead', 'rt_dead');
    await expect(authApi.me()).rejects.toMatchObject({ kind: 'http', status: 401 });
    expect([tokenStore.get(), tokenStore.getRefresh()]).toEqual([null, null]);
  });
});
