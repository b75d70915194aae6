import type { AxiosRequestConfig, AxiosResponse } from 'axios';
import type { Http } from '../../src/request';
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
