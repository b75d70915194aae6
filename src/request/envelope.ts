import type { AxiosResponse } from 'axios';
import { ApiError } from './errors';
import { type MessageTable, messageFor } from './messages';
import type { NormalizedEnvelope } from './normalize';
import { snapshotResponse } from './to-api-error';
import { fullPath } from './url';

// A server message becomes `ApiError.message`: keep it short and on one line.
const MAX_MESSAGE = 200;

/**
 * A response interceptor that unwraps `{ code, data, message }`: an ok code resolves with
 * `response.data` set to the inner data; a not-ok code rejects with kind `'business'`, the code
 * and the server's message. `raw: true` and non-JSON response types skip it.
 *
 * @example instance.interceptors.response.use(createEnvelopeInterceptor(envelope, messages))
 */
export function createEnvelopeInterceptor(envelope: NormalizedEnvelope, messages: MessageTable) {
  return function envelopeInterceptor(response: AxiosResponse): AxiosResponse {
    const { config } = response;
    if (config.raw || (config.responseType && config.responseType !== 'json')) return response;
    const body: unknown = response.data;
    if (body === '' || body === undefined || body === null) return response;
    if (typeof body !== 'object' || Array.isArray(body) || !(envelope.code in body)) {
      throw new ApiError({
        ...failureOf(response),
        kind: 'validation',
        part: 'response',
        message: messageFor(messages, 'validation'),
      });
    }
    const record = body as Record<string, unknown>;
    const code = record[envelope.code];
    if (!envelope.isOk(code)) {
      throw new ApiError({
        ...failureOf(response),
        kind: 'business',
        code: typeof code === 'string' || typeof code === 'number' ? code : String(code),
        message: serverMessage(record[envelope.message]) ?? messageFor(messages, 'default'),
      });
    }
    response.data = record[envelope.data];
    return response;
  };
}

// Built only on failure: an ok envelope costs a key lookup, nothing more.
function failureOf(response: AxiosResponse) {
  const { config } = response;
  return {
    status: response.status,
    method: config.method,
    url: fullPath(config.baseURL, config.url, config.allowAbsoluteUrls),
    response: snapshotResponse(response),
  };
}

function serverMessage(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const line = value.replace(/\s+/g, ' ').trim();
  if (!line) return undefined;
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}
