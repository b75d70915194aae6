import { describe, expect, it, vi } from 'vitest';
import { type ApiError, createHttp } from '../../src/request';
import { zhCNMessages } from '../../src/request/messages-zh-CN';
import { countRequests } from '../api/helpers';

/** The ApiError a request rejects with (the test fails if it resolves). */
async function failureOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: ApiError) => e,
  );
  expect(error, 'the request resolved').toBeDefined();
  return error as ApiError;
}

describe('a URL that cannot be built', () => {
  it('a relative URL under Node says so, with the URL and the fix, and sends nothing', async () => {
    const counter = countRequests();
    const onError = vi.fn();
    const http = createHttp({ baseURL: '/api', loading: false, onError });
    const error = await failureOf(http.get('/orders'));
    counter.stop();
    expect(error).toMatchObject({
      kind: 'validation',
      part: 'url',
      method: 'GET',
      url: '/api/orders',
      message: 'The request address is not valid.',
    });
    expect(error.message).not.toBe('The request failed.');
    expect(error.detail).toContain('"/api/orders"');
    expect(error.detail).toMatch(/relative.*absolute baseURL/);
    expect(counter.count).toBe(0);
    // Not a transient failure: never retried, and reported once.
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['a space in the host', 'http://exa mple.test/x'],
    ['an unclosed IPv6 bracket', 'http://[::1/x'],
  ])('%s: the detail names the URL and says it is malformed', async (_, url) => {
    const error = await failureOf(createHttp({ loading: false }).get(url));
    expect(error).toMatchObject({ kind: 'validation', part: 'url' });
    expect(error.detail).toContain(JSON.stringify(url));
    expect(error.detail).toMatch(/not a well-formed address/);
  });

  it('the message comes from the table, in its language', async () => {
    const http = createHttp({ baseURL: '/api', loading: false, messages: zhCNMessages });
    await expect(http.get('/x')).rejects.toMatchObject({ message: zhCNMessages.url });
  });
});
