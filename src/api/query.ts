import type { AxiosRequestConfig } from 'axios';

/**
 * Any endpoint made by `defineEndpoint` (what the query bindings need of it: a call taking its
 * input and an axios config, and the method and path of its definition).
 */
export interface QueryableEndpoint<In, Out> {
  (input: In, config?: AxiosRequestConfig): Promise<Out>;
  readonly definition: { readonly method: string; readonly path: string };
}

/** The query key of an endpoint: `['GET /users/:id', input]`, or `['GET /users/:id']` without input. */
export type EndpointQueryKey<In> = readonly [name: string, input: In] | readonly [name: string];

/**
 * The TanStack Query key of an endpoint call: `[method + ' ' + path, input]`. TanStack hashes it by
 * value (object keys sorted), so equal inputs share a cache entry. Without `input` it is
 * `[method + ' ' + path]` alone, a prefix that matches every input of the endpoint (invalidate them all).
 *
 * @example queryClient.invalidateQueries({ queryKey: queryKeyOf(userApi.list) })
 */
export function queryKeyOf<In, Out>(
  endpoint: QueryableEndpoint<In, Out>,
  input?: In,
): EndpointQueryKey<In> {
  const name = `${endpoint.definition.method} ${endpoint.definition.path}`;
  return input === undefined ? [name] : [name, input];
}

/**
 * Options for `useQuery` / `fetchQuery` (React, Vue, Solid, Svelte: plain objects, so the kit
 * depends on no framework): `queryKey` from `queryKeyOf`, and a `queryFn` that passes TanStack's
 * `signal` to the request, so a cancelled or unmounted query aborts it. `extra` (staleTime,
 * select, enabled, …) is spread over them.
 *
 * @example const { data } = useQuery(queryOptionsOf(userApi.get, { params: { id } }, { staleTime: 30_000 }))
 */
export function queryOptionsOf<In, Out, X extends object = Record<never, never>>(
  endpoint: QueryableEndpoint<In, Out>,
  input?: In,
  extra?: X,
): {
  queryKey: EndpointQueryKey<In>;
  queryFn: (context: { signal: AbortSignal }) => Promise<Out>;
} & X {
  return {
    queryKey: queryKeyOf(endpoint, input),
    queryFn: ({ signal }: { signal: AbortSignal }) => endpoint(input as In, { signal }),
    ...(extra as X),
  };
}

/**
 * Options for `useMutation`: `mutationKey` is the endpoint's name, `mutationFn` calls it with the
 * mutation's variables (the endpoint's input, parsed before anything is sent). `extra`
 * (onSuccess, retry, …) is spread over them.
 *
 * @example const create = useMutation(mutationOptionsOf(userApi.create, { onSuccess: () => client.invalidateQueries({ queryKey: queryKeyOf(userApi.list) }) }))
 */
export function mutationOptionsOf<In, Out, X extends object = Record<never, never>>(
  endpoint: QueryableEndpoint<In, Out>,
  extra?: X,
): {
  mutationKey: EndpointQueryKey<In>;
  mutationFn: (input: In) => Promise<Out>;
} & X {
  return {
    mutationKey: queryKeyOf(endpoint),
    mutationFn: (input: In) => endpoint(input),
    ...(extra as X),
  };
}
