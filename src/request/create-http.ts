// PLACEHOLDER: the request-layer helper replaces this with the real wiring of interceptors.
import axios from 'axios';
import type { Http, HttpOptions } from './types';

/** Create a configured axios instance. */
export function createHttp(options: HttpOptions = {}): Http {
  const instance = axios.create({ baseURL: options.baseURL, timeout: options.timeout ?? 15_000 });
  return Object.assign(instance, {
    cancelAll: () => 0,
    pending: 0,
  }) as Http;
}
