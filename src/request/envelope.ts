import type { AxiosResponse } from 'axios';
import { attemptOf } from './attempt';
import { ApiError } from './errors';
import { type MessageTable, messageFor } from './messages';
import type { NormalizedEnvelope } from './normalize';
import { type ServerMessageRule, serverMessageOf } from './server-message';
import { snapshotResponse } from './to-api-error';
import { fullPath } from './url';

/**
 * A response interceptor that unwraps `{ code, data, message }`: an ok code resolves with
 * `response.data` set to the inner data; a not-ok code rejects with kind `'business'`, the code
 * and the server's message (read by `serverMessage`; the table's `default` without one).
 * `raw: true` and non-JSON response types skip it.
 *
 * @example instance.interceptors.response.use(createEnvelopeInterceptor(envelope, messages, rule))
 */
export function createEnvelopeInterceptor(
  envelope: NormalizedEnvelope,
  messages: MessageTable,
  serverMessage: ServerMessageRule | undefined,
) {
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
      const fallbackMessage = messageFor(messages, 'default');
      const secret = attemptOf(config.signal)?.sentToken;
      throw new ApiError({
        ...failureOf(response),
        kind: 'business',
        code: typeof code === 'string' || typeof code === 'number' ? code : String(code),
        message: serverMessageOf(serverMessage, record, secret) ?? fallbackMessage,
        fallbackMessage,
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
