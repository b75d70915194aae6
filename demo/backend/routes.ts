import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  createUserBodySchema,
  feedBatchSchema,
  feedQuerySchema,
  type JobJson,
  jobSchema,
  listUsersQuerySchema,
  startJobBodySchema,
  tokensSchema,
  updateUserBodySchema,
  userPageSchema,
  userSchema,
} from '../../src/api';
import { assistantRoutes } from './assistant';
import { fileRoutes } from './files';
import { demoOpenApiDocument } from './openapi';
import { type Ctx, clientGone, HttpFailure, parseInput, readJson, sendJson, wait } from './respond';
import type { DemoState, JobRecord } from './state';

/** One entry of the route table: a method, a path pattern with `:name` captures, a handler. */
export interface Route {
  method: string;
  path: string;
  handler(ctx: Ctx): Promise<void> | void;
}

function jobView(job: JobRecord, durationMs: number): JobJson {
  const elapsed = Date.now() - job.createdAt;
  const queuedFor = Math.min(1_000, durationMs / 4);
  const iso = (ms: number) => new Date(job.createdAt + ms).toISOString();
  const base = { id: job.id, kind: job.kind, createdAt: iso(0) };
  if (elapsed < queuedFor) return { ...base, state: 'queued', progress: 0, updatedAt: iso(0) };
  const progress = Math.min(
    100,
    Math.round(((elapsed - queuedFor) / (durationMs - queuedFor)) * 100),
  );
  if (job.fail && progress >= 50) {
    const error = 'The import stopped halfway: row 512 is not valid (on purpose)';
    return { ...base, state: 'failed', progress: 50, updatedAt: iso(durationMs / 2), error };
  }
  if (progress < 100) return { ...base, state: 'running', progress, updatedAt: iso(elapsed) };
  const result = { url: `/api/jobs/${job.id}/result.csv`, rows: 1_024 };
  return { ...base, state: 'done', progress: 100, updatedAt: iso(durationMs), result };
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
    // Without it Chromium holds back the first 1 kB of a text response to sniff its type,
    // so a short stream would arrive in one piece.
    'X-Content-Type-Options': 'nosniff',
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
    const user = state.users.get(ctx.params.id as string);
    if (!user) throw new HttpFailure(404, `User ${ctx.params.id} does not exist`);
    return user;
  };

  return [
    { method: 'GET', path: '/api/health', handler: ({ res }) => sendJson(res, 200, { ok: true }) },
    // This backend described as OpenAPI 3.1 (demo/backend/openapi.ts), for `npm run gen:openapi`.
    {
      method: 'GET',
      path: '/api/openapi.json',
      handler: ({ res }) => sendJson(res, 200, demoOpenApiDocument()),
    },

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
        sendJson(res, 200, state.sessions.signIn('usr_1'), tokensSchema);
      },
    },
    {
      method: 'POST',
      path: '/api/auth/refresh',
      async handler({ req, res }) {
        const body = (await readJson(req)) as { refreshToken?: unknown } | undefined;
        const token = typeof body?.refreshToken === 'string' ? body.refreshToken : '';
        if (options.refreshDelayMs > 0) await wait(options.refreshDelayMs, clientGone(req, res));
        // Rotated, with reuse detection: a refresh token works once; used again, it revokes the session.
        const tokens = state.sessions.rotate(token);
        if (tokens === 'reused') {
          throw new HttpFailure(401, 'Refresh token reused: the session is revoked');
        }
        if (tokens === 'unknown') throw new HttpFailure(401, 'Refresh token is not valid');
        sendJson(res, 200, tokens, tokensSchema);
      },
    },
    {
      // Demo only: expire the caller's access token now, to watch a refresh without waiting.
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
        sendJson(ctx.res, 200, user, userSchema);
      },
    },

    // ── users ───────────────────────────────────────────────────────────────
    {
      method: 'GET',
      path: '/api/users',
      handler(ctx) {
        state.requireUser(ctx);
        const query = parseInput(listUsersQuerySchema, Object.fromEntries(ctx.url.searchParams));
        const search = query.search?.toLowerCase() ?? '';
        const all = [...state.users.values()].filter(
          (u) =>
            (u.name.toLowerCase().includes(search) || u.email.includes(search)) &&
            (!query.role || u.role === query.role),
        );
        const { page, pageSize } = query;
        const items = all.slice((page - 1) * pageSize, page * pageSize);
        sendJson(ctx.res, 200, { items, total: all.length, page, pageSize }, userPageSchema);
      },
    },
    {
      method: 'GET',
      path: '/api/users/:id',
      handler(ctx) {
        state.requireUser(ctx);
        sendJson(ctx.res, 200, findUser(ctx), userSchema);
      },
    },
    {
      method: 'POST',
      path: '/api/users',
      async handler(ctx) {
        state.requireUser(ctx);
        const input = parseInput(createUserBodySchema, await readJson(ctx.req));
        const user = state.addUser({ ...input, createdAt: new Date().toISOString() });
        state.publish('user.created', { ...user });
        sendJson(ctx.res, 201, user, userSchema);
      },
    },
    ...(['PUT', 'PATCH'] as const).map(
      (method): Route => ({
        method,
        path: '/api/users/:id',
        async handler(ctx) {
          state.requireUser(ctx);
          const user = findUser(ctx);
          const patch = parseInput(updateUserBodySchema, await readJson(ctx.req));
          const owner = [...state.users.values()].find(
            (other) => other.id !== user.id && other.email === patch.email,
          );
          // A conflict only the server can see: its message says what, the page shows it.
          if (owner) throw new HttpFailure(409, `${owner.email} is already used by ${owner.name}`);
          for (const [key, value] of Object.entries(patch)) {
            if (value !== undefined) Object.assign(user, { [key]: value });
          }
          state.publish('user.updated', { ...user });
          sendJson(ctx.res, 200, user, userSchema);
        },
      }),
    ),
    {
      method: 'DELETE',
      path: '/api/users/:id',
      handler(ctx) {
        state.requireUser(ctx);
        const user = findUser(ctx);
        state.users.delete(user.id);
        state.publish('user.deleted', { id: user.id, name: user.name });
        ctx.res.writeHead(204).end();
      },
    },

    // ── jobs (polled) ───────────────────────────────────────────────────────
    {
      method: 'POST',
      path: '/api/jobs',
      async handler(ctx) {
        state.requireUser(ctx);
        const body = parseInput(startJobBodySchema, await readJson(ctx.req));
        const id = `job_${randomBytes(4).toString('hex')}`;
        const job = {
          id,
          kind: body.kind,
          createdAt: Date.now(),
          fail: body.options.fail === true,
        };
        state.jobs.set(job.id, job);
        state.publish('job.updated', { id, kind: job.kind, state: 'queued' });
        sendJson(ctx.res, 201, jobView(job, options.jobDurationMs), jobSchema);
      },
    },
    {
      method: 'GET',
      path: '/api/jobs/:id',
      handler(ctx) {
        state.requireUser(ctx);
        const job = state.jobs.get(ctx.params.id as string);
        if (!job) throw new HttpFailure(404, `Job ${ctx.params.id} does not exist`);
        sendJson(ctx.res, 200, jobView(job, options.jobDurationMs), jobSchema);
      },
    },

    // ── feed (long-polled) ──────────────────────────────────────────────────
    {
      method: 'GET',
      path: '/api/feed',
      async handler(ctx) {
        state.requireUser(ctx);
        const query = parseInput(feedQuerySchema, Object.fromEntries(ctx.url.searchParams));
        // The cursor is the number of the last event delivered; none means "from the oldest kept".
        const asked = query.cursor === undefined ? 0 : Number(query.cursor);
        if (!Number.isSafeInteger(asked) || asked < 0) {
          throw new HttpFailure(400, `Not a feed cursor: "${query.cursor}"`);
        }
        // A cursor from before a server restart (ahead of this log) starts from the oldest event.
        const cursor = asked > state.feed.lastId ? 0 : asked;
        const holdMs =
          query.wait === undefined
            ? options.longPollTimeoutMs
            : Math.min(query.wait * 1000, options.longPollTimeoutMs);
        const gone = clientGone(ctx.req, ctx.res);
        // Held open until something newer than the cursor exists, the timeout, or the client leaves.
        if (state.feed.after(cursor).length === 0 && holdMs > 0) {
          const controller = new AbortController();
          const unsubscribe = state.feed.subscribe(() => controller.abort());
          gone.addEventListener('abort', () => controller.abort(), { once: true });
          await wait(holdMs, controller.signal);
          unsubscribe();
        }
        if (gone.aborted) return;
        const batch = state.feed.after(cursor, 50);
        const events = batch.map(({ id, value }) => ({ id: `evt_${id}`, ...value }));
        const next = String(batch.at(-1)?.id ?? cursor);
        sendJson(ctx.res, 200, { cursor: next, events }, feedBatchSchema);
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
        // Resume after the client's last id; an id this server never sent (it restarted) starts now.
        const known = Number.isInteger(lastId) && lastId > 0 && lastId <= state.ticks.lastId;
        let sent = known ? lastId : state.ticks.lastId;
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

    // ── AI chat (a POST answered as SSE, demo/backend/assistant.ts) ─────────
    ...assistantRoutes(state),
    ...fileRoutes(state),

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
