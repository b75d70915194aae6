import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type Ctx, clientGone, HttpFailure, readJson, sendJson, wait } from './respond';
import type { DemoState, JobRecord, UserRecord } from './state';

/** One entry of the route table: a method, a path pattern with `:name` captures, a handler. */
export interface Route {
  method: string;
  path: string;
  handler(ctx: Ctx): Promise<void> | void;
}

const ROLES = ['admin', 'member', 'viewer'] as const;

function jobView(job: JobRecord, durationMs: number) {
  const elapsed = Date.now() - job.createdAt;
  const queuedFor = Math.min(1_000, durationMs / 4);
  const base = { id: job.id, createdAt: new Date(job.createdAt).toISOString() };
  if (elapsed < queuedFor) return { ...base, state: 'queued' as const, progress: 0 };
  if (elapsed < durationMs) {
    const progress = Math.round(((elapsed - queuedFor) / (durationMs - queuedFor)) * 100);
    if (job.fail && progress >= 50) return { ...base, state: 'failed' as const, progress: 50 };
    return { ...base, state: 'running' as const, progress: Math.min(99, progress) };
  }
  if (job.fail) return { ...base, state: 'failed' as const, progress: 50 };
  return { ...base, state: 'done' as const, progress: 100 };
}

function userInput(body: unknown, partial: boolean): Partial<Omit<UserRecord, 'id' | 'createdAt'>> {
  if (typeof body !== 'object' || body === null)
    throw new HttpFailure(400, 'Expected a JSON object');
  const { name, email, role } = body as Record<string, unknown>;
  const issues: string[] = [];
  if (!(partial && name === undefined) && (typeof name !== 'string' || name.trim() === '')) {
    issues.push('name is required');
  }
  if (
    !(partial && email === undefined) &&
    (typeof email !== 'string' || !/^\S+@\S+\.\S+$/.test(email))
  ) {
    issues.push('email is not valid');
  }
  if (role !== undefined && !ROLES.includes(role as (typeof ROLES)[number])) {
    issues.push('role is not valid');
  }
  if (issues.length > 0) throw new HttpFailure(422, issues.join('; '), { issues });
  return {
    ...(name === undefined ? {} : { name: (name as string).trim() }),
    ...(email === undefined ? {} : { email: email as string }),
    ...(role === undefined ? {} : { role: role as UserRecord['role'] }),
  };
}

function intParam(value: string | null, fallback: number, min: number, max: number): number {
  if (value === null || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new HttpFailure(400, `Expected an integer between ${min} and ${max}, got "${value}"`);
  }
  return n;
}

/** Start a `text/event-stream` (or chunked text) response that proxies must not buffer. */
function startStream(res: ServerResponse, contentType: string) {
  res.writeHead(200, {
    'Content-Type': contentType,
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
}

const STORY = [
  'The kit turns one axios instance into a request layer: ',
  'a token that refreshes itself once for a burst of 401s, ',
  'a loading bar that waits 200 ms before it shows, ',
  'errors that always arrive as ApiError with a kind you can switch on, ',
  'zod schemas at the edge so the page never sees a malformed user, ',
  'polling that never overlaps, long-polling that never loses an event, ',
  'and streams like this one, handed to you chunk by chunk as the server writes them.',
];

export function createRoutes(state: DemoState): Route[] {
  const { options } = state;
  const findUser = (ctx: Ctx) => {
    const user = state.users.get(Number(ctx.params.id));
    if (!user) throw new HttpFailure(404, `User ${ctx.params.id} does not exist`);
    return user;
  };

  return [
    { method: 'GET', path: '/api/health', handler: ({ res }) => sendJson(res, 200, { ok: true }) },

    // ── auth ────────────────────────────────────────────────────────────────
    {
      method: 'POST',
      path: '/api/auth/login',
      async handler({ req, res }) {
        const body = (await readJson(req)) as
          | { username?: unknown; password?: unknown }
          | undefined;
        if (body?.username !== 'demo' || body.password !== 'demo') {
          throw new HttpFailure(401, 'Wrong user name or password (use demo / demo)');
        }
        sendJson(res, 200, state.issueTokens(1));
      },
    },
    {
      method: 'POST',
      path: '/api/auth/refresh',
      async handler({ req, res }) {
        const body = (await readJson(req)) as { refreshToken?: unknown } | undefined;
        const token = typeof body?.refreshToken === 'string' ? body.refreshToken : '';
        const userId = state.userForRefresh(token);
        if (userId === undefined) throw new HttpFailure(401, 'Refresh token is not valid');
        // The refresh token is rotated: the old one stops working once a new one is issued.
        state.revokeRefresh(token);
        sendJson(res, 200, state.issueTokens(userId));
      },
    },
    {
      method: 'POST',
      path: '/api/auth/expire',
      handler(ctx) {
        state.requireUser(ctx);
        state.expire(state.bearer(ctx) as string);
        ctx.res.writeHead(204).end();
      },
    },
    {
      method: 'GET',
      path: '/api/auth/me',
      handler(ctx) {
        const user = state.users.get(state.requireUser(ctx));
        if (!user) throw new HttpFailure(404, 'The signed-in user was deleted');
        sendJson(ctx.res, 200, user);
      },
    },

    // ── users ───────────────────────────────────────────────────────────────
    {
      method: 'GET',
      path: '/api/users',
      handler(ctx) {
        state.requireUser(ctx);
        const page = intParam(ctx.url.searchParams.get('page'), 1, 1, 10_000);
        const pageSize = intParam(ctx.url.searchParams.get('pageSize'), 10, 1, 100);
        const q = (ctx.url.searchParams.get('q') ?? '').trim().toLowerCase();
        const role = ctx.url.searchParams.get('role');
        const all = [...state.users.values()].filter(
          (u) =>
            (q === '' || u.name.toLowerCase().includes(q) || u.email.includes(q)) &&
            (!role || u.role === role),
        );
        const items = all.slice((page - 1) * pageSize, page * pageSize);
        sendJson(ctx.res, 200, { items, total: all.length, page, pageSize });
      },
    },
    {
      method: 'GET',
      path: '/api/users/:id',
      handler(ctx) {
        state.requireUser(ctx);
        sendJson(ctx.res, 200, findUser(ctx));
      },
    },
    {
      method: 'POST',
      path: '/api/users',
      async handler(ctx) {
        state.requireUser(ctx);
        const input = userInput(await readJson(ctx.req), false);
        const user = state.addUser({
          name: input.name as string,
          email: input.email as string,
          role: input.role ?? 'member',
          createdAt: new Date().toISOString(),
        });
        sendJson(ctx.res, 201, user);
      },
    },
    ...(['PUT', 'PATCH'] as const).map(
      (method): Route => ({
        method,
        path: '/api/users/:id',
        async handler(ctx) {
          state.requireUser(ctx);
          const user = findUser(ctx);
          const input = userInput(await readJson(ctx.req), method === 'PATCH');
          Object.assign(user, input);
          sendJson(ctx.res, 200, user);
        },
      }),
    ),
    {
      method: 'DELETE',
      path: '/api/users/:id',
      handler(ctx) {
        state.requireUser(ctx);
        state.users.delete(findUser(ctx).id);
        ctx.res.writeHead(204).end();
      },
    },

    // ── jobs (polled) ───────────────────────────────────────────────────────
    {
      method: 'POST',
      path: '/api/jobs',
      async handler(ctx) {
        state.requireUser(ctx);
        const body = (await readJson(ctx.req)) as { fail?: unknown } | undefined;
        const job = {
          id: `job_${randomBytes(4).toString('hex')}`,
          createdAt: Date.now(),
          fail: body?.fail === true,
        };
        state.jobs.set(job.id, job);
        sendJson(ctx.res, 201, jobView(job, options.jobDurationMs));
      },
    },
    {
      method: 'GET',
      path: '/api/jobs/:id',
      handler(ctx) {
        state.requireUser(ctx);
        const job = state.jobs.get(ctx.params.id as string);
        if (!job) throw new HttpFailure(404, `Job ${ctx.params.id} does not exist`);
        sendJson(ctx.res, 200, jobView(job, options.jobDurationMs));
      },
    },

    // ── feed (long-polled) ──────────────────────────────────────────────────
    {
      method: 'GET',
      path: '/api/feed',
      async handler(ctx) {
        state.requireUser(ctx);
        const cursor = intParam(ctx.url.searchParams.get('cursor'), 0, 0, Number.MAX_SAFE_INTEGER);
        const gone = clientGone(ctx.req, ctx.res);
        // Held open until something newer than the cursor exists, the timeout, or the client leaves.
        if (state.feed.after(cursor).length === 0) {
          const controller = new AbortController();
          const unsubscribe = state.feed.subscribe(() => controller.abort());
          gone.addEventListener('abort', () => controller.abort(), { once: true });
          await wait(options.longPollTimeoutMs, controller.signal);
          unsubscribe();
        }
        if (gone.aborted) return;
        const events = state.feed.after(cursor, 50).map(({ id, value }) => ({ id, ...value }));
        sendJson(ctx.res, 200, { cursor: events.at(-1)?.id ?? cursor, events });
      },
    },

    // ── SSE ticker ──────────────────────────────────────────────────────────
    {
      method: 'GET',
      path: '/api/events',
      async handler(ctx) {
        state.requireUser(ctx);
        const { req, res } = ctx;
        const lastId = Number(
          req.headers['last-event-id'] ?? ctx.url.searchParams.get('lastEventId') ?? '',
        );
        let sent = Number.isInteger(lastId) && lastId > 0 ? lastId : state.ticks.lastId;
        startStream(res, 'text/event-stream; charset=utf-8');
        res.write(`retry: 2000\n: connected, resuming after id ${sent}\n\n`);
        const flush = () => {
          for (const { id, value } of state.ticks.after(sent)) {
            res.write(`id: ${id}\nevent: tick\ndata: ${JSON.stringify(value)}\n\n`);
            sent = id;
          }
        };
        flush();
        const unsubscribe = state.ticks.subscribe(flush);
        // The server ends the stream now and then, as real proxies do: the client resumes by Last-Event-ID.
        await wait(options.sseDropAfterMs, clientGone(req, res));
        unsubscribe();
        res.end();
      },
    },

    // ── chunked text ────────────────────────────────────────────────────────
    {
      method: 'GET',
      path: '/api/stream',
      async handler({ req, res, url }) {
        const delay = intParam(url.searchParams.get('delay'), 350, 0, 5_000);
        const gone = clientGone(req, res);
        startStream(res, 'text/plain; charset=utf-8');
        for (const sentence of STORY) {
          if (gone.aborted) return;
          res.write(sentence);
          await wait(delay, gone);
        }
        res.end();
      },
    },

    // ── failures on purpose ─────────────────────────────────────────────────
    {
      method: 'GET',
      path: '/api/fail/404',
      handler() {
        throw new HttpFailure(404, 'There is nothing here (on purpose)');
      },
    },
    {
      method: 'GET',
      path: '/api/fail/500',
      handler() {
        throw new HttpFailure(500, 'The server broke (on purpose)');
      },
    },
    {
      method: 'GET',
      path: '/api/fail/business',
      handler({ res }) {
        // A 200 whose envelope carries a non-zero business code: the kit's 'business' kind.
        sendJson(res, 200, {
          code: 40_013,
          data: null,
          message: 'Your plan does not include exports.',
        });
      },
    },
    {
      method: 'GET',
      path: '/api/fail/envelope-ok',
      handler({ res }) {
        sendJson(res, 200, { code: 0, data: { exported: 3 }, message: 'ok' });
      },
    },
    {
      method: 'GET',
      path: '/api/fail/malformed',
      handler({ res }) {
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end('{"id": 1, "name": "Ada", ');
      },
    },
    {
      method: 'GET',
      path: '/api/slow',
      async handler({ req, res, url }) {
        const ms = intParam(url.searchParams.get('ms'), options.slowMs, 0, 30_000);
        const gone = clientGone(req, res);
        await wait(ms, gone);
        if (gone.aborted) return;
        sendJson(res, 200, { tookMs: ms });
      },
    },
  ];
}
