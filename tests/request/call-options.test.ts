import type { AxiosAdapter, AxiosRequestConfig } from 'axios';
import { describe, expect, it } from 'vitest';
import { activeTimerCount, createHttp, isApiError } from '../../src/request';

// A request's own `retry`, `timeout` and `dedupe` are checked before anything is sent. Found by
// attacking the engine: `retry: NaN` (or Infinity) never reached its limit, so a 500 was retried
// for ever; `timeout: -1` or NaN silently meant "no deadline"; a typo in `dedupe` acted as `true`.

function counting(status = 500): { adapter: AxiosAdapter; sent: () => number } {
  let sent = 0;
  const adapter: AxiosAdapter = async (config) => {
    sent += 1;
    const response = { data: {}, status, statusText: '', headers: {}, config, request: {} };
    if (status >= 400) {
      const { AxiosError } = await import('axios');
      throw new AxiosError('failed', 'ERR_BAD_RESPONSE', config, {}, response);
    }
    return response;
  };
  return { adapter, sent: () => sent };
}

describe('per-request kit options', () => {
  it.each<[string, AxiosRequestConfig, RegExp]>([
    [
      'retry NaN',
      { retry: Number.NaN },
      /^Not sent: retry must be false or a whole number >= 0, not NaN/,
    ],
    ['retry Infinity', { retry: Number.POSITIVE_INFINITY }, /not Infinity/],
    ['retry -1', { retry: -1 }, /not -1/],
    ['retry 1.5', { retry: 1.5 }, /not 1.5/],
    ['retry "3"', { retry: '3' as unknown as number }, /not "3"/],
    ['retry true', { retry: true as unknown as number }, /not true/],
    ['timeout -1', { timeout: -1 }, /^Not sent: timeout must be a number of ms >= 0, not -1/],
    ['timeout NaN', { timeout: Number.NaN }, /not NaN/],
    ['timeout Infinity', { timeout: Number.POSITIVE_INFINITY }, /not Infinity/],
    [
      'dedupe "shared"',
      { dedupe: 'shared' as unknown as 'share' },
      /dedupe must be true, false or 'share', not "shared"/,
    ],
    ['dedupe 1', { dedupe: 1 as unknown as boolean }, /not 1/],
  ])('%s: kind validation, nothing sent, onError told', async (_, config, detail) => {
    const errors: unknown[] = [];
    const http = createHttp({ baseURL: 'http://api.test', onError: (e) => errors.push(e) });
    const { adapter, sent } = counting();
    http.defaults.adapter = adapter;
    const error = await http.get('/items', config).catch((e: unknown) => e);
    expect(isApiError(error) && error.kind).toBe('validation');
    expect(isApiError(error) && error.detail).toMatch(detail);
    expect(isApiError(error) && error.url).toBe('http://api.test/items');
    expect(sent()).toBe(0);
    expect(errors).toEqual([error]);
    expect(http.pending).toBe(0);
  });

  it.each<[string, AxiosRequestConfig, number]>([
    ['retry 0', { retry: 0 }, 1],
    ['retry 2', { retry: 2 }, 3],
    ['retry false', { retry: false }, 1],
    [
      'retry null (not given: the instance default, 1 retry)',
      { retry: null as unknown as number },
      2,
    ],
  ])('%s is honoured: %s sent', async (_, config, expected) => {
    const http = createHttp({
      baseURL: 'http://api.test',
      retry: { retries: 1, minDelay: 0, maxDelay: 0 },
    });
    const { adapter, sent } = counting();
    http.defaults.adapter = adapter;
    await expect(http.get('/items', config)).rejects.toMatchObject({ kind: 'http', status: 500 });
    expect(sent()).toBe(expected);
  });

  it('timeout 0, null and dedupe null/false/share are accepted', async () => {
    const http = createHttp({ baseURL: 'http://api.test', retry: false });
    const { adapter, sent } = counting(200);
    http.defaults.adapter = adapter;
    await http.get('/a', { timeout: 0 });
    await http.get('/b', { timeout: null as unknown as number });
    await http.get('/c', { dedupe: null as unknown as boolean });
    await http.get('/d', { dedupe: false });
    await http.get('/e', { dedupe: 'share' });
    expect(sent()).toBe(5);
  });

  it('the instance refuses a fractional retries count at creation', () => {
    expect(() => createHttp({ retry: { retries: 1.5 } })).toThrow(
      /retry.retries must be a whole number >= 0/,
    );
  });

  it('a timeout longer than a timer can hold (2^40 ms) is a long deadline, not an instant one', async () => {
    const http = createHttp({ baseURL: 'http://api.test', retry: false });
    http.defaults.adapter = (config) =>
      new Promise((resolve) => {
        setTimeout(
          () => resolve({ data: { ok: true }, status: 200, statusText: 'OK', headers: {}, config }),
          30,
        );
      });
    // Before the fix Node ran such a timer after 1 ms: every attempt timed out at once.
    await expect(http.get('/slow', { timeout: 2 ** 40 })).resolves.toMatchObject({
      data: { ok: true },
    });
    expect(activeTimerCount()).toBe(0);
  });
});
