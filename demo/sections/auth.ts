import { authApi } from '../../src/api';
import { http, tokenStore } from '../../src/request';
import { logTo } from '../activity';
import { $, describe, status } from '../dom';
import { currentUser, session, setSignedIn, setSignedOut } from '../session';

/** When a JWT expires (its `exp`, in ms), or undefined for a token that is not one. */
function expiryOf(token: string | null): number | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const { exp } = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as {
      exp?: unknown;
    };
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch (error) {
    // Not a JWT this page can read: the panel shows "lifetime unknown".
    console.debug('demo: the token is not a readable JWT', error);
    return undefined;
  }
}

/**
 * Sign in with `authApi.login`, keep the pair in `tokenStore`, and let the default `http` do the
 * rest: when the access token expires, the next request gets a 401, the instance calls the
 * refresh endpoint once and replays the request. The default `http` has `auth.crossTab` on, so
 * every tab of the page shares the session: one refresh for all of them, and a sign-in or a
 * sign-out in one reaches the others. This panel only listens to `http.session.onChange`, which
 * says whether a change was this tab's own (`'local'`) or another tab's (`'remote'`).
 */
export function mountAuth() {
  const form = $<HTMLFormElement>('#login-form');
  const log = $('#auth-log');
  const statusLine = $('#auth-status');
  let knownToken = tokenStore.get();
  let expiresAt = expiryOf(knownToken);
  let ownRefreshes = 0;
  let remoteRefreshes = 0;

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
      const me = await loadMe();
      status(statusLine, `Welcome, ${me.name}.`, 'ok');
      logTo(log, `Signed in; the access token lives ${tokens.expiresIn} s.`);
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
      expiresAt = 0;
      logTo(log, 'Token expired on the server: the next request gets a 401 and is refreshed.');
    } catch (error) {
      logTo(log, describe(error), 'bad');
    }
  });

  $('#logout').addEventListener('click', () => {
    // The page first, then the store: the sign-out below is this tab's own, not an expiry.
    setSignedOut();
    tokenStore.clear();
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

  // Every change of the token, this tab's own or another tab's (crossTab).
  http.session.onChange((token, origin) => {
    const remote = origin === 'remote';
    const was = knownToken;
    knownToken = token;
    expiresAt = expiryOf(token);
    if (token === null) {
      if (!currentUser()) return; // this tab's own sign-out (or the store cleared before a sign-in)
      setSignedOut();
      if (remote) {
        status(statusLine, 'Signed out in another tab.');
        logTo(
          log,
          'Signed out in another tab (or the session ended there): this tab follows.',
          'remote',
        );
      } else {
        status(statusLine, 'The session expired (refresh failed): please sign in again.', 'bad');
      }
      return;
    }
    if (!was) {
      // A sign-in. This tab's own is told by the form; another tab's signs this one in too.
      if (!remote) return;
      logTo(log, 'Signed in in another tab: this tab joins the same session.', 'remote');
      loadMe().then(
        (me) => status(statusLine, `Welcome, ${me.name} (signed in in another tab).`, 'ok'),
        (error: unknown) => status(statusLine, describe(error), 'bad'),
      );
      return;
    }
    if (remote) {
      remoteRefreshes += 1;
      $('#refresh-remote-count').textContent = String(remoteRefreshes);
      logTo(
        log,
        'Token refreshed in another tab: this tab uses its new token, with no refresh of its own.',
        'refresh remote',
      );
    } else {
      ownRefreshes += 1;
      $('#refresh-count').textContent = String(ownRefreshes);
      logTo(
        log,
        'Token refreshed: one POST /auth/refresh, then the 401 requests were replayed.',
        'refresh',
      );
    }
  });

  setInterval(() => {
    const token = tokenStore.get();
    $('#token-tail').textContent = token ? `…${token.slice(-6)}` : '';
    const left = expiresAt === undefined ? undefined : (expiresAt - Date.now()) / 1000;
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
