import { HttpResponse, http as mock } from 'msw';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineEndpoint } from '../../src/api';
import { ApiError, createHttp, type Http } from '../../src/request';
import { API_BASE } from '../mocks';
import { server } from '../setup/msw';

// Every failure of the instance reaches the endpoint's caller as the instance's ApiError.
const plain = createHttp({ baseURL: API_BASE, retry: false, loading: false });
const enveloped = createHttp({ baseURL: API_BASE, retry: false, loading: false, envelope: {} });

/** The same endpoint, `GET /things/:id`, sent through `http`. */
const thingOn = (http: Http) =>
  defineEndpoint({
    method: 'GET',
    path: '/things/:id',
    params: z.object({ id: z.string() }),
    response: z.object({ id: z.string() }),
    http,
  });
const getThing = thingOn(plain);
const getWrapped = thingOn(enveloped);

describe('ApiError kinds through an endpoint', () => {
  it.each([404, 500])('http %i keeps status and body', async (status) => {
    server.use(
      mock.get(`${API_BASE}/things/:id`, () => HttpResponse.json({ message: 'nope' }, { status })),
    );
    const error = await getThing({ params: { id: 'a' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'http', status, method: 'GET' });
    expect((error as ApiError).response?.data).toEqual({ message: 'nope' });
  });

  it('network', async () => {
    server.use(mock.get(`${API_BASE}/things/:id`, () => HttpResponse.error()));
    await expect(getThing({ params: { id: 'a' } })).rejects.toMatchObject({
      name: 'ApiError',
      kind: 'network',
    });
  });

  it('business, from an envelope with a not-ok code', async () => {
    server.use(
      mock.get(`${API_BASE}/things/:id`, () =>
        HttpResponse.json({ code: 40001, message: 'Quota exceeded', data: null }),
      ),
    );
    await expect(getWrapped({ params: { id: 'a' } })).rejects.toMatchObject({
      name: 'ApiError',
      kind: 'business',
      code: 40001,
    });
  });

  it('an ok envelope is unwrapped before the response schema sees it', async () => {
    server.use(
      mock.get(`${API_BASE}/things/:id`, () =>
        HttpResponse.json({ code: 0, message: 'ok', data: { id: 'a' } }),
      ),
    );
    await expect(getWrapped({ params: { id: 'a' } })).resolves.toEqual({ id: 'a' });
  });

  it('canceled, through the signal passed in config', async () => {
    let arrived!: () => void;
    let release!: () => void;
    const started = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.use(
      mock.get(`${API_BASE}/things/:id`, async () => {
        arrived();
        await held; // answers only after the client has given up
        return HttpResponse.json({ id: 'a' });
      }),
    );
    const controller = new AbortController();
    const pending = getThing({ params: { id: 'a' } }, { signal: controller.signal });
    await started;
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'ApiError', kind: 'canceled' });
    release();
  });
});
