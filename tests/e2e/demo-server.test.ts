/**
 * The demo backend alone, over real HTTP and WebSocket on 127.0.0.1: what the page relies on
 * (expiring tokens, rotation, long-poll hold and timeout, SSE ids and Last-Event-ID, chunked
 * text, the socket's `{ name, data }`, failures on purpose) and that its bodies match the kit's
 * schemas. Quick: no browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { EXPORT_DENIED } from '../../demo/backend/files';
import { type DemoServer, startDemoServer } from '../../demo/server';
import {
  feedBatchSchema,
  filenameFromDisposition,
  jobSchema,
  tokensSchema,
  userPageSchema,
  userSchema,
} from '../../src/api';

let api: DemoServer;
const lines: string[] = [];

beforeAll(async () => {
  api = await startDemoServer({
    port: 0,
    log: (line) => lines.push(line),
    tokenTtlMs: 1_000,
    jobDurationMs: 800,
    feedIntervalMs: 200,
    tickIntervalMs: 100,
    sseDropAfterMs: 5_000,
  });
});

afterAll(async () => {
  await api?.close();
});

function call(path: string, init: RequestInit & { token?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  if (init.body) headers.set('Content-Type', 'application/json');
  return fetch(`${api.url}/api${path}`, { ...init, headers, signal: AbortSignal.timeout(5_000) });
}

async function login() {
  const res = await call('/auth/login', {
    method: 'POST',
    body: JSON.stringify({ username: 'demo', password: 'demo' }),
  });
  expect(res.status).toBe(200);
  return tokensSchema.parse(await res.json());
}

describe('demo backend', () => {
  it('signs in with demo / demo, expires the access token, rotates the refresh token', async () => {
    const wrong = await call('/auth/login', {
      method: 'POST',
      body: '{"username":"demo","password":"x"}',
    });
    expect(wrong.status).toBe(401);
    // The page shows this message (ApiError.message is the server's own words).
    expect(await wrong.json()).toEqual({
      message: 'Wrong user name or password (use demo / demo)',
    });
    const tokens = await login();
    expect(tokens.expiresIn).toBe(1);
    const me = await call('/auth/me', { token: tokens.accessToken });
    expect(userSchema.parse(await me.json()).name).toBe('Ada Lovelace');
    expect((await call('/auth/me')).status).toBe(401);

    await call('/auth/expire', { method: 'POST', token: tokens.accessToken });
    expect((await call('/auth/me', { token: tokens.accessToken })).status).toBe(401);

    const refresh = (refreshToken: string) =>
      call('/auth/refresh', { method: 'POST', body: JSON.stringify({ refreshToken }) });
    const renewed = tokensSchema.parse(await (await refresh(tokens.refreshToken)).json());
    expect((await call('/auth/me', { token: renewed.accessToken })).status).toBe(200);
    expect((await refresh(tokens.refreshToken)).status).toBe(401);
  });

  it('issues JWT access tokens whose exp (seconds) is not later than the real expiry', async () => {
    const before = Date.now();
    const { accessToken } = await login();
    const [, payload] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString('utf8'));
    expect(claims.sub).toBe('usr_1');
    // tokenTtlMs is 1000 here: exp is rounded down to the second.
    expect(claims.exp * 1000).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(claims.exp * 1000).toBeGreaterThan(before - 1_000);
  });

  it('revokes the whole session when a refresh token is used twice (reuse detection)', async () => {
    const refresh = (refreshToken: string) =>
      call('/auth/refresh', { method: 'POST', body: JSON.stringify({ refreshToken }) });
    const first = await login();
    const second = tokensSchema.parse(await (await refresh(first.refreshToken)).json());
    expect((await call('/auth/me', { token: second.accessToken })).status).toBe(200);

    // A second tab refreshing with the token the first one already used: taken for theft.
    const reused = await refresh(first.refreshToken);
    expect(reused.status).toBe(401);
    expect((await reused.json()).message).toMatch(/reused/);
    // Everything of that session is dead now: the newest access token and refresh token too.
    const me = await call('/auth/me', { token: second.accessToken });
    expect(me.status).toBe(401);
    expect((await me.json()).message).toMatch(/revoked/);
    expect((await refresh(second.refreshToken)).status).toBe(401);
    // Another sign-in is another session, untouched.
    const other = await login();
    expect((await call('/auth/me', { token: other.accessToken })).status).toBe(200);
  });

  it('pages, filters, creates, updates and deletes users; refuses bad input with 422', async () => {
    const { accessToken: token } = await login();
    const page = userPageSchema.parse(
      await (await call('/users?page=2&pageSize=5', { token })).json(),
    );
    expect(page).toMatchObject({ page: 2, pageSize: 5, total: 23 });
    expect(page.items).toHaveLength(5);
    const admins = userPageSchema.parse(await (await call('/users?role=admin', { token })).json());
    expect(admins.items.every((u) => u.role === 'admin')).toBe(true);

    const bad = await call('/users', {
      method: 'POST',
      token,
      body: JSON.stringify({ name: 'X', email: 'no' }),
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).issues[0].path).toEqual(['email']);

    const created = await call('/users', {
      method: 'POST',
      token,
      body: JSON.stringify({ name: 'Barbara Liskov', email: 'barbara@example.com' }),
    });
    expect(created.status).toBe(201);
    const user = userSchema.parse(await created.json());
    const patched = await call(`/users/${user.id}`, {
      method: 'PATCH',
      token,
      body: '{"role":"viewer"}',
    });
    expect(userSchema.parse(await patched.json()).role).toBe('viewer');
    // An email another user has: refused, and the message names it (the page shows it).
    const other = page.items[0];
    const conflict = await call(`/users/${user.id}`, {
      method: 'PATCH',
      token,
      body: JSON.stringify({ email: other?.email }),
    });
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).message).toBe(
      `${other?.email} is already used by ${other?.name}`,
    );
    expect((await call(`/users/${user.id}`, { method: 'DELETE', token })).status).toBe(204);
    expect((await call(`/users/${user.id}`, { token })).status).toBe(404);
    expect((await call('/users', { method: 'PUT', token })).status).toBe(405);
  });

  it('stores a multipart attachment, exports a named CSV (exposed cross-origin), refuses with JSON', async () => {
    const { accessToken: token } = await login();
    const form = new FormData();
    form.append('file', new File(['a,b\n1,2\n'], '发票.csv', { type: 'text/csv' }));
    form.append('note', 'December');
    const stored = await fetch(`${api.url}/api/attachments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: form,
      signal: AbortSignal.timeout(5_000),
    });
    expect(stored.status).toBe(201);
    expect(await stored.json()).toMatchObject({ name: '发票.csv', size: 8, note: 'December' });
    expect((await call('/attachments', { method: 'POST', token, body: '{}' })).status).toBe(415);

    const csv = await call('/exports/users?month=2026-12', {
      token,
      headers: { Origin: 'http://app.example' },
    });
    expect(csv.status).toBe(200);
    expect(filenameFromDisposition(csv.headers.get('content-disposition'))).toBe(
      '用户列表-2026-12.csv',
    );
    expect(csv.headers.get('access-control-expose-headers')).toMatch(/\bContent-Disposition\b/);
    // Bytes, not text(): a UTF-8 decoder drops the BOM that tells Excel the file is UTF-8.
    const lines = Buffer.from(await csv.arrayBuffer())
      .toString('utf8')
      .split('\r\n');
    expect(lines[0]).toBe('\uFEFFid,name,email,role,createdAt');

    const refused = await call('/exports/users?month=2026-12&include=deleted', { token });
    expect(refused.status).toBe(EXPORT_DENIED.status);
    expect(await refused.json()).toEqual({
      message: EXPORT_DENIED.message,
      code: EXPORT_DENIED.code,
    });
    expect((await call('/exports/users?month=2026-13', { token })).status).toBe(422);
  });

  it('moves a job from queued through running to done', async () => {
    const { accessToken: token } = await login();
    const started = jobSchema.parse(
      await (await call('/jobs', { method: 'POST', token, body: '{"kind":"export"}' })).json(),
    );
    expect(started.state).toBe('queued');
    const states = new Set<string>();
    for (let i = 0; i < 40 && !states.has('done'); i++) {
      const job = jobSchema.parse(await (await call(`/jobs/${started.id}`, { token })).json());
      states.add(job.state);
      await new Promise((done) => setTimeout(done, 50));
    }
    expect([...states]).toEqual(expect.arrayContaining(['running', 'done']));
  });

  it('holds a long poll until an event, answers an empty batch at the timeout, resumes by cursor', async () => {
    // A quiet server: no background events, so only what this test does shows up in the feed.
    const quiet = await startDemoServer({
      port: 0,
      log: false,
      feedIntervalMs: 60_000,
      longPollTimeoutMs: 300,
    });
    try {
      const get = async (path: string, token: string) => {
        const res = await fetch(`${quiet.url}/api${path}`, {
          headers: { Authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(5_000),
        });
        return feedBatchSchema.parse(await res.json());
      };
      const login = await fetch(`${quiet.url}/api/auth/login`, {
        method: 'POST',
        body: JSON.stringify({ username: 'demo', password: 'demo' }),
      });
      const { accessToken: token } = tokensSchema.parse(await login.json());
      const first = await get('/feed', token);
      expect(first.events).toHaveLength(3);

      const started = Date.now();
      expect(await get(`/feed?cursor=${first.cursor}`, token)).toEqual({
        cursor: first.cursor,
        events: [],
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);

      const held = get(`/feed?cursor=${first.cursor}`, token);
      await new Promise((done) => setTimeout(done, 50));
      await fetch(`${quiet.url}/api/users`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Grace Hopper', email: 'grace@example.com' }),
      });
      const batch = await held;
      expect(batch.events.map((e) => e.type)).toEqual(['user.created']);
      expect(batch.cursor).toBe(String(Number(first.cursor) + 1));
      // A cursor from before a restart (ahead of this server's log) starts from the oldest event.
      expect((await get('/feed?cursor=999', token)).events).toHaveLength(4);
    } finally {
      await quiet.close();
    }
  });

  it('streams SSE with ids and retry, and resumes after Last-Event-ID', async () => {
    const { accessToken: token } = await login();
    expect((await call('/events')).status).toBe(401);
    const read = async (headers: Record<string, string>, count: number) => {
      const res = await call('/events', { token, headers });
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = '';
      while ((text.match(/^id: /gm) ?? []).length < count) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      await reader.cancel();
      return text;
    };
    const text = await read({}, 3);
    expect(text).toMatch(/^retry: \d+$/m);
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids).toEqual([ids[0], (ids[0] ?? 0) + 1, (ids[0] ?? 0) + 2]);
    expect(text).toMatch(/^event: tick\ndata: \{"symbol":"KIT"/m);

    const resumed = await read({ 'Last-Event-ID': String(ids[0]) }, 1);
    expect(resumed).toMatch(new RegExp(`^id: ${(ids[0] ?? 0) + 1}$`, 'm'));
  });

  it('streams text in chunks over time', async () => {
    const res = await call('/stream?delay=50');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let chunks = 0;
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
      chunks += 1;
    }
    expect(chunks).toBeGreaterThanOrEqual(5);
  });

  it('echoes chat on the socket and answers ping with pong', async () => {
    const ws = new WebSocket(`${api.url.replace('http', 'ws')}/api/socket`);
    const received: unknown[] = [];
    let arrived = () => {};
    ws.on('message', (raw) => {
      received.push(JSON.parse(String(raw)));
      arrived();
    });
    const got = (n: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${received.length} messages`)),
          5_000,
        );
        arrived = () => {
          if (received.length < n) return;
          clearTimeout(timer);
          resolve();
        };
        arrived();
      });
    await got(1);
    ws.send(JSON.stringify({ name: 'chat', data: [{ from: 'you', text: 'hi' }] }));
    ws.send(JSON.stringify({ name: 'ping', data: [] }));
    await got(3);
    // Counted while open, and no longer once closed (tests wait for none before closing a browser).
    expect(api.sockets()).toBe(1);
    await new Promise((resolve) => {
      ws.once('close', resolve);
      ws.close();
    });
    for (let i = 0; i < 20 && api.sockets() > 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(api.sockets()).toBe(0);
    expect(received).toEqual([
      { name: 'chat', data: [{ from: 'server', text: 'Connected. Say something!' }] },
      { name: 'chat', data: [{ from: 'server', text: 'echo: hi' }] },
      { name: 'pong', data: [] },
    ]);
  });

  it('fails on purpose: 404, 500, a business code, malformed JSON, a slow answer', async () => {
    expect((await call('/fail/404')).status).toBe(404);
    expect((await call('/fail/500')).status).toBe(500);
    expect(await (await call('/fail/business')).json()).toMatchObject({ code: 40013, data: null });
    const malformed = await call('/fail/malformed');
    expect(malformed.status).toBe(200);
    expect(await malformed.text()).toBe('{"id": 1, "name": "Ada", ');
    const started = Date.now();
    expect(await (await call('/slow?ms=300')).json()).toEqual({ tookMs: 300 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('logs one line per request', () => {
    expect(lines.some((line) => / GET \/api\/fail\/404 404 \d+ms$/.test(line))).toBe(true);
  });

  it('rejects with EADDRINUSE when the port is taken', async () => {
    await expect(startDemoServer({ port: api.port, log: false })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
  });
});
