// @vitest-environment happy-dom
import { HttpResponse, http as rest } from 'msw';
import NProgress from 'nprogress';
import { afterEach, expect, it, vi } from 'vitest';
import { createHttp } from '../../src/request';
import { server } from '../setup/msw';

afterEach(() => {
  vi.useRealTimers();
});

it('drives nprogress by default in a page', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  server.use(
    rest.get('http://localhost:3000/api/x', async () => {
      await gate;
      return HttpResponse.json({});
    }),
  );
  const http = createHttp({ baseURL: '/api' });
  const request = http.get('/x');
  await vi.advanceTimersByTimeAsync(199);
  expect(NProgress.status).toBeNull();
  await vi.advanceTimersByTimeAsync(1);
  expect(NProgress.status).not.toBeNull();
  release();
  await request;
  await vi.advanceTimersByTimeAsync(1000);
  expect(NProgress.status).toBeNull();
});
