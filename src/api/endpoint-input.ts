import type { AxiosRequestConfig, AxiosResponse } from 'axios';
import * as z from 'zod';
// The class by name: `z.core.$ZodAsyncError` makes esbuild keep all of zod (every locale too).
import { $ZodAsyncError } from 'zod/v4/core';
import {
  ApiError,
  type ApiErrorPart,
  enMessages,
  type MessageTable,
  messageFor,
  snapshotResponse,
} from '../core';
import type { Http } from '../request/types';
import { requestUrl } from '../request/url';
import { compilePath, pathParamNames } from './path';

/** What an endpoint's input is read with: its route and the zod schemas of each input part. */
export interface InputDefinition {
  /** HTTP method (upper case). */
  method: string;
  /** Path under the instance's baseURL; `:name` segments are filled from `params`. */
  path: string;
  /** Schema of the `:name` path params; required when the path has any. */
  params?: z.ZodType | undefined;
  /** Schema of the query string. */
  query?: z.ZodType | undefined;
  /** Schema of the request body. */
  body?: z.ZodType | undefined;
  /** Per-request options always applied, over the caller's. */
  config?: AxiosRequestConfig | undefined;
}

/** The raw input of one call: the parts as the caller passed them. */
export interface RawInput {
  params?: unknown;
  query?: unknown;
  body?: unknown;
}

/** What failed validation, before the endpoint's name, method and full URL are added. */
export interface InputFailure {
  part: ApiErrorPart;
  issues: z.core.$ZodIssue[];
  /** The path (filled when the params were valid), made a full URL by the instance. */
  url: string;
  response?: AxiosResponse | undefined;
  /** What the schema threw (a transform's own error, a RangeError on a too-deep value). */
  thrown?: unknown;
}

/** An endpoint's input reader, compiled once per definition. */
export interface CompiledInput {
  /** `GET /users/:id`: the name its errors carry. */
  endpoint: string;
  /**
   * Parse the input and build the request config (the parsed values are what is sent; the
   * definition's `config` wins over the caller's), synchronously unless a schema is async. A part
   * that fails throws (or rejects with) a `'validation'` ApiError, already handed to the
   * instance's `onError`; nothing is sent.
   */
  build(
    instance: Http,
    input: RawInput | undefined,
    config?: AxiosRequestConfig,
  ): AxiosRequestConfig | Promise<AxiosRequestConfig>;
  /** The `'validation'` ApiError of a failure, handed to the instance's `onError` (unless `silent`). */
  fail(instance: Http, config: AxiosRequestConfig | undefined, failure: InputFailure): ApiError;
}

/** A parse result; a failure made from an exception the schema threw carries it in `thrown`. */
export type SafeResult = z.ZodSafeParseResult<unknown> & { thrown?: unknown };

/**
 * Parse with a schema, synchronously when it can: a schema with async refinements throws
 * `$ZodAsyncError` on the sync path and is parsed again asynchronously. A schema that throws (a
 * transform's own exception, a recursive schema overflowing the stack on a hostile body) fails
 * like a mismatch, with what it threw kept.
 */
export function safeParse(schema: z.ZodType, value: unknown): SafeResult | Promise<SafeResult> {
  try {
    return schema.safeParse(value);
  } catch (error) {
    if (error instanceof $ZodAsyncError) {
      return schema.safeParseAsync(value).catch(schemaThrew);
    }
    return schemaThrew(error);
  }
}

function schemaThrew(thrown: unknown): SafeResult {
  const what = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
  const issue: z.core.$ZodIssue = {
    code: 'custom',
    path: [],
    // For developers (it goes to `detail`); the human message stays the table's.
    message: `the schema threw (${what.slice(0, 120)})`,
    input: undefined,
  };
  return { success: false, error: new z.ZodError([issue]), thrown };
}

function validationError(
  f: InputFailure & { endpoint: string; method: string },
  messages: Readonly<MessageTable> | undefined,
): ApiError {
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
    // zod's own error, so `z.prettifyError(error.cause)` and loggers that follow causes work;
    // what a schema threw, as it was.
    cause: 'thrown' in f ? f.thrown : new z.ZodError(f.issues),
  });
}

// A stand-in instance (a test double) may lack `defaults`: then the path is joined onto nothing.
function fullUrl(instance: Http, url: string, baseURL: string | undefined): string {
  return requestUrl({ url, baseURL }, instance.defaults);
}

/**
 * Hand an error to the instance's `onError` (through `http.report`, so not for cancels or
 * `silent` calls). A stand-in instance (a test double, a bare axios instance) may lack
 * `report`: then no hook. Returns the error.
 */
export function reportThrough(
  instance: Http,
  error: ApiError,
  config: AxiosRequestConfig | undefined,
) {
  return typeof instance.report === 'function' ? instance.report(error, config) : error;
}

/** The failure of `part` from a failed parse result. */
export function failure(
  part: ApiErrorPart,
  result: SafeResult & { success: false },
  url: string,
): InputFailure {
  const found: InputFailure = { part, issues: result.error.issues, url };
  if ('thrown' in result) found.thrown = result.thrown;
  return found;
}

/**
 * Compile an endpoint's input reading once: path params checked against the path now (a
 * missing `params` schema is a `TypeError` at definition time), then per call each part parsed
 * with its schema before anything is sent. `defineEndpoint`, `defineStream` and `defineDownload`
 * share it, so every kind of endpoint rejects bad input the same way.
 *
 * @example
 * const input = compileInput({ method: 'GET', path: '/users/:id', params: z.object({ id: z.string() }) });
 * const request = await input.build(http, { params: { id: 'u1' } }); // { method, url: '/users/u1' }
 */
export function compileInput(definition: InputDefinition): CompiledInput {
  const { method, path, params, query, body, config: fixed } = definition;
  const endpoint = `${method} ${path}`;
  const names = pathParamNames(path);
  if (names.length > 0 && params === undefined) {
    throw new TypeError(`${endpoint}: path params ${names.join(', ')} need a params schema`);
  }
  const fill = compilePath(path);

  // Defined once per endpoint, so a call that succeeds builds nothing for it.
  const fail: CompiledInput['fail'] = (instance, config, failure) => {
    const effective = fixed ? { ...config, ...fixed } : config;
    // The same `url` the instance puts on its own errors: the full URL, without the query.
    const url = fullUrl(instance, failure.url, effective?.baseURL);
    const error = validationError({ ...failure, endpoint, method, url }, instance.messages);
    return reportThrough(instance, error, effective);
  };

  /** The request from the parsed parts, or the first part's failure (params, query, body). */
  function assemble(
    instance: Http,
    config: AxiosRequestConfig | undefined,
    p: SafeResult | undefined,
    q: SafeResult | undefined,
    b: SafeResult | undefined,
  ): AxiosRequestConfig {
    let url = path;
    if (p !== undefined) {
      if (!p.success) throw fail(instance, config, failure('params', p, url));
      const filled = fill(p.data);
      if (typeof filled !== 'string') {
        throw fail(instance, config, { part: 'params', issues: [filled.issue], url });
      }
      url = filled;
    }
    const request: AxiosRequestConfig =
      fixed === undefined ? { ...config, method, url } : { ...config, ...fixed, method, url };
    if (q !== undefined) {
      if (!q.success) throw fail(instance, config, failure('query', q, url));
      request.params = q.data;
    }
    if (b !== undefined) {
      if (!b.success) throw fail(instance, config, failure('body', b, url));
      request.data = b.data;
    }
    return request;
  }

  // Synchronous when every schema is (an endpoint call is then a promise and a turn shorter); a
  // schema with async refinements makes it a promise. A failure is thrown (the caller's `await`
  // turns it into the call's rejection).
  const build: CompiledInput['build'] = (instance, input, config) => {
    const p = params && safeParse(params, input?.params);
    const q = query && safeParse(query, input?.query);
    const b = body && safeParse(body, input?.body);
    if (p instanceof Promise || q instanceof Promise || b instanceof Promise) {
      return Promise.all([p, q, b]).then(([ps, qs, bs]) => assemble(instance, config, ps, qs, bs));
    }
    return assemble(instance, config, p, q, b);
  };

  return { endpoint, build, fail };
}
