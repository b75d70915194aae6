import type { AxiosProgressEvent, AxiosRequestConfig, AxiosResponse } from 'axios';
import { type ApiError, canceledError, clearTimer, setTimer, toApiError } from '../core';
import { loadDefaultHttp } from '../request/default-http';
import type { Http } from '../request/types';
import { requestUrl } from '../request/url';
import { tokenStaysOffXhr } from '../request/xhr-rule';
import { endpointError } from './endpoint-error';
import {
  realtimeError,
  realtimeMessages,
  type StreamContext,
  streamContext,
  withErrorBody,
} from './errors';
import { isStreamBody, readText } from './read-text';
import { bodyCancel } from './stream-abort';

/** Options of `streamText`. */
export interface StreamTextOptions {
  /** The instance to request through (token, refresh on 401). @default http */
  http?: Http;
  /** Called with each new piece of text as it arrives, in order. */
  onChunk(text: string): void;
  /** Abort the request and the reading; the promise rejects with kind `'canceled'`. */
  signal?: AbortSignal;
}

/** The part of an XMLHttpRequest read while it is still loading. */
interface LoadingXhr {
  readonly responseText: string;
  addEventListener(type: 'progress', listener: () => void): void;
  removeEventListener(type: 'progress', listener: () => void): void;
}

function isLoadingXhr(target: unknown): target is LoadingXhr {
  return (
    typeof target === 'object' &&
    target !== null &&
    'responseText' in target &&
    typeof (target as LoadingXhr).addEventListener === 'function'
  );
}

/** Browsers stream through XHR progress events (readyState 3); elsewhere a body stream is read. */
function hasXhr(): boolean {
  return typeof XMLHttpRequest !== 'undefined';
}

/** A signal that aborts when any of the given ones does, and a way to detach from them. */
function linkSignals(signals: (AbortSignal | undefined)[]) {
  const controller = new AbortController();
  const abort = () => controller.abort();
  for (const signal of signals) {
    if (signal?.aborted) controller.abort();
    signal?.addEventListener('abort', abort, { once: true });
  }
  return {
    controller,
    unlink: () => {
      for (const signal of signals) signal?.removeEventListener('abort', abort);
    },
  };
}

/**
 * Request `config` through the instance and hand the response text to `onChunk` piece by
 * piece as it arrives, resolving with the whole text. In browsers it rides the XHR adapter's
 * progress events and reads the growing `responseText` (readyState 3), which works where fetch
 * streams do not; elsewhere (Node) it reads the body as a stream with a streaming decoder.
 * Streams have no total deadline unless `config.timeout` sets one (then it bounds the whole
 * body too, not only the wait for headers: kind `'timeout'`), no loading bar, no retry and
 * no envelope unwrapping. Every failure rejects with an `ApiError` (an abort: kind
 * `'canceled'`), reported to the instance's `onError` once (unless `config.silent`); a refusal
 * (a non-2xx answer) takes the server's own message as an endpoint's does (the body's `message`
 * or `msg`, or the instance's `serverMessage` rule; the table's text in `fallbackMessage`).
 * An exception thrown by `onChunk` aborts the request and rejects with it, unreported.
 *
 * @example
 * const text = await streamText(
 *   { url: '/chat', method: 'POST', data: { prompt } },
 *   { onChunk: (piece) => (output.textContent += piece), signal },
 * );
 */
export async function streamText(
  config: AxiosRequestConfig,
  options: StreamTextOptions,
): Promise<string> {
  const context = streamContext(
    (config.method ?? 'GET').toUpperCase(),
    config.url ?? '',
    options.http?.messages,
  );
  const { controller, unlink } = linkSignals([options.signal, config.signal as AbortSignal]);
  const signal = controller.signal;
  let callbackError: { error: unknown } | undefined;
  let text = '';
  const push = (piece: string) => {
    if (!piece || callbackError) return;
    text += piece;
    try {
      options.onChunk(piece);
    } catch (error) {
      // The caller's bug, not a transport failure: stop and hand it back as it is.
      callbackError = { error };
      controller.abort();
    }
  };
  // The instance's deadline ends when the headers arrive; the body must arrive within it too.
  const timeout = config.timeout ?? 0;
  let timedOut = false;
  const deadline =
    timeout > 0
      ? setTimer(() => {
          timedOut = true;
          controller.abort();
        }, timeout)
      : undefined;
  const base: AxiosRequestConfig = {
    ...config,
    signal,
    timeout: config.timeout ?? 0,
    loading: false,
    retry: false,
    raw: true,
    // Reported once below, with the server's message once its body has been read.
    silent: true,
  };
  let instance: Http | undefined = options.http;
  try {
    instance ??= await loadDefaultHttp();
    context.messages = realtimeMessages(instance.messages);
    context.url = requestUrl(config, instance.defaults);
    // An instance whose token header XHR would carry along a redirect reads a fetch body stream.
    if (hasXhr() && !tokenStaysOffXhr(instance)) await viaXhr(instance, base, push);
    else await viaStream(instance, base, push, signal, context);
  } catch (error) {
    if (callbackError) throw callbackError.error;
    throw reported(instance, config, await failureOf(error));
  } finally {
    clearTimer(deadline);
    unlink();
  }
  async function failureOf(error: unknown): Promise<ApiError> {
    if (timedOut) {
      return realtimeError(context, 'timeout', 'timeout', undefined, { cause: error });
    }
    // Once aborted, whatever the body reader threw (a reset, a premature close) is the cancel.
    if (signal.aborted) return canceledError(error, context);
    // viaStream already read an error body; viaXhr's is text, parsed here when it is JSON.
    const failure = toApiError(error, context);
    if (!instance || !failure.response) return failure;
    // A refusal: the instance makes the error from the answer as it would an endpoint's.
    const { url, method, baseURL, params, headers } = config;
    return endpointError(instance, { url, method, baseURL, params, headers }, failure, context);
  }

  // The last piece (the end of an XHR, the decoder's tail) is pushed after the final read.
  if (callbackError) throw callbackError.error;
  return text;
}

async function viaXhr(
  instance: Http,
  config: AxiosRequestConfig,
  push: (piece: string) => void,
): Promise<void> {
  let xhr: LoadingXhr | undefined;
  let seen = 0;
  const deliver = () => {
    const all = xhr?.responseText ?? '';
    if (all.length > seen) {
      const piece = all.slice(seen);
      seen = all.length;
      push(piece);
    }
  };
  const userProgress = config.onDownloadProgress;
  const onDownloadProgress = (event: AxiosProgressEvent) => {
    const target = (event.event as { target?: unknown } | undefined)?.target;
    if (!xhr && isLoadingXhr(target)) {
      xhr = target;
      // axios throttles its progress callback to 3 a second; listening on the XHR itself too
      // hands every chunk over as soon as the browser has it.
      xhr.addEventListener('progress', deliver);
    }
    deliver();
    userProgress?.(event);
  };
  try {
    const response: AxiosResponse<unknown> = await instance.request({
      ...config,
      adapter: 'xhr',
      responseType: 'text',
      onDownloadProgress,
    });
    const all = typeof response.data === 'string' ? response.data : String(response.data ?? '');
    // The last bytes can land after the last progress event; the full text is the truth.
    if (all.length > seen) push(all.slice(seen));
  } finally {
    xhr?.removeEventListener('progress', deliver);
  }
}

async function viaStream(
  instance: Http,
  config: AxiosRequestConfig,
  push: (piece: string) => void,
  signal: AbortSignal,
  context: StreamContext,
): Promise<void> {
  const connection = bodyCancel(signal);
  try {
    const response: AxiosResponse<unknown> = await instance.request({
      ...config,
      // Node's http adapter gives a Readable; where it is absent (workers), fetch a ReadableStream.
      adapter: ['http', 'fetch'],
      responseType: 'stream',
      cancelToken: connection.cancelToken,
    });
    const body = response.data;
    if (typeof body === 'string') {
      push(body);
      return;
    }
    if (!isStreamBody(body)) {
      throw realtimeError(
        context,
        'validation',
        'streamUnsupported',
        'The adapter did not stream the response.',
        { part: 'response', status: response.status },
      );
    }
    await readText(body, push, signal);
  } catch (error) {
    // Read an error response's body before the connection is let go of.
    throw signal.aborted ? error : await withErrorBody(toApiError(error, context));
  } finally {
    connection.release();
  }
}

/** Hand the failure to the instance's `onError` (a cancel or `config.silent` is not), once. */
function reported(instance: Http | undefined, config: AxiosRequestConfig, error: ApiError) {
  return instance && typeof instance.report === 'function' ? instance.report(error, config) : error;
}
