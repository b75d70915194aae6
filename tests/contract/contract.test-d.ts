// DESIGN.md's signatures as types: what a new user's code must compile, and what must not.
import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import {
  authApi,
  defineEndpoint,
  type Endpoint,
  feedApi,
  jobApi,
  type User,
  userApi,
} from '../../src/api';
import { longPoll, type Poller, type PollTimeoutError, poll, pollUntil } from '../../src/polling';
import {
  createSocket,
  type EventStream,
  openEventStream,
  type Socket,
  streamText,
} from '../../src/realtime';
import {
  type ApiError,
  createHttp,
  type Http,
  http,
  isApiError,
  type SessionOrigin,
} from '../../src/request';

describe('src/request', () => {
  it('createHttp(options?) gives an Http: AxiosInstance & { cancelAll(reason?): number; readonly pending }', () => {
    const client: Http = createHttp();
    expectTypeOf(client.cancelAll).toEqualTypeOf<(reason?: string) => number>();
    expectTypeOf(client.pending).toEqualTypeOf<number>();
    // @ts-expect-error pending is read-only
    client.pending = 1;
    expectTypeOf(http).toEqualTypeOf<Http>();
    expectTypeOf(client.report).parameter(0).toEqualTypeOf<ApiError>();
  });

  it('per-request options are on AxiosRequestConfig', () => {
    http.get('/x', {
      withToken: false,
      loading: false,
      dedupe: true,
      retry: 3,
      raw: true,
      silent: true,
    });
    http.get('/x', { retry: false });
    // @ts-expect-error retry is a number or false
    http.get('/x', { retry: true });
  });

  it('HttpOptions take the documented shapes', () => {
    createHttp({
      baseURL: '/api',
      timeout: 1000,
      headers: { 'X-App': 'demo' },
      auth: {
        getToken: async () => null,
        refresh: async () => 'token',
        onExpired: (error) => expectTypeOf(error).toEqualTypeOf<ApiError>(),
        header: 'Authorization',
        scheme: 'Bearer',
      },
      loading: { delay: 100, start: () => {}, done: () => {} },
      envelope: { code: 'code', data: 'data', message: 'message', isOk: (code) => code === 200 },
      messages: { 404: 'Not here', network: 'Offline', timeout: 'Slow' },
      retry: { retries: 1 },
      onError: (error) => expectTypeOf(error.kind).toEqualTypeOf<ApiError['kind']>(),
    });
    createHttp({ loading: false, envelope: false, retry: false });
  });

  it('session.onChange tells the token and where the change came from', () => {
    expectTypeOf<SessionOrigin>().toEqualTypeOf<'local' | 'remote'>();
    // A listener that reads only the token still fits.
    const off = http.session.onChange((token) =>
      expectTypeOf(token).toEqualTypeOf<string | null>(),
    );
    expectTypeOf(off).toEqualTypeOf<() => void>();
    http.session.onChange((_token, origin) => expectTypeOf(origin).toEqualTypeOf<SessionOrigin>());
  });

  it('isApiError narrows', () => {
    const error: unknown = undefined;
    if (isApiError(error)) {
      expectTypeOf(error.kind).toEqualTypeOf<
        'http' | 'business' | 'network' | 'timeout' | 'canceled' | 'validation'
      >();
      expectTypeOf(error.status).toEqualTypeOf<number | undefined>();
      expectTypeOf(error.method).toEqualTypeOf<string>();
      expectTypeOf(error.url).toEqualTypeOf<string>();
    }
  });
});

describe('defineEndpoint: In and Out', () => {
  it('no schema but response: the whole argument is optional, and no part may be passed', () => {
    const ping = defineEndpoint({
      method: 'GET',
      path: '/ping',
      response: z.object({ ok: z.boolean() }),
    });
    ping();
    ping({});
    ping(undefined, { signal: new AbortController().signal });
    // @ts-expect-error no body schema: no body
    ping({ body: { a: 1 } });
    expectTypeOf(ping).returns.resolves.toEqualTypeOf<{ ok: boolean }>();
  });

  it('a key is required exactly when its schema is given', () => {
    const update = defineEndpoint({
      method: 'PUT',
      path: '/items/:id',
      params: z.object({ id: z.string() }),
      body: z.object({ name: z.string() }),
      response: z.object({ at: z.iso.datetime().transform((s) => new Date(s)) }),
    });
    update({ params: { id: 'a' }, body: { name: 'n' } });
    // @ts-expect-error the argument is required
    update();
    // @ts-expect-error body is required
    update({ params: { id: 'a' } });
    // @ts-expect-error params is required
    update({ body: { name: 'n' } });
    // @ts-expect-error wrong type in body
    update({ params: { id: 'a' }, body: { name: 1 } });
    // @ts-expect-error no query schema: no query
    update({ params: { id: 'a' }, body: { name: 'n' }, query: { x: 1 } });
    // Out is the response schema's parsed output.
    expectTypeOf(update).returns.resolves.toEqualTypeOf<{ at: Date }>();
  });

  it('fits Endpoint<In, Out>', () => {
    const get = defineEndpoint({
      method: 'GET',
      path: '/items/:id',
      params: z.object({ id: z.string() }),
      response: z.object({ id: z.string() }),
    });
    const asDesigned: Endpoint<{ params: { id: string } }, { id: string }> = get;
    expectTypeOf(asDesigned).returns.resolves.toEqualTypeOf<{ id: string }>();
  });
});

describe('the domain modules', () => {
  it('authApi', () => {
    expectTypeOf(authApi.login).parameter(0).toExtend<{
      body: { username: string; password: string };
    }>();
    expectTypeOf(authApi.login).returns.resolves.toExtend<{
      accessToken: string;
      refreshToken: string;
    }>();
    expectTypeOf(authApi.refresh).returns.resolves.toExtend<{
      accessToken: string;
      refreshToken: string;
    }>();
    authApi.refresh({ body: { refreshToken: 'r' } });
    expectTypeOf(authApi.me).returns.resolves.toEqualTypeOf<User>();
    authApi.me();
  });

  it('userApi, jobApi, feedApi', () => {
    userApi.list();
    userApi.get({ params: { id: 'u1' } });
    userApi.create({ body: { name: 'Ann', email: 'ann@example.com' } });
    userApi.update({ params: { id: 'u1' }, body: { name: 'A' } });
    userApi.remove({ params: { id: 'u1' } });
    expectTypeOf(userApi.remove).returns.resolves.toEqualTypeOf<void>();
    jobApi.start({ body: { kind: 'export' } });
    jobApi.status({ params: { id: 'j1' } });
    feedApi.since();
    feedApi.since('cursor-1');
    feedApi.since({ query: { cursor: 'cursor-1' } });
    expectTypeOf(feedApi.since('c')).resolves.toHaveProperty('cursor').toEqualTypeOf<string>();
  });
});

describe('src/polling', () => {
  it('pollUntil infers T and resolves with it', () => {
    const p = pollUntil(async ({ attempt, signal }) => ({ attempt, aborted: signal.aborted }), {
      until: (value) => value.attempt > 2,
      interval: (attempt) => attempt * 100,
      timeout: 1000,
      signal: new AbortController().signal,
      retries: 1,
    });
    expectTypeOf(p).resolves.toEqualTypeOf<{ attempt: number; aborted: boolean }>();
    // @ts-expect-error until is required
    pollUntil(async () => 1, {});
  });

  it('poll and longPoll return a Poller', () => {
    const a = poll(async () => 1, {
      interval: 1000,
      onValue: (value) => expectTypeOf(value).toEqualTypeOf<number>(),
      onError: () => {},
      pauseWhenHidden: true,
    });
    const b = longPoll(async (cursor: number | undefined, signal) => ({ cursor, signal }), {
      cursor: (value) => (value.cursor ?? 0) + 1,
      onValue: () => {},
      backoff: { min: 10, max: 100 },
    });
    expectTypeOf(a).toEqualTypeOf<Poller>();
    expectTypeOf(b).toEqualTypeOf<Poller>();
    // The feed as DESIGN.md pairs them: longPoll over feedApi.since(cursor).
    longPoll((cursor, signal) => feedApi.since(cursor, { signal }), {
      cursor: (batch) => batch.cursor,
      onValue: (batch) => expectTypeOf(batch.events).toBeArray(),
    });
    expectTypeOf<Poller['done']>().toEqualTypeOf<Promise<void>>();
    expectTypeOf<PollTimeoutError<number>['lastValue']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<PollTimeoutError['attempts']>().toEqualTypeOf<number>();
  });
});

describe('src/realtime', () => {
  it('openEventStream: raw string data, or the schema output', () => {
    const raw = openEventStream('/events', {
      onEvent: (event) => {
        expectTypeOf(event.data).toEqualTypeOf<string>();
        expectTypeOf(event.event).toEqualTypeOf<string>();
        expectTypeOf(event.id).toEqualTypeOf<string | undefined>();
      },
    });
    expectTypeOf(raw).toEqualTypeOf<EventStream>();
    expectTypeOf(raw.lastEventId).toEqualTypeOf<string | undefined>();
    openEventStream('/events', {
      http,
      schema: z.object({ n: z.coerce.number() }),
      onEvent: ({ data }) => expectTypeOf(data).toEqualTypeOf<{ n: number }>(),
      lastEventId: '5',
      signal: new AbortController().signal,
      onError: (error) => expectTypeOf(error).toEqualTypeOf<ApiError>(),
    });
  });

  it('streamText(config, { http?, onChunk, signal? }) resolves with the text', () => {
    expectTypeOf(
      streamText(
        { url: '/chat', method: 'POST' },
        { http, onChunk: (text: string) => text.length },
      ),
    ).toEqualTypeOf<Promise<string>>();
  });

  it('createSocket: emit and on typed from the events map', () => {
    const socket = createSocket(() => 'ws://x', {
      events: { chat: z.tuple([z.string(), z.number()]) },
      reconnect: { retries: 3 },
      heartbeat: { interval: 1000 },
    });
    socket.emit('chat', 'hi', 1);
    // @ts-expect-error wrong argument type
    socket.emit('chat', 1, 'hi');
    const off = socket.on('chat', (text, at) => {
      expectTypeOf(text).toEqualTypeOf<string>();
      expectTypeOf(at).toEqualTypeOf<number>();
    });
    expectTypeOf(off).toEqualTypeOf<() => void>();
    expectTypeOf(socket.connected).toEqualTypeOf<boolean>();
    socket.close();
    expectTypeOf(createSocket('ws://x')).toEqualTypeOf<Socket>();
  });
});
