import type { AxiosRequestConfig } from 'axios';
import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import {
  authApi,
  defineEndpoint,
  type Endpoint,
  type FeedBatch,
  feedApi,
  type Job,
  jobApi,
  type Tokens,
  type User,
  type UserPage,
  userApi,
} from '../../src/api';

const item = z.object({ id: z.string(), at: z.iso.datetime().transform((s) => new Date(s)) });

describe('defineEndpoint inference', () => {
  it('requires exactly the parts that have a schema', () => {
    const ep = defineEndpoint({
      method: 'PUT',
      path: '/items/:id',
      params: z.object({ id: z.coerce.number() }),
      body: z.object({ name: z.string(), tags: z.array(z.string()).default([]) }),
      response: item,
    });
    // z.input: coerce takes unknown, a default makes the key optional.
    expectTypeOf(ep).parameter(0).toEqualTypeOf<{
      params: { id: unknown };
      body: { name: string; tags?: string[] | undefined };
      query?: never;
    }>();
    expectTypeOf(ep).returns.resolves.toEqualTypeOf<{ id: string; at: Date }>();
    expectTypeOf(ep).parameter(1).toEqualTypeOf<AxiosRequestConfig | undefined>();

    ep({ params: { id: 1 }, body: { name: 'a' } });
    // @ts-expect-error body is required
    ep({ params: { id: 1 } });
    // @ts-expect-error the whole argument is required
    ep();
    // @ts-expect-error no query schema, so no query
    ep({ params: { id: 1 }, body: { name: 'a' }, query: { x: 1 } });
    // @ts-expect-error wrong body field type
    ep({ params: { id: 1 }, body: { name: 1 } });
  });

  it('makes the argument optional when no part is required', () => {
    const ping = defineEndpoint({ method: 'GET', path: '/ping', response: z.literal('pong') });
    ping();
    ping(undefined, { signal: new AbortController().signal });
    expectTypeOf(ping).returns.resolves.toEqualTypeOf<'pong'>();
    // @ts-expect-error no body schema
    ping({ body: 1 });

    const list = defineEndpoint({
      method: 'GET',
      path: '/items',
      query: z.object({ page: z.number().default(1) }).prefault({}),
      response: z.array(item),
    });
    list();
    list({ query: { page: 2 } });
    // @ts-expect-error page is a number
    list({ query: { page: '2' } });
  });

  it('types void responses and keeps the definition', () => {
    const remove = defineEndpoint({
      method: 'DELETE',
      path: '/items/:id',
      params: z.object({ id: z.string() }),
      response: z.void(),
    });
    expectTypeOf(remove).returns.resolves.toEqualTypeOf<void>();
    expectTypeOf(remove.definition.method).toEqualTypeOf<'DELETE'>();
    expectTypeOf(remove.definition.path).toEqualTypeOf<'/items/:id'>();
    // @ts-expect-error the definition is read-only
    remove.definition.path = '/other';
  });

  it('is an Endpoint', () => {
    const ep = defineEndpoint({ method: 'GET', path: '/n', response: z.number() });
    expectTypeOf(ep).toExtend<Endpoint<Record<never, never>, number, unknown>>();
  });
});

describe('domain modules', () => {
  it('auth', () => {
    expectTypeOf(authApi.login).parameter(0).toEqualTypeOf<{
      body: { username: string; password: string };
      params?: never;
      query?: never;
    }>();
    expectTypeOf(authApi.refresh).returns.resolves.toEqualTypeOf<Tokens>();
    expectTypeOf(authApi.me).returns.resolves.toEqualTypeOf<User>();
    expectTypeOf<Tokens>().toMatchObjectType<{ accessToken: string; refreshToken: string }>();
    authApi.me();
    // @ts-expect-error refresh needs its body
    authApi.refresh();
  });

  it('user', () => {
    expectTypeOf(userApi.list).returns.resolves.toEqualTypeOf<UserPage>();
    expectTypeOf<User['createdAt']>().toEqualTypeOf<Date>();
    userApi.list();
    userApi.list({ query: { role: 'admin', search: 'an' } });
    // @ts-expect-error unknown role
    userApi.list({ query: { role: 'root' } });
    // @ts-expect-error the caller sends numbers (the schema still coerces query strings server-side)
    userApi.list({ query: { page: '2' } });
    userApi.create({ body: { name: 'Ann', email: 'ann@example.com' } });
    // @ts-expect-error email is required
    userApi.create({ body: { name: 'Ann' } });
    expectTypeOf(userApi.remove).returns.resolves.toEqualTypeOf<void>();
    // @ts-expect-error params are required
    userApi.get();
  });

  it('job narrows on state', () => {
    expectTypeOf(jobApi.status).returns.resolves.toEqualTypeOf<Job>();
    const job = {} as Job;
    if (job.state === 'done') expectTypeOf(job.result.rows).toEqualTypeOf<number>();
    if (job.state === 'failed') expectTypeOf(job.error).toEqualTypeOf<string>();
    // @ts-expect-error result only exists once done
    job.result;
  });

  it('feed', () => {
    expectTypeOf(feedApi.since).returns.resolves.toEqualTypeOf<FeedBatch>();
    feedApi.since();
    feedApi.since({ query: { cursor: 'c1' } });
    // @ts-expect-error cursor is a string
    feedApi.since({ query: { cursor: 1 } });
  });
});
