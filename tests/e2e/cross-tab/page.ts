/**
 * The page the cross-tab tests open in several tabs: the kit as an app bundles it (Vite), driven
 * from the test through `window.kit`. Three instances to choose from:
 * - `default`: the default `http` as shipped (crossTab on);
 * - `ahead`: `createHttp` with `crossTab: true` and `refreshAhead: 1500`;
 * - `solo`: `createHttp` with `crossTab: false`, the control: every tab refreshes on its own.
 */
import { authApi } from '../../../src/api';
import { createHttp, type Http, http, isApiError, tokenStore } from '../../../src/request';

/** The default instance's refresh, written as an app would for its own instance. */
async function refresh(): Promise<string> {
  const refreshToken = tokenStore.getRefresh();
  if (!refreshToken) throw new Error('No refresh token: sign in again.');
  const tokens = await authApi.refresh({ body: { refreshToken } });
  tokenStore.set(tokens.accessToken, tokens.refreshToken);
  return tokens.accessToken;
}

function own(crossTab: boolean, refreshAhead?: number): Http {
  return createHttp({
    baseURL: '/api',
    loading: false,
    retry: false,
    auth: {
      getToken: () => tokenStore.get(),
      refresh,
      onExpired: () => tokenStore.clear(),
      subscribe: (notify) => tokenStore.subscribe(notify),
      crossTab,
      ...(refreshAhead === undefined ? {} : { refreshAhead }),
    },
  });
}

const kinds = { default: () => http, ahead: () => own(true, 1_500), solo: () => own(false) };
type Kind = keyof typeof kinds;

let current: Http = http;
/** What `session.onChange` told this tab: the tail of each token, or null. */
const changes: Array<string | null> = [];
const tail = (token: string | null) => (token === null ? null : token.slice(-8));

/** `kind status: what the server said` (its JSON `message`), or the error's own message. */
function describeError(error: unknown): string {
  if (!isApiError(error)) return String(error);
  const body = error.response?.data as { message?: unknown } | undefined;
  const said = typeof body?.message === 'string' ? body.message : error.message;
  return `${error.kind} ${error.status ?? ''}: ${said}`;
}

const kit = {
  use(kind: Kind) {
    current = kinds[kind]();
    current.session.onChange((token) => changes.push(tail(token)));
  },
  async signIn() {
    const tokens = await authApi.login({ body: { username: 'demo', password: 'demo' } });
    tokenStore.set(tokens.accessToken, tokens.refreshToken);
  },
  signOut: () => tokenStore.clear(),
  token: () => tokenStore.get(),
  changes: () => [...changes],
  /** One request as the app would make it: 'ok', or the error's kind, status and message. */
  async me(): Promise<string> {
    try {
      await current.get('/auth/me');
      return 'ok';
    } catch (error) {
      return describeError(error);
    }
  },
  /**
   * Keep `parallel` requests going, each followed by a short pause, for `ms` (bounded in count
   * too): how many succeeded, and every failure.
   */
  async busy(ms: number, parallel: number) {
    const end = performance.now() + ms;
    let ok = 0;
    const failed: string[] = [];
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        for (let i = 0; i < 1_000 && performance.now() < end; i++) {
          const outcome = await kit.me();
          if (outcome === 'ok') ok += 1;
          else failed.push(outcome);
          await new Promise((resolve) => setTimeout(resolve, 15));
        }
      }),
    );
    return { ok, failed };
  },
};

declare global {
  interface Window {
    kit: typeof kit;
  }
}
window.kit = kit;
