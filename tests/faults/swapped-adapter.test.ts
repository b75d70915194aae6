// An app interceptor that replaces `config.adapter` takes the request past the kit's own adapter,
// the one that applies the token (on every hop) and judges the URL really sent. Attack it: such a
// request must carry no token (fail closed), and must still end at the total deadline and on
// cancelAll() even when the replacement never looks at the signal and the interceptor is
// registered `synchronous` (the path on which the kit skips its own abort race).
import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { describe, expect, it } from 'vitest';
import type { Http } from '../../src/request';
import { kit, useOracle } from './helpers/oracle';
import { json, startServer } from './helpers/servers';

useOracle();

const TOKEN = 'tok-swapped-adapter-secret';

/** An adapter that records the token header it was given and answers 200. */
function recordingAdapter(seen: (string | undefined)[]): AxiosAdapter {
  return async (config: InternalAxiosRequestConfig): Promise<AxiosResponse> => {
    const value = config.headers.get('Authorization');
    seen.push(typeof value === 'string' ? value : undefined);
    return { data: { ok: true }, status: 200, statusText: 'OK', headers: {}, config };
  };
}

/** An adapter that never settles and never looks at the signal. */
const stuckAdapter: AxiosAdapter = () => new Promise<AxiosResponse>(() => undefined);

describe.each([
  ['an async interceptor', false],
  ['a synchronous interceptor', true],
] as const)('%s that swaps config.adapter', (_, synchronous) => {
  function swap(http: Http, adapter: AxiosAdapter): void {
    http.interceptors.request.use(
      (config) => {
        config.adapter = adapter;
        return config;
      },
      undefined,
      { synchronous },
    );
  }

  it('sends no token: the kit applies it only in its own adapter', async () => {
    const api = await startServer((_req, res) => json(res, 200, {}));
    const http = kit({ baseURL: api.origin, retry: false, auth: { getToken: () => TOKEN } });
    const seen: (string | undefined)[] = [];
    swap(http, recordingAdapter(seen));
    expect((await http.get('/x')).data).toEqual({ ok: true });
    expect(seen).toEqual([undefined]);
    expect(api.arrived).toHaveLength(0);
  });

  it('the same adapter as the request option or http.defaults.adapter gets the token', async () => {
    const api = await startServer((_req, res) => json(res, 200, {}));
    const http = kit({ baseURL: api.origin, retry: false, auth: { getToken: () => TOKEN } });
    const seen: (string | undefined)[] = [];
    await http.get('/x', { adapter: recordingAdapter(seen) });
    const byDefault = kit({ baseURL: api.origin, retry: false, auth: { getToken: () => TOKEN } });
    byDefault.defaults.adapter = recordingAdapter(seen);
    await byDefault.get('/x');
    expect(seen).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
    expect(api.arrived).toHaveLength(0);
  });

  it('still times out at the total deadline when the replacement never settles', async () => {
    const http = kit({ baseURL: 'http://127.0.0.1:9', timeout: 150, retry: false });
    swap(http, stuckAdapter);
    const started = performance.now();
    await expect(http.get('/x')).rejects.toMatchObject({ kind: 'timeout' });
    // Bounded real wait: the deadline is 150 ms; far below the test's own timeout.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('cancelAll() ends it at once when the replacement never settles', async () => {
    const http = kit({ baseURL: 'http://127.0.0.1:9', timeout: 60_000, retry: false });
    swap(http, stuckAdapter);
    const call = http.get('/x');
    const outcome = expect(call).rejects.toMatchObject({ kind: 'canceled' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(http.cancelAll()).toBe(1);
    await outcome;
  });
});
