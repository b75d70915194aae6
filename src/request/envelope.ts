import type { AxiosResponse } from 'axios';
import { ApiError } from '../core/errors';
import { type MessageTable, messageFor } from '../core/messages';
import { type ServerMessageRule, serverMessageOf } from '../core/server-message';
import { snapshotResponse } from '../core/to-api-error';
import { attemptOf } from './attempt';
import { decodeBinaryBody, isBinaryBody, isJsonResponse } from './binary-body';
import type { NormalizedEnvelope } from './normalize';
import { requestUrl } from './url';

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
  /** A not-ok code's `'business'` error; the table's `default` when the body gives no message. */
  const businessError = (response: AxiosResponse, record: Record<string, unknown>) => {
    const code = record[envelope.code];
    const fallbackMessage = messageFor(messages, 'default');
    const secret = attemptOf(response.config.signal)?.sentToken;
    return new ApiError({
      ...failureOf(response),
      kind: 'business',
      code: typeof code === 'string' || typeof code === 'number' ? code : String(code),
      message: serverMessageOf(serverMessage, record, secret) ?? fallbackMessage,
      fallbackMessage,
    });
  };

  return function envelopeInterceptor(
    response: AxiosResponse,
  ): AxiosResponse | Promise<AxiosResponse> {
    const { config } = response;
    if (config.raw) return response;
    // A download answered with a JSON envelope instead of the file: a not-ok code is the same
    // 'business' error a JSON request gets; anything else (an ok code, a JSON file) is the file.
    if (isBinaryBody(response.data) && isJsonResponse(response)) {
      return decodeBinaryBody(response.data).then((parsed) => {
        if (!isEnvelope(parsed) || envelope.isOk(parsed[envelope.code])) return response;
        throw businessError({ ...response, data: parsed }, parsed);
      });
    }
    if (config.responseType && config.responseType !== 'json') return response;
    const body: unknown = response.data;
    if (body === '' || body === undefined || body === null) return response;
    if (!isEnvelope(body)) {
      throw new ApiError({
        ...failureOf(response),
        kind: 'validation',
        part: 'response',
        message: messageFor(messages, 'validation'),
      });
    }
    if (!envelope.isOk(body[envelope.code])) throw businessError(response, body);
    response.data = body[envelope.data];
    return response;
  };

  function isEnvelope(body: unknown): body is Record<string, unknown> {
    return (
      typeof body === 'object' && body !== null && !Array.isArray(body) && envelope.code in body
    );
  }
}

// Built only on failure: an ok envelope costs a key lookup, nothing more.
function failureOf(response: AxiosResponse) {
  const { config } = response;
  return {
    status: response.status,
    method: config.method,
    url: requestUrl(config),
    response: snapshotResponse(response),
  };
}

// Which envelope each instance unwraps, for `envelopeOf`; nothing is read per request.
const envelopes = new WeakMap<object, NormalizedEnvelope>();

/** Record the envelope `createHttp` set up on `http` (read back by `envelopeOf`). */
export function rememberEnvelope(http: object, envelope: NormalizedEnvelope): void {
  envelopes.set(http, envelope);
}

/**
 * The envelope an instance made by `createHttp` unwraps, or `undefined` when it has none. For the
 * generated test mocks (tests/mocks/shared.ts `okBody`), which answer a success the way the app's
 * own instance expects it once src/request/http.ts sets `envelope`.
 *
 * @example envelopeOf(http)?.data // 'data'
 */
export function envelopeOf(http: object): Readonly<NormalizedEnvelope> | undefined {
  return envelopes.get(http);
}
