// @vitest-environment happy-dom
// DESIGN.md: "for a relative baseURL, the page's origin" — and the default nprogress bar in a page.
import { HttpResponse, http as msw } from 'msw';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHttp } from '../../src/request';
import { server } from '../setup/msw';

const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*' };

function record(url: string, seen: Array<string | null>) {
  return msw.all(url, ({ request }) => {
    seen.push(request.headers.get('authorization'));
    return HttpResponse.json({}, { headers: cors });
  });
}

afterEach(() => {
  vi.useRealTimers();
});

// The default bar loads nprogress as a chunk of its own when the first request is counted; a page
// has it long before the 200 ms delay, while vitest's first import of it transforms the module.
beforeAll(async () => {
  await import('nprogress');
});

describe('token with a relative baseURL (the page origin)', () => {
  it('goes to any URL on the page origin and to no other origin', async () => {
    const page = location.origin;
    const own: Array<string | null> = [];
    const foreign: Array<string | null> = [];
    server.use(
      record(`${page}/api/me`, own),
      record(`${page}/health`, own),
      record('https://cdn.page.test/api/me', foreign),
      // A protocol-relative URL takes the page's scheme.
      record('http://cdn.page.test/api/me', foreign),
    );
    const http = createHttp({ baseURL: '/api', loading: false, auth: { getToken: () => 't' } });
    await http.get('/me');
    // Same origin, outside the base path: origins are compared, not string prefixes.
    await http.get(`${page}/health`);
    await http.get('https://cdn.page.test/api/me');
    await http.get('//cdn.page.test/api/me');
    await http.get('/me', { baseURL: 'https://cdn.page.test/api' });
    expect(own).toEqual(['Bearer t', 'Bearer t']);
    expect(foreign).toEqual([null, null, null]);
  });
});

describe('loading in a page', () => {
  it('the default bar is nprogress, shown once a request has been pending 200 ms', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    server.use(
      msw.get(`${location.origin}/api/slow`, async () => {
        await gate;
        return HttpResponse.json({});
      }),
    );
    const http = createHttp({ baseURL: '/api' });
    const p = http.get('/slow');
    await vi.advanceTimersByTimeAsync(199);
    expect(document.getElementById('nprogress')).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(document.getElementById('nprogress')).not.toBeNull();
    open();
    await p;
    await vi.advanceTimersByTimeAsync(2000);
    expect(document.getElementById('nprogress')).toBeNull();
  });
});
