import { type AxiosAdapter, AxiosError, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import { type ApiError, type ApiErrorResponse, secretOf, toApiError, withSecret } from '../core';
import type { Http } from '../request/types';
import {
  clip,
  copyError,
  parseMaybeJson,
  realtimeError,
  type StreamContext,
  withErrorBody,
} from './errors';

/**
 * The `ApiError` an endpoint would give for an answer that is not an event stream: a non-2xx
 * (a gateway's 429), a JSON envelope (`{ code: 4031, message: 'Quota exceeded' }`), an HTML page.
 * A stream request reads its body as a stream (or as text, over XHR), so the instance could not
 * look into it; here it is read (bounded in size and time, `withErrorBody`) and run through the instance once more as
 * the JSON response it is, on an adapter that answers from memory: nothing is sent, and the
 * instance's own rules make the error (the server's message, the envelope's business code, the
 * message table). `withToken: false`, so a 401 does not start a second refresh. A 2xx body the
 * instance accepts is still not a stream: kind `'validation'`, `part: 'response'`, body kept.
 * Not reported to `onError` here: the stream does that once, when it ends.
 */
export async function endpointError(
  instance: Http,
  request: AxiosRequestConfig,
  failure: ApiError,
  context: StreamContext,
): Promise<ApiError> {
  const read = await withErrorBody(failure);
  const response = read.response;
  if (!response) return read;
  // A body XHR handed over as text (streamText in a browser) is read as JSON when it is JSON.
  const data = typeof response.data === 'string' ? parseMaybeJson(response.data) : response.data;
  try {
    await instance.request({
      ...request,
      adapter: fromMemory({ ...response, data }),
      responseType: 'json',
      withToken: false,
      loading: false,
      retry: false,
      dedupe: false,
      silent: true,
    });
  } catch (error) {
    return withoutSecret(toApiError(error, context), secretOf(failure));
  }
  return read;
}

/**
 * The replay carried no token, so the instance could not cut the one the stream's request carried
 * out of a server message echoing it: cut here, and remembered for every printed form.
 */
function withoutSecret(error: ApiError, secret: string | undefined): ApiError {
  if (!secret || !error.message.includes(secret)) return withSecret(error, secret);
  return withSecret(
    copyError(error, { message: error.message.split(secret).join('[redacted]') }),
    secret,
  );
}

/** The error for a 2xx answer whose content type is not `text/event-stream` (before its body is read). */
export function notAStream(response: ApiErrorResponse, context: StreamContext): ApiError {
  return realtimeError(
    context,
    'validation',
    'validation',
    notAStreamDetail(response.headers['content-type'] ?? ''),
    { part: 'response', status: response.status, response },
  );
}

/** Why a response is not an event stream, for `ApiError.detail` (the content type clipped). */
export function notAStreamDetail(type: string): string {
  return `Expected an event stream (text/event-stream), got '${clip(type || 'no content type')}'.`;
}

/** An adapter that answers with `response`, settled by the instance's `validateStatus` as axios's own adapters are. */
function fromMemory(response: ApiErrorResponse): AxiosAdapter {
  return async (config) => {
    const answer: AxiosResponse = {
      data: response.data,
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      config,
    };
    if (!config.validateStatus || config.validateStatus(answer.status)) return answer;
    const code = answer.status < 500 ? AxiosError.ERR_BAD_REQUEST : AxiosError.ERR_BAD_RESPONSE;
    throw new AxiosError(
      `Request failed with status code ${answer.status}`,
      code,
      config,
      undefined,
      answer,
    );
  };
}
