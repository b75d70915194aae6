// The open point from the api review: an endpoint's own failures (bad input, a response that
// fails its schema) reach its instance's onError through `http.report`, under the instance's
// rules (not for silent calls, not for cancels).
import { HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { defineEndpoint } from '../../src/api';
import { ApiError, createHttp } from '../../src/request';
import { API, rejectionOf, route } from './helpers';

function setup() {
  const onError = vi.fn();
  const http = createHttp({ baseURL: API, loading: false, retry: false, onError });
  const getItem = defineEndpoint({
    method: 'GET',
    path: '/items/:id',
    params: z.object({ id: z.string().min(2) }),
    response: z.object({ id: z.string(), price: z.number() }),
    http,
  });
  return { onError, http, getItem };
}

describe('endpoint failures reach the instance onError', () => {
  it('a response that fails its schema goes to onError once, the same error the caller gets', async () => {
    route('/items/ab', () => HttpResponse.json({ id: 'ab', price: 'free' }));
    const { onError, getItem } = setup();
    const error = await rejectionOf(getItem({ params: { id: 'ab' } }));
    expect(error).toMatchObject({ kind: 'validation', part: 'response' });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(error);
  });

  it('a bad input goes to onError too (nothing is sent)', async () => {
    const { onError, getItem } = setup();
    const error = await rejectionOf(getItem({ params: { id: 'a' } }));
    expect(error).toMatchObject({ kind: 'validation', part: 'params' });
    expect(onError).toHaveBeenCalledWith(error);
  });

  it('not for a silent call, whether silent comes from the caller or the endpoint', async () => {
    route('/items/ab', () => HttpResponse.json({ nope: true }));
    const { onError, http, getItem } = setup();
    await expect(getItem({ params: { id: 'ab' } }, { silent: true })).rejects.toMatchObject({
      kind: 'validation',
    });
    const quiet = defineEndpoint({
      method: 'GET',
      path: '/items/ab',
      response: z.object({ id: z.string() }),
      config: { silent: true },
      http,
    });
    await expect(quiet()).rejects.toMatchObject({ kind: 'validation' });
    expect(onError).not.toHaveBeenCalled();
  });

  it("the instance's own failures are reported once, not again by the endpoint", async () => {
    route('/items/ab', () => HttpResponse.json({}, { status: 500 }));
    const { onError, getItem } = setup();
    await expect(getItem({ params: { id: 'ab' } })).rejects.toMatchObject({ status: 500 });
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('http.report applies the rules and returns the error', () => {
    const { onError, http } = setup();
    const failure = new ApiError({ kind: 'validation', message: 'bad' });
    expect(http.report(failure)).toBe(failure);
    http.report(failure, { silent: true });
    http.report(new ApiError({ kind: 'canceled', message: 'stop' }));
    expect(onError).toHaveBeenCalledTimes(1);
  });
});
