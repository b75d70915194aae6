import {
  type DefaultBodyType,
  type HttpHandler,
  HttpResponse,
  type HttpResponseResolver,
  http,
  type PathParams,
} from 'msw';
import type * as z from 'zod';
import type { EndpointConfig } from '../../src/api';

/** The base URL the unit project gives the default `http` (vitest.config.ts `env`). */
export const API_BASE = 'http://api.test/api';

const methods = {
  GET: http.get,
  POST: http.post,
  PUT: http.put,
  PATCH: http.patch,
  DELETE: http.delete,
  HEAD: http.head,
  OPTIONS: http.options,
} as const;

/**
 * An msw handler on an endpoint's own method and path (read from its `definition`), so a
 * mock cannot drift from the route the endpoint calls. msw understands `:name` segments too.
 *
 * @example route(userApi.get, ({ params }) => HttpResponse.json(users.get(String(params.id))))
 */
export function route(
  // Only the route is read: a `defineStream` endpoint (no `response`) has its mock too.
  endpoint: { readonly definition: Readonly<Pick<EndpointConfig, 'method' | 'path'>> },
  // `undefined` response body type: the resolver may return any `Response`.
  resolver: HttpResponseResolver<PathParams, DefaultBodyType, undefined>,
  base: string = API_BASE,
): HttpHandler {
  const { method, path } = endpoint.definition;
  return methods[method](base + path, resolver);
}

/** A JSON error body, as the demo backend sends it. */
export function errorJson(status: number, message: string, extra?: object): Response {
  return HttpResponse.json({ message, ...extra }, { status });
}

/** Parse a request part with the endpoint's own schema; a mismatch becomes a 422 response. */
export function validate<S extends z.ZodType>(
  schema: S | undefined,
  value: unknown,
): { ok: true; data: z.output<S> } | { ok: false; response: Response } {
  if (schema === undefined) return { ok: false, response: errorJson(500, 'No schema') };
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    response: errorJson(422, 'Some fields are not valid.', { issues: result.error.issues }),
  };
}

/** The request's JSON body, or `undefined` when it has none or it is not JSON. */
export async function jsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    return { __invalidJson: String(error) };
  }
}

/** The query string as a plain object (last value wins), for a query schema to coerce. */
export function queryOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
