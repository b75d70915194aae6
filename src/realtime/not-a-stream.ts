import type { AxiosAdapter, AxiosRequestConfig, AxiosResponse } from 'axios';
import { ApiError, enMessages, type Http, messageFor, snapshotResponse } from '../request';
import { clip, type StreamContext, toApiError, withErrorBody } from './errors';

/**
 * The error for a 2xx answer that is not an event stream: a JSON envelope (`{ code: 4001,
 * message: 'quota exceeded' }`), a JSON body, an HTML page. Its body is read (bounded in size
 * and time) and run through the instance once more as the JSON response it is, on an adapter
 * that answers from memory (nothing is sent), so the caller gets the `ApiError` an endpoint
 * would give: kind `'business'` with the server's message for a not-ok envelope, `'validation'`
 * for a body that is not JSON. A body the instance accepts is still not a stream: kind
 * `'validation'`, with the body kept. Not reported to `onError` here: the caller does that once.
 */
export async function notAStreamError(
  instance: Http,
  request: AxiosRequestConfig,
  response: AxiosResponse,
  context: StreamContext,
): Promise<ApiError> {
  const type = String(response.headers['content-type'] ?? '');
  const read = await withErrorBody(
    new ApiError({
      kind: 'validation',
      part: 'response',
      status: response.status,
      message: messageFor(instance.messages ?? enMessages, 'validation'),
      detail: `Expected an event stream (text/event-stream), got '${clip(type || 'no content type')}'.`,
      ...context,
      response: snapshotResponse(response),
    }),
  );
  const answer: AxiosAdapter = async (config) => ({
    data: read.response?.data,
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
    config,
  });
  try {
    await instance.request({
      ...request,
      adapter: answer,
      responseType: 'json',
      signal: undefined,
      loading: false,
      retry: false,
      dedupe: false,
      silent: true,
    });
  } catch (error) {
    return toApiError(error, context);
  }
  return read;
}
