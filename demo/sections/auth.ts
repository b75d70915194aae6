import { authApi } from '../../src/api';
import { http, tokenStore } from '../../src/request';
import { logTo } from '../activity';
import { $, describe, status } from '../dom';
import { currentUser, session, setSignedIn, setSignedOut } from '../session';

/**
 * Sign in with `authApi.login`, keep the pair in `tokenStore`, and let the default `http` do the
 * rest: when the access token expires, the next request gets a 401, the instance calls the
 * refresh endpoint once and replays the request. This panel only watches the store to show it.
 */
export function mountAuth() {
  const form = $<HTMLFormElement>('#login-form');
  const log = $('#auth-log');
  const statusLine = $('#auth-status');
  let knownToken = tokenStore.get();
  let issuedAt = Date.now();
  let ttlSeconds: number | undefined;
  let refreshes = 0;

  async function loadMe() {
    const me = await authApi.me();
    $('#me-name').textContent = me.name;
    $('#me-role').textContent = me.role;
    setSignedIn(me);
    return me;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    status(statusLine, 'Signing in…');
    tokenStore.clear();
    try {
      const tokens = await authApi.login({
        body: { username: String(data.get('username')), password: String(data.get('password')) },
      });
      tokenStore.set(tokens.accessToken, tokens.refreshToken);
      knownToken = tokens.accessToken;
      issuedAt = Date.now();
      ttlSeconds = tokens.expiresIn;
      const me = await loadMe();
      status(statusLine, `Welcome, ${me.name}.`, 'ok');
      logTo(log, `Signed in; the access token lives ${ttlSeconds ?? '?'} s.`);
    } catch (error) {
      status(statusLine, describe(error), 'bad');
    }
  });

  $('#whoami').addEventListener('click', async () => {
    try {
      const me = await authApi.me();
      logTo(log, `authApi.me() → ${me.name} <${me.email}>`, 'ok');
    } catch (error) {
      logTo(log, describe(error), 'bad');
    }
  });

  $('#expire').addEventListener('click', async () => {
    try {
      // A demo-only route: the server forgets the token, as if 20 s had passed.
      await http.post('/auth/expire');
      issuedAt = 0;
      logTo(log, 'Token expired on the server: the next request gets a 401 and is refreshed.');
    } catch (error) {
      logTo(log, describe(error), 'bad');
    }
  });

  $('#logout').addEventListener('click', () => {
    tokenStore.clear();
    knownToken = null;
    setSignedOut();
    status(statusLine, 'Signed out.');
  });

  session.addEventListener('signed-in', () => {
    form.hidden = true;
    $('#signed-in').hidden = false;
  });
  session.addEventListener('signed-out', () => {
    form.hidden = false;
    $('#signed-in').hidden = true;
  });

  // Watch the store: a new token while signed in is a refresh; an emptied one is an expired session.
  setInterval(() => {
    const token = tokenStore.get();
    if (token !== knownToken) {
      if (token && knownToken) {
        refreshes += 1;
        $('#refresh-count').textContent = String(refreshes);
        logTo(
          log,
          'Token refreshed: one POST /auth/refresh, then the 401 requests were replayed.',
          'refresh',
        );
      } else if (!token && currentUser()) {
        setSignedOut();
        status(statusLine, 'The session expired (refresh failed): please sign in again.', 'bad');
      }
      knownToken = token;
      issuedAt = Date.now();
    }
    $('#token-tail').textContent = token ? `…${token.slice(-6)}` : '';
    const left = ttlSeconds === undefined ? undefined : ttlSeconds - (Date.now() - issuedAt) / 1000;
    $('#token-expiry').textContent =
      left === undefined
        ? 'lifetime unknown'
        : left > 0
          ? `expires in ${Math.ceil(left)} s`
          : 'expired: the next request refreshes it';
  }, 250);

  // A token kept from an earlier visit (localStorage): resume, refreshing if it is stale.
  if (tokenStore.get()) {
    loadMe().catch((error: unknown) => status(statusLine, describe(error), 'bad'));
  }
}
