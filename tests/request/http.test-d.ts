import type { AxiosInstance } from 'axios';
import { describe, expectTypeOf, it } from 'vitest';
import { type ApiError, createHttp, type Http, type HttpStats, http } from '../../src/request';

describe('Http types', () => {
  it('is an axios instance with the kit additions', () => {
    expectTypeOf(http).toExtend<AxiosInstance>();
    expectTypeOf(createHttp()).toEqualTypeOf<Http>();
    expectTypeOf(http.cancelAll).toEqualTypeOf<(reason?: string) => number>();
    expectTypeOf(http.pending).toEqualTypeOf<number>();
    expectTypeOf(http.stats()).toEqualTypeOf<HttpStats>();
  });

  it('accepts the per-request options on every method', () => {
    http.get('/x', {
      withToken: false,
      loading: false,
      dedupe: true,
      retry: 2,
      raw: true,
      silent: true,
    });
    http.post('/x', { a: 1 }, { retry: false });
    // @ts-expect-error retry is a count or false
    http.get('/x', { retry: 'often' });
  });

  it('types the hooks with ApiError', () => {
    createHttp({ onError: (error) => expectTypeOf(error).toEqualTypeOf<ApiError>() });
    createHttp({
      auth: { getToken: async () => null, onExpired: (e) => expectTypeOf(e.kind).toBeString() },
    });
  });
});
