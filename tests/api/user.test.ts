import { HttpResponse, http as mock } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userApi } from '../../src/api';
import { API_BASE, createUserDb, type UserDb, userHandlers } from '../mocks';
import { server } from '../setup/msw';
import { countRequests } from './helpers';

let db: UserDb;
let counter: ReturnType<typeof countRequests>;
beforeEach(() => {
  db = createUserDb();
  server.use(...userHandlers(db));
  counter = countRequests();
});
afterEach(() => counter.stop());

describe('userApi', () => {
  it('lists the first page by default, dates as Date', async () => {
    const page = await userApi.list();
    expect(page).toMatchObject({ total: 3, page: 1, pageSize: 20 });
    expect(page.items.map((u) => u.id)).toEqual(['usr_1', 'usr_2', 'usr_3']);
    expect(page.items[0]?.createdAt).toEqual(new Date('2026-01-05T09:00:00.000Z'));
  });

  it('filters and pages with the query', async () => {
    const admins = await userApi.list({ query: { role: 'admin' } });
    expect(admins.items.map((u) => u.name)).toEqual(['Ann Lee']);
    const second = await userApi.list({ query: { page: 2, pageSize: 2, search: ' example ' } });
    expect(second).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(second.items.map((u) => u.id)).toEqual(['usr_3']);
  });

  it('refuses a bad query without sending it', async () => {
    await expect(userApi.list({ query: { pageSize: 1000 } })).rejects.toMatchObject({
      kind: 'validation',
      part: 'query',
      endpoint: 'GET /users',
    });
    expect(counter.count).toBe(0);
  });

  it('gets one user, and a missing one is an http 404', async () => {
    await expect(userApi.get({ params: { id: 'usr_2' } })).resolves.toMatchObject({
      email: 'bob@example.com',
      role: 'member',
    });
    await expect(userApi.get({ params: { id: 'usr_404' } })).rejects.toMatchObject({
      name: 'ApiError',
      kind: 'http',
      status: 404,
    });
  });

  it('refuses an id that is not an id without sending it', async () => {
    await expect(userApi.get({ params: { id: '../admin' } })).rejects.toMatchObject({
      kind: 'validation',
      part: 'params',
      endpoint: 'GET /users/:id',
    });
    expect(counter.count).toBe(0);
  });

  it('creates with the default role, and a taken email is an http 409', async () => {
    const user = await userApi.create({ body: { name: ' Dana ', email: 'dana@example.com' } });
    expect(user).toMatchObject({ id: 'usr_4', name: 'Dana', role: 'member' });
    expect(user.createdAt).toBeInstanceOf(Date);
    expect(db.users.get('usr_4')?.role).toBe('member');
    await expect(
      userApi.create({ body: { name: 'Ann 2', email: 'ann@example.com' } }),
    ).rejects.toMatchObject({ kind: 'http', status: 409 });
  });

  it('refuses a bad body without sending it', async () => {
    await expect(
      userApi.create({ body: { name: 'Eve', email: 'not-an-email' } }),
    ).rejects.toMatchObject({ kind: 'validation', part: 'body', endpoint: 'POST /users' });
    await expect(userApi.update({ params: { id: 'usr_1' }, body: {} })).rejects.toMatchObject({
      kind: 'validation',
      part: 'body',
      issues: [expect.objectContaining({ message: 'Nothing to update' })],
    });
    expect(counter.count).toBe(0);
  });

  it('updates only the given fields', async () => {
    const user = await userApi.update({ params: { id: 'usr_2' }, body: { role: 'admin' } });
    expect(user).toMatchObject({ id: 'usr_2', name: 'Bob Stone', role: 'admin' });
  });

  it('removes with a 204 that resolves undefined', async () => {
    await expect(userApi.remove({ params: { id: 'usr_3' } })).resolves.toBeUndefined();
    expect(db.users.has('usr_3')).toBe(false);
    await expect(userApi.remove({ params: { id: 'usr_3' } })).rejects.toMatchObject({
      kind: 'http',
      status: 404,
    });
  });

  it('rejects a response that breaks the schema, keeping the body', async () => {
    const broken = {
      id: 'usr_9',
      name: 'X',
      email: 'nope',
      role: 'member',
      createdAt: 'yesterday',
    };
    server.use(mock.get(`${API_BASE}/users/:id`, () => HttpResponse.json(broken)));
    const error = await userApi.get({ params: { id: 'usr_9' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'validation', part: 'response', status: 200 });
    expect((error as { response: { data: unknown } }).response.data).toEqual(broken);
    const paths = (error as { issues: { path: unknown[] }[] }).issues.map((i) => i.path);
    expect(paths).toEqual([['email'], ['createdAt']]);
  });
});
