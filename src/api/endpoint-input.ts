import type { AxiosRequestConfig, AxiosResponse } from 'axios';
import * as z from 'zod';
// The class by name: `z.core.$ZodAsyncError` makes esbuild keep all of zod (every locale too).
import { $ZodAsyncError } from 'zod/v4/core';
import {
  ApiError,
  type ApiErrorPart,
  enRequestMessages,
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

/** A failed parse, or a path param that could not be used (shaped like one). */
export interface Failed {
  error: { issues: z.core.$ZodIssue[] };
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
  /**
   * The `'validation'` ApiError of `part`'s failure (`url`: the path, filled when the params were
   * valid; `response`: the response whose body failed), handed to the instance's `onError`
   * (unless `silent`).
   */
  fail(
    instance: Http,
    config: AxiosRequestConfig | undefined,
    part: ApiErrorPart,
    url: string,
    failed: Failed,
    response?: AxiosResponse,
  ): ApiError;
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
  const fail: CompiledInput['fail'] = (instance, config, part, path, failed, received) => {
    const effective = fixed ? { ...config, ...fixed } : config;
    const { issues } = failed.error;
    const first = issues[0];
    const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
    // Kept as the instance keeps it on its own errors.
    const response = received && snapshotResponse(received);
    const error = new ApiError({
      kind: 'validation',
      // The human message comes from the instance's table (so a zh-CN app toasts Chinese); what
      // exactly failed is in `detail`, `issues` and `cause` for developers.
      message: messageFor(instance.messages ?? enRequestMessages, 'validation'),
      detail: `Invalid ${part} for ${endpoint}: ${where}${first?.message ?? 'invalid value'}`,
      method,
      // The same `url` the instance puts on its own errors: the full URL, without the query. A
      // stand-in instance (a test double) may lack `defaults`: then the path is joined onto nothing.
      url: requestUrl({ url: path, baseURL: effective?.baseURL }, instance.defaults),
      part,
      endpoint,
      issues,
      status: response?.status,
      response,
      // zod's own error, so `z.prettifyError(error.cause)` and loggers that follow causes work;
      // what a schema threw, as it was.
      cause: 'thrown' in failed ? failed.thrown : new z.ZodError(issues),
    });
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
      const filled = p.success ? fill(p.data) : p;
      if (typeof filled !== 'string') throw fail(instance, config, 'params', url, filled);
      url = filled;
    }
    const request: AxiosRequestConfig = { ...config, ...fixed, method, url };
    if (q !== undefined) {
      if (!q.success) throw fail(instance, config, 'query', url, q);
      request.params = q.data;
    }
    if (b !== undefined) {
      if (!b.success) throw fail(instance, config, 'body', url, b);
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
