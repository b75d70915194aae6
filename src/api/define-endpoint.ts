import type { AxiosRequestConfig, AxiosResponse } from 'axios';
import * as z from 'zod';
import {
  ApiError,
  type ApiErrorPart,
  http as defaultHttp,
  enMessages,
  type Http,
  type MessageTable,
  messageFor,
  snapshotResponse,
} from '../request';
import { compilePath, pathParamNames } from './path';

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

type SafeResult = z.ZodSafeParseResult<unknown>;

// Sync parse keeps the hot path free of promises; a schema with async refinements throws
// `$ZodAsyncError` on the sync path and is parsed again asynchronously.
function safeParse(schema: z.ZodType, value: unknown): SafeResult | Promise<SafeResult> {
  try {
    return schema.safeParse(value);
  } catch (error) {
    if (error instanceof z.core.$ZodAsyncError) return schema.safeParseAsync(value);
    throw error;
  }
}

function acceptsUndefined(schema: z.ZodType): boolean {
  try {
    return schema.safeParse(undefined).success;
  } catch (error) {
    // An async schema cannot be probed synchronously; it then takes no empty body.
    if (error instanceof z.core.$ZodAsyncError) return false;
    throw error;
  }
}

interface Failure {
  part: ApiErrorPart;
  issues: z.core.$ZodIssue[];
  endpoint: string;
  method: string;
  url: string;
  response?: AxiosResponse;
}

function validationError(f: Failure, messages: Readonly<MessageTable> | undefined): ApiError {
  const first = f.issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  // Kept as the instance keeps it on its own errors.
  const response = f.response && snapshotResponse(f.response);
  return new ApiError({
    kind: 'validation',
    // The human message comes from the instance's table (so a zh-CN app toasts Chinese); what
    // exactly failed is in `detail`, `issues` and `cause` for developers.
    message: messageFor(messages ?? enMessages, 'validation'),
    detail: `Invalid ${f.part} for ${f.endpoint}: ${where}${first?.message ?? 'invalid value'}`,
    method: f.method,
    url: f.url,
    part: f.part,
    endpoint: f.endpoint,
    issues: f.issues,
    status: response?.status,
    response,
    // zod's own error, so `z.prettifyError(error.cause)` and loggers that follow causes work.
    cause: new z.ZodError(f.issues),
  });
}

// A stand-in instance (a test double) may lack `getUri`: then the path is the URL.
function fullUrl(instance: Http, url: string, baseURL: string | undefined): string {
  return typeof instance.getUri === 'function' ? instance.getUri({ url, baseURL }) : url;
}

// A stand-in instance (a test double, a bare axios instance) may lack `report`: then no hook.
function reportThrough(instance: Http, error: ApiError, config: AxiosRequestConfig | undefined) {
  return typeof instance.report === 'function' ? instance.report(error, config) : error;
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
  const { method, path, params, query, body, response, config: fixed } = definition;
  const endpoint = `${method} ${path}`;
  const names = pathParamNames(path);
  if (names.length > 0 && params === undefined) {
    throw new TypeError(`${endpoint}: path params ${names.join(', ')} need a params schema`);
  }
  const fill = compilePath(path);
  // Decided once: a schema that accepts `undefined` (z.void(), z.undefined(), optional) takes an
  // empty body ('' from axios) or a 204 as `undefined`.
  const acceptsEmpty = acceptsUndefined(response);

  // The endpoint's own failures reach the instance's onError like its transport failures (not
  // for `silent`): the global toast also sees a response that failed its schema. Defined once per
  // endpoint, so a call that succeeds builds nothing for it.
  const fail = (
    instance: Http,
    config: AxiosRequestConfig | undefined,
    failure: Pick<Failure, 'part' | 'issues' | 'url' | 'response'>,
  ): ApiError => {
    const effective = fixed ? { ...config, ...fixed } : config;
    // The same `url` the instance puts on its own errors: the full URL, without the query.
    const url = fullUrl(instance, failure.url, effective?.baseURL);
    const error = validationError({ ...failure, endpoint, method, url }, instance.messages);
    return reportThrough(instance, error, effective);
  };

  const call = async (
    input?: { params?: unknown; query?: unknown; body?: unknown },
    config?: AxiosRequestConfig,
  ): Promise<unknown> => {
    const instance = definition.http ?? defaultHttp;
    let url = path;
    if (params !== undefined) {
      let r = safeParse(params, input?.params);
      if (r instanceof Promise) r = await r;
      if (!r.success) {
        throw fail(instance, config, { part: 'params', issues: r.error.issues, url });
      }
      const filled = fill(r.data);
      if (typeof filled !== 'string') {
        throw fail(instance, config, { part: 'params', issues: [filled.issue], url });
      }
      url = filled;
    }
    const request: AxiosRequestConfig =
      fixed === undefined ? { ...config, method, url } : { ...config, ...fixed, method, url };
    if (query !== undefined) {
      let r = safeParse(query, input?.query);
      if (r instanceof Promise) r = await r;
      if (!r.success) {
        throw fail(instance, config, { part: 'query', issues: r.error.issues, url });
      }
      request.params = r.data;
    }
    if (body !== undefined) {
      let r = safeParse(body, input?.body);
      if (r instanceof Promise) r = await r;
      if (!r.success) {
        throw fail(instance, config, { part: 'body', issues: r.error.issues, url });
      }
      request.data = r.data;
    }

    const res = await instance.request(request);
    const data = acceptsEmpty && (res.status === 204 || res.data === '') ? undefined : res.data;
    let r = safeParse(response, data);
    if (r instanceof Promise) r = await r;
    if (!r.success) {
      throw fail(instance, config, {
        part: 'response',
        issues: r.error.issues,
        url,
        response: res,
      });
    }
    return r.data;
  };

  Object.defineProperty(call, 'definition', { value: Object.freeze({ ...definition }) });
  return call as unknown as Endpoint<EndpointInput<D>, EndpointOutput<D>, D>;
}
