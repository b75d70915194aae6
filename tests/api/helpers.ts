import type { AxiosRequestConfig, AxiosResponse } from 'axios';
import { type Http, http } from '../../src/request';
import { API_BASE } from '../mocks/shared';
import { server } from '../setup/msw';

/**
 * Counts every request that reaches msw (handled or not) while the test runs, so a test can
 * prove that a bad input sent nothing.
 */
export function countRequests(): { readonly count: number; stop(): void } {
  let count = 0;
  const listener = () => {
    count += 1;
  };
  server.events.on('request:start', listener);
  return {
    get count() {
      return count;
    },
    stop: () => server.events.removeListener('request:start', listener),
  };
}

/**
 * A stand-in `Http` that records each config it is asked to send and answers with `reply`:
 * lets a test read exactly what an endpoint hands to the instance.
 */
export function recordingHttp(
  reply: (config: AxiosRequestConfig) => Partial<AxiosResponse> | Promise<never> = () => ({}),
): Http & { sent: AxiosRequestConfig[] } {
  const sent: AxiosRequestConfig[] = [];
  const stub = {
    sent,
    async request(config: AxiosRequestConfig) {
      sent.push(config);
      const partial = await reply(config);
      return { status: 200, statusText: 'OK', headers: {}, data: undefined, config, ...partial };
    },
  };
  return stub as unknown as Http & { sent: AxiosRequestConfig[] };
}

/**
 * Points the default `http` at the mocks' base URL when it did not pick up the unit project's
 * `VITE_API_BASE_URL` (vitest.config.ts `env`). A no-op once src/request/http.ts reads
 * `import.meta.env` in a form vitest rewrites; tests/api/default-http.test.ts checks that it does.
 */
export function pinDefaultBase(): void {
  if (http.defaults.baseURL !== API_BASE) http.defaults.baseURL = API_BASE;
}
