import {
  type MutationObserverOptions,
  QueryClient,
  type QueryKey,
  QueryObserver,
  type QueryObserverOptions,
} from '@tanstack/query-core';
import { describe, expectTypeOf, it } from 'vitest';
import {
  mutationOptionsOf,
  queryKeyOf,
  queryOptionsOf,
  type User,
  type UserPage,
  userApi,
} from '../../src/api';

const client = new QueryClient();

describe('TanStack Query bindings fit @tanstack/query-core', () => {
  it("queryOptionsOf's object is a QueryObserverOptions with the endpoint's output as data", () => {
    const options = queryOptionsOf(userApi.get, { params: { id: 'usr_1' } }, { staleTime: 1_000 });
    expectTypeOf(options).toExtend<QueryObserverOptions<User, Error, User, User, QueryKey>>();
    expectTypeOf(client.fetchQuery(options)).toEqualTypeOf<Promise<User>>();
    const observer = new QueryObserver(client, options);
    expectTypeOf(observer.getCurrentResult().data).toEqualTypeOf<User | undefined>();
    expectTypeOf(options.staleTime).toEqualTypeOf<number>();
    // An endpoint whose input is optional takes none.
    expectTypeOf(client.fetchQuery(queryOptionsOf(userApi.list))).toEqualTypeOf<
      Promise<UserPage>
    >();
  });

  it("the input is the endpoint's own: a wrong one does not compile", () => {
    // @ts-expect-error: `params.id` is required by userApi.get
    queryOptionsOf(userApi.get, { params: {} });
    // @ts-expect-error: userApi.get has no body
    queryKeyOf(userApi.get, { params: { id: 'a' }, body: { x: 1 } });
  });

  it("mutationOptionsOf's object is a MutationObserverOptions over the endpoint's input", () => {
    const options = mutationOptionsOf(userApi.create, { retry: false });
    expectTypeOf(options).toExtend<
      MutationObserverOptions<User, Error, Parameters<typeof userApi.create>[0]>
    >();
    expectTypeOf(options.mutationFn)
      .parameter(0)
      .toEqualTypeOf<Parameters<typeof userApi.create>[0]>();
  });

  it('queryKeyOf is a readonly tuple, usable as a QueryKey', () => {
    expectTypeOf(queryKeyOf(userApi.list)).toExtend<QueryKey>();
  });
});
