import {
  type DefaultBodyType,
  type HttpHandler,
  HttpResponse,
  type HttpResponseResolver,
  http,
  type JsonBodyType,
  type PathParams,
} from 'msw';
import type * as z from 'zod';
import type { EndpointConfig } from '../../src/api';
import { http as defaultHttp } from '../../src/request';
import { envelopeOf } from '../../src/request/envelope';

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

/** Codes an envelope's `isOk` is tried with, in order, for the code a mocked success carries. */
const OK_CODES: readonly unknown[] = [
  0,
  200,
  '0',
  '200',
  1,
  '1',
  true,
  '0000',
  '00000',
  'SUCCESS',
  'success',
  'OK',
  'ok',
];

/**
 * A success body as the app's instance expects it: inside its envelope when src/request/http.ts
 * sets one (as gen:openapi asks for a `{ code, data, msg }` backend), under its own key names and
 * with a code its `isOk` accepts; as it is otherwise. Every generated mock answers a success
 * through this, so the generated tests pass either way.
 *
 * @param instance the instance the endpoints use (the default `http` unless given another)
 * @example HttpResponse.json(okBody({ id: 'u1' })) // { code: 0, data: { id: 'u1' }, message: 'ok' } with an envelope
 */
export function okBody(data: JsonBodyType, instance: object = defaultHttp): JsonBodyType {
  const envelope = envelopeOf(instance);
  if (envelope === undefined) return data;
  const code = OK_CODES.find((candidate) => envelope.isOk(candidate));
  if (code === undefined) {
    throw new Error(
      `The instance's envelope.isOk accepts none of ${OK_CODES.map((c) => JSON.stringify(c)).join(', ')}: add its ok code to OK_CODES in tests/mocks/shared.ts.`,
    );
  }
  return { [envelope.code]: code, [envelope.data]: data, [envelope.message]: 'ok' };
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
