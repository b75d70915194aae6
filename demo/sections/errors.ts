import * as z from 'zod';
import { defineEndpoint, userApi } from '../../src/api';
import { createHttp, type Http, http, isApiError, zhCNMessages } from '../../src/request';
import { $, h } from '../dom';

/**
 * One instance per language, both with the `{ code, data, message }` envelope turned on (so a
 * non-zero `code` is a `'business'` error). Same base URL as the default `http`.
 */
const instances: Record<'en' | 'zh-CN', Http> = {
  en: createHttp({ baseURL: http.defaults.baseURL, envelope: {} }),
  'zh-CN': createHttp({ baseURL: http.defaults.baseURL, envelope: {}, messages: zhCNMessages }),
};

/** A port no server listens on (and browsers refuse): the request cannot connect. */
const UNREACHABLE = 'http://127.0.0.1:9';

interface Case {
  id: string;
  label: string;
  run(api: Http): Promise<unknown>;
}

const cases: Case[] = [
  { id: 'http-404', label: 'GET /fail/404', run: (api) => api.get('/fail/404') },
  // Retried twice with backoff first (GET on a 500): watch the request log.
  { id: 'http-500', label: 'GET /fail/500 (retried)', run: (api) => api.get('/fail/500') },
  { id: 'business', label: 'envelope code 40013', run: (api) => api.get('/fail/business') },
  {
    id: 'network',
    label: 'unreachable host',
    run: (api) => api.get('/health', { baseURL: UNREACHABLE, retry: false }),
  },
  {
    id: 'timeout',
    label: 'slow, timeout 500 ms',
    run: (api) => api.get('/slow', { timeout: 500, retry: false }),
  },
  {
    id: 'canceled',
    label: 'slow, aborted after 300 ms',
    run(api) {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 300);
      return api.get('/slow', { signal: controller.signal });
    },
  },
  {
    id: 'validation-json',
    label: '200 with malformed JSON',
    run: (api) =>
      defineEndpoint({
        method: 'GET',
        path: '/fail/malformed',
        response: z.object({ id: z.number() }),
        http: api,
      })(),
  },
  {
    id: 'validation-input',
    label: 'create user, bad email',
    // The same endpoint definition as userApi.create, on this instance: refused before sending.
    run: (api) =>
      defineEndpoint({ ...userApi.create.definition, http: api })({
        body: { name: 'Nobody', email: 'not-an-email' },
      }),
  },
];

/**
 * Every `ApiError` kind on demand, each with its mapped message: switch the language to see the
 * `zhCNMessages` table at work. The slow button shows the nprogress bar (after 200 ms).
 */
export function mountErrors() {
  const lang = $<HTMLSelectElement>('#errors-lang');
  const tbody = $('#errors-body');
  const api = () => instances[lang.value as 'en' | 'zh-CN'];

  const runners = cases.map((c) => {
    const button = h('button', { type: 'button', className: 'secondary' }, c.label);
    const kind = h('td', { className: 'kind' });
    const code = h('td', { className: 'code' });
    const message = h('td', { className: 'message' });
    tbody.append(h('tr', { dataset: { case: c.id } }, h('td', {}, button), kind, code, message));
    const runCase = async () => {
      kind.textContent = '…';
      code.textContent = '';
      message.textContent = '';
      try {
        await c.run(api());
        kind.textContent = 'no error';
      } catch (error) {
        if (!isApiError(error)) throw error;
        kind.textContent = error.kind;
        code.textContent = String(error.code ?? error.status ?? '');
        message.textContent = error.message;
      }
    };
    button.addEventListener('click', () => void runCase());
    return runCase;
  });

  $('#errors-all').addEventListener('click', () => {
    for (const run of runners) void run();
  });
  lang.addEventListener('change', () => {
    for (const cell of tbody.querySelectorAll('td.kind, td.code, td.message'))
      cell.textContent = '';
  });

  const slow = $<HTMLButtonElement>('#slow');
  slow.addEventListener('click', async () => {
    const status = $('#slow-status');
    slow.disabled = true;
    status.textContent = 'waiting…';
    const started = performance.now();
    try {
      // The default instance: its loading bar is nprogress, shown once a request takes 200 ms.
      await http.get('/slow');
      status.textContent = `answered after ${Math.round(performance.now() - started)} ms`;
    } catch (error) {
      status.textContent = String(error);
    } finally {
      slow.disabled = false;
    }
  });
}
