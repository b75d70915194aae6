import { defineEndpoint, userApi, userSchema } from '../../src/api';
import { createHttp, http, isApiError } from '../../src/request';
import { zhCNMessages } from '../../src/request/messages-zh-CN';
import { watchRequests } from '../activity';
import { $, h } from '../dom';
import { toast } from '../toast';

type Lang = 'en' | 'zh-CN';

/**
 * An instance with the `{ code, data, message }` envelope turned on (a non-zero `code` is a
 * `'business'` error), the given message table, and the default `http`'s base URL; plus the
 * two endpoints the validation cases call, defined once on it. With `serverWords` off
 * (`serverMessage: false`) the message is always the table's, whatever the server said.
 */
function errorKit(lang: Lang, serverWords: boolean) {
  const api = createHttp({
    baseURL: http.defaults.baseURL,
    envelope: {},
    // The global hook (a toast here): called for every failure, but not for cancels.
    onError: (error) => toast(`onError: ${error.kind}: ${error.message}`),
    ...(lang === 'zh-CN' ? { messages: zhCNMessages } : {}),
    ...(serverWords ? {} : { serverMessage: false as const }),
  });
  return {
    api,
    /** Expects a user; the server answers 200 with broken JSON. */
    malformed: defineEndpoint({
      method: 'GET',
      path: '/fail/malformed',
      response: userSchema,
      http: api,
    }),
    /** `userApi.create`'s own definition on this instance: a bad email never leaves the page. */
    createUser: defineEndpoint({ ...userApi.create.definition, http: api }),
  };
}

type ErrorKit = ReturnType<typeof errorKit>;

/** A port no server listens on (and browsers refuse): the request cannot connect. */
const UNREACHABLE = 'http://127.0.0.1:9';

interface Case {
  id: string;
  label: string;
  run(kit: ErrorKit): Promise<unknown>;
}

const cases: Case[] = [
  { id: 'http-404', label: 'GET /fail/404', run: ({ api }) => api.get('/fail/404') },
  // Retried twice with backoff first (GET on a 500): watch the request log.
  { id: 'http-500', label: 'GET /fail/500 (retried)', run: ({ api }) => api.get('/fail/500') },
  { id: 'business', label: 'envelope code 40013', run: ({ api }) => api.get('/fail/business') },
  {
    id: 'network',
    label: 'unreachable host',
    run: ({ api }) => api.get('/health', { baseURL: UNREACHABLE, retry: false }),
  },
  {
    id: 'timeout',
    label: 'slow, timeout 500 ms',
    run: ({ api }) => api.get('/slow', { timeout: 500, retry: false }),
  },
  {
    id: 'canceled',
    label: 'slow, aborted after 300 ms',
    run({ api }) {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 300);
      return api.get('/slow', { signal: controller.signal });
    },
  },
  { id: 'validation-json', label: '200 with malformed JSON', run: ({ malformed }) => malformed() },
  {
    id: 'validation-input',
    label: 'create user, bad email',
    run: ({ createUser }) => createUser({ body: { name: 'Nobody', email: 'not-an-email' } }),
  },
];

/**
 * Every `ApiError` kind on demand, each with its message: the server's own words when its body
 * gave some (the 404, the 500, the business code), else the table's. Switch the language to see
 * the `zhCNMessages` table at work, and untick "server's words" (`serverMessage: false`) to see
 * the table alone. The slow button shows the nprogress bar (after 200 ms).
 */
export function mountErrors() {
  const lang = $<HTMLSelectElement>('#errors-lang');
  const serverWords = $<HTMLInputElement>('#errors-server');
  const tbody = $('#errors-body');
  const kits = new Map<string, ErrorKit>();
  for (const l of ['en', 'zh-CN'] as const) {
    for (const words of [true, false]) kits.set(`${l} ${words}`, errorKit(l, words));
  }
  for (const kit of kits.values()) watchRequests(kit.api);
  const current = () => kits.get(`${lang.value} ${serverWords.checked}`) as ErrorKit;

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
        await c.run(current());
        kind.textContent = 'no error';
      } catch (error) {
        if (!isApiError(error)) throw error;
        kind.textContent = error.kind;
        code.textContent = String(error.code ?? error.status ?? '');
        // `fallbackMessage` is the table's text: shown when the server's own words replaced it.
        message.replaceChildren(
          error.message,
          ...(error.fallbackMessage !== error.message
            ? [h('div', { className: 'fallback' }, `table: ${error.fallbackMessage}`)]
            : []),
          ...(error.detail ? [h('div', { className: 'detail' }, error.detail)] : []),
        );
      }
    };
    button.addEventListener('click', () => void runCase());
    return runCase;
  });

  $('#errors-all').addEventListener('click', () => {
    for (const run of runners) void run();
  });
  const clear = () => {
    for (const cell of tbody.querySelectorAll('td.kind, td.code, td.message'))
      cell.textContent = '';
  };
  lang.addEventListener('change', clear);
  serverWords.addEventListener('change', clear);

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
