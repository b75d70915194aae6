import type { AxiosRequestConfig } from 'axios';
import type * as z from 'zod';
// The class by name: `z.core.$ZodAsyncError` makes esbuild keep all of zod (every locale too).
import { $ZodAsyncError } from 'zod/v4/core';
import { http as defaultHttp, type Http } from '../request';
import { compileInput, type RawInput, safeParse } from './endpoint-input';
import { toFormData } from './form-data';

/** HTTP methods an endpoint can use (upper case, as they appear in `ApiError.endpoint`). */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** What `defineEndpoint` takes: the route, the zod schemas of each part, and where to send it. */
export interface EndpointConfig {
  /** HTTP method. */
  method: HttpMethod;
  /** Path under the instance's baseURL; `:name` segments are filled from `params`. */
  path: string;
  /** Schema of the `:name` path params; required when the path has any. */
  params?: z.ZodType;
  /** Schema of the query string. */
  query?: z.ZodType;
  /** Schema of the request body. */
  body?: z.ZodType;
  /** Schema of the response body (after envelope unwrapping). `z.void()` for a 204. */
  response: z.ZodType;
  /** Instance to send with. @default the default `http`, read at call time */
  http?: Http;
  /** Per-request options always applied to this endpoint, over the caller's (e.g. `{ withToken: false }`). */
  config?: AxiosRequestConfig;
  /**
   * Send the parsed body as `multipart/form-data` (an upload): a `Blob`/`File` is a file part, an
   * array repeats its key, `null`/`undefined` are left out, nested objects are JSON strings, other
   * values strings. Progress: pass axios's `onUploadProgress` in the call's config.
   * @default false
   * @example defineEndpoint({ method: 'POST', path: '/files', body: z.object({ file: z.instanceof(Blob) }), form: true, response })
   */
  form?: boolean;
}

type Part = 'params' | 'query' | 'body';

// A part is required exactly when its schema is given, unless that schema itself accepts
// `undefined` (`.optional()`, `.prefault({})`); a part without a schema cannot be passed.
type InputPart<D, K extends Part> = D extends { readonly [P in K]: infer S extends z.ZodType }
  ? undefined extends z.input<S>
    ? { [P in K]?: z.input<S> }
    : { [P in K]: z.input<S> }
  : { [P in K]?: never };

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The input an endpoint defined by `D` takes: `{ params, query, body }` as its schemas require. */
export type EndpointInput<D> = Simplify<
  InputPart<D, 'params'> & InputPart<D, 'query'> & InputPart<D, 'body'>
>;

/** What an endpoint defined by `D` resolves with: the parsed output of its `response` schema. */
export type EndpointOutput<D> = D extends { readonly response: infer R extends z.ZodType }
  ? z.output<R>
  : never;

/**
 * A typed endpoint: call it with its input (and optional axios config: `signal`, `timeout`,
 * `withToken`, `dedupe`, `silent`, …), get the parsed response. The argument is optional when
 * no part is required. It carries its `definition` for mocks, tests and the generator.
 */
export type Endpoint<In, Out, D = EndpointConfig> = (Partial<In> extends In
  ? (input?: In, config?: AxiosRequestConfig) => Promise<Out>
  : (input: In, config?: AxiosRequestConfig) => Promise<Out>) & {
  /** The definition it was built from (method, path, schemas), read-only. */
  readonly definition: Readonly<D>;
};

function acceptsUndefined(schema: z.ZodType): boolean {
  try {
    return schema.safeParse(undefined).success;
  } catch (error) {
    // An async schema cannot be probed synchronously; it then takes no empty body.
    if (error instanceof $ZodAsyncError) return false;
    throw error;
  }
}

/**
 * Define a typed, zod-validated endpoint. Input is parsed before anything is sent (a bad
 * input rejects with `ApiError` kind `'validation'` and `part` params, query or body, and no
 * request leaves); the parsed values are what is sent; the response body is parsed with
 * `response` (a mismatch rejects with kind `'validation'`, `part: 'response'` and the raw body).
 * These validation errors also go to the instance's `onError` (through `http.report`: not for
 * `silent` calls), as its own failures do. Every other rejection is the instance's own `ApiError`, unchanged. With `{ raw: true }` the
 * instance skips envelope unwrapping, so `response` must then describe the envelope.
 *
 * @example
 * const getUser = defineEndpoint({
 *   method: 'GET',
 *   path: '/users/:id',
 *   params: z.object({ id: z.string() }),
 *   response: userSchema,
 * });
 * const user = await getUser({ params: { id: 'u1' } }, { signal });
 */
export function defineEndpoint<const D extends EndpointConfig>(
  definition: D,
): Endpoint<EndpointInput<D>, EndpointOutput<D>, D> {
  const { response } = definition;
  const input = compileInput(definition);
  if (definition.form && !definition.body) {
    throw new TypeError(
      `${input.endpoint}: form: true needs a body schema (its keys are the fields)`,
    );
  }
  // Decided once: a schema that accepts `undefined` (z.void(), z.undefined(), optional) takes an
  // empty body ('' from axios) or a 204 as `undefined`.
  const acceptsEmpty = acceptsUndefined(response);

  const call = async (raw?: RawInput, config?: AxiosRequestConfig): Promise<unknown> => {
    const instance = definition.http ?? defaultHttp;
    let request = input.build(instance, raw, config);
    if (request instanceof Promise) request = await request;
    // The browser (or Node's FormData) sets the multipart boundary in the Content-Type itself.
    if (definition.form) request.data = toFormData(request.data);
    const res = await instance.request(request);
    const data = acceptsEmpty && (res.status === 204 || res.data === '') ? undefined : res.data;
    let r = safeParse(response, data);
    if (r instanceof Promise) r = await r;
    if (!r.success) {
      throw input.fail(instance, config, 'response', request.url as string, r, res);
    }
    return r.data;
  };

  Object.defineProperty(call, 'definition', { value: Object.freeze({ ...definition }) });
  return call as unknown as Endpoint<EndpointInput<D>, EndpointOutput<D>, D>;
}
