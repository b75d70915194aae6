import { MutationObserver, QueryClient } from '@tanstack/query-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  defineEndpoint,
  mutationOptionsOf,
  queryKeyOf,
  queryOptionsOf,
  userApi,
} from '../../src/api';
import { createHttp } from '../../src/request';
import { startServer, type TestServer } from './request-servers';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const user = {
  id: 'usr_1',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  role: 'admin',
  createdAt: '2026-01-05T09:00:00.000Z',
};

describe('TanStack Query bindings with a real QueryClient (real loopback server)', () => {
  it('fetchQuery calls the endpoint and caches by key; equal inputs share an entry', async () => {
    let hits = 0;
    const server = await startServer((_req, res) => {
      hits += 1;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(user));
    });
    servers.push(server);
    const get = defineEndpoint({
      ...userApi.get.definition,
      http: createHttp({ baseURL: server.url, loading: false }),
    });
    const client = new QueryClient();
    const first = await client.fetchQuery(
      queryOptionsOf(get, { params: { id: 'usr_1' } }, { staleTime: 60_000 }),
    );
    expect(first.createdAt).toBeInstanceOf(Date);
    const again = await client.fetchQuery(
      queryOptionsOf(get, { params: { id: 'usr_1' } }, { staleTime: 60_000 }),
    );
    expect(again).toBe(first);
    expect(hits).toBe(1);
    expect(queryKeyOf(get, { params: { id: 'usr_1' } })).toEqual([
      'GET /users/:id',
      { params: { id: 'usr_1' } },
    ]);
    expect(client.getQueryData(queryKeyOf(get, { params: { id: 'usr_1' } }))).toBe(first);
    client.clear();
  });

  it("cancelQueries aborts the request in flight through the query's signal", async () => {
    let closed = false;
    const server = await startServer((_req, res) => {
      res.on('close', () => {
        closed = !res.writableFinished;
      });
    });
    servers.push(server);
    const http = createHttp({ baseURL: server.url, loading: false, retry: false });
    const get = defineEndpoint({ ...userApi.get.definition, http });
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const options = queryOptionsOf(get, { params: { id: 'usr_1' } });
    const pending = client.fetchQuery(options).catch((e: unknown) => e);
    for (let i = 0; i < 200 && server.requests.length === 0; i++)
      await new Promise((r) => setTimeout(r, 5));
    await client.cancelQueries({ queryKey: queryKeyOf(get) });
    await pending;
    for (let i = 0; i < 200 && !closed; i++) await new Promise((r) => setTimeout(r, 5));
    expect(closed).toBe(true);
    expect(http.pending).toBe(0);
    client.clear();
  });

  it('mutationOptionsOf runs the endpoint with the variables; bad input rejects before sending', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify(user));
    });
    servers.push(server);
    const create = defineEndpoint({
      ...userApi.create.definition,
      http: createHttp({ baseURL: server.url, loading: false }),
    });
    const client = new QueryClient();
    const observer = new MutationObserver(client, mutationOptionsOf(create));
    await expect(
      observer.mutate({ body: { name: 'Ada', email: 'ada@example.com' } }),
    ).resolves.toMatchObject({ id: 'usr_1' });
    await expect(observer.mutate({ body: { name: 'Ada', email: 'nope' } })).rejects.toMatchObject({
      kind: 'validation',
      part: 'body',
    });
    expect(server.requests).toHaveLength(1);
    client.clear();
  });
});
