import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { openEventStream, type ServerEvent } from '../../src/realtime';
import { ApiError, activeTimerCount, createHttp, enMessages } from '../../src/request';
import { useServer } from './helpers/use-server';
import { sseHead, waitFor } from './realtime-server';

const fast = { min: 10, max: 50 };
const serve = useServer();

describe('openEventStream', () => {
  it('resumes with Last-Event-ID across two drops, keeping the id over id-less events', async () => {
    const s = await serve((_req, res, index) => {
      sseHead(res);
      if (index === 0) {
        res.write('id: 1\ndata: a\n\nid: 2\ndata: b\n\n');
        // A dropped connection: the socket dies without the response ending.
        setTimeout(() => res.socket?.destroy(), 20);
      } else if (index === 1) {
        res.write('id: 3\ndata: c\n\ndata: no-id\n\n');
        setTimeout(() => res.end(), 20);
      } else {
        res.write('id: 4\ndata: d\n\n');
      }
    });
    const events: ServerEvent[] = [];
    const stream = openEventStream('/events', {
      http: createHttp({ baseURL: s.baseURL }),
      reconnect: fast,
      onEvent: (event) => events.push(event),
    });
    await waitFor(() => events.length === 5);
    expect(events.map((e) => [e.id, e.event, e.data])).toEqual([
      ['1', 'message', 'a'],
      ['2', 'message', 'b'],
      ['3', 'message', 'c'],
      [undefined, 'message', 'no-id'],
      ['4', 'message', 'd'],
    ]);
    expect(s.seen.map((r) => r.headers['last-event-id'])).toEqual([undefined, '2', '3']);
    expect(s.seen[0]?.headers.accept).toBe('text/event-stream');
    expect(s.seen[0]?.headers['cache-control']).toBe('no-cache');
    expect(stream.lastEventId).toBe('4');
    stream.close();
    await stream.done;
  });

  it('sends the lastEventId option on the first connection', async () => {
    const s = await serve((_req, res) => {
      sseHead(res);
      res.write('data: x\n\n');
    });
    const onEvent = vi.fn();
    const stream = openEventStream('/events', {
      http: createHttp({ baseURL: s.baseURL }),
      lastEventId: '41',
      onEvent,
    });
    await waitFor(() => onEvent.mock.calls.length === 1);
    expect(s.seen[0]?.headers['last-event-id']).toBe('41');
    expect(stream.lastEventId).toBe('41');
    stream.close();
    await stream.done;
  });

  it('parses CRLF line endings, multi-line data, a BOM, named events and comments', async () => {
    const s = await serve((_req, res) => {
      sseHead(res);
      // The BOM and a CRLF split across two writes must not break the parser.
      res.write(Buffer.from([0xef, 0xbb, 0xbf]));
      res.write(': comment\r\nevent: greet\r\ndata: line one\r\ndata: line two\r');
      setTimeout(() => res.write('\n\r\nid: 7\rdata: 中文 ok\r\r'), 20);
    });
    const events: ServerEvent[] = [];
    const stream = openEventStream('/events', {
      http: createHttp({ baseURL: s.baseURL }),
      onEvent: (event) => events.push(event),
    });
    await waitFor(() => events.length === 2);
    expect(events).toEqual([
      { id: undefined, event: 'greet', data: 'line one\nline two' },
      { id: '7', event: 'message', data: '中文 ok' },
    ]);
    stream.close();
    await stream.done;
  });

  it('sends an invalid event to onError and goes on with the next ones', async () => {
    const s = await serve((_req, res) => {
      sseHead(res);
      res.write('id: 1\ndata: {"n":1}\n\n');
      res.write('id: 2\ndata: {not json\n\n');
      res.write('id: 3\ndata: {"n":"three"}\n\n');
      res.write('id: 4\ndata: {"n":4}\n\n');
    });
    const values: number[] = [];
    const errors: ApiError[] = [];
    const stream = openEventStream('/events', {
      http: createHttp({ baseURL: s.baseURL }),
      schema: z.object({ n: z.number() }),
      onEvent: ({ data }) => values.push(data.n),
      onError: (error) => errors.push(error),
    });
    await waitFor(() => values.length === 2);
    expect(values).toEqual([1, 4]);
    expect(errors.map((e) => [e.kind, e.part])).toEqual([
      ['validation', 'response'],
      ['validation', 'response'],
    ]);
    expect(errors[0]?.response?.data).toBe('{not json');
    expect(errors[1]?.issues?.[0]?.path).toEqual(['n']);
    // An invalid event still moves the id on: it was delivered, only not accepted.
    expect(stream.lastEventId).toBe('4');
    expect(s.seen).toHaveLength(1);
    stream.close();
    await stream.done;
  });

  it.each([
    ['204', 204, undefined, 'http'],
    ['404', 404, 'application/json', 'http'],
    ['403', 403, 'text/plain', 'http'],
    ['a wrong content type', 200, 'text/html', 'validation'],
  ])('ends for good on %s with an ApiError', async (_name, status, type, kind) => {
    const s = await serve((_req, res) => {
      res.writeHead(status, type ? { 'Content-Type': type } : {});
      res.end(
        status === 204 ? undefined : type === 'application/json' ? '{"error":"gone"}' : '<p>',
      );
    });
    const onError = vi.fn();
    const onClose = vi.fn();
    const stream = openEventStream('/events', {
      http: createHttp({ baseURL: s.baseURL }),
      reconnect: fast,
      onEvent: () => undefined,
      onError,
      onClose,
    });
    const error = await stream.done.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind, status, method: 'GET' });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(error);
    expect(onClose).toHaveBeenCalledWith(error);
    if (status === 404) expect((error as ApiError).response?.data).toEqual({ error: 'gone' });
    // Give a wrong reconnect the time to show up.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(s.seen).toHaveLength(1);
    expect(activeTimerCount()).toBe(0);
  });

  it.each([
    ['the default rule', {}, 404, { message: '频道不存在' }, '频道不存在'],
    [
      'the default rule, msg',
      {},
      403,
      { code: 40301, msg: 'Subscribers only' },
      'Subscribers only',
    ],
    ['serverMessage: false', { serverMessage: false }, 404, { message: '频道不存在' }, undefined],
    [
      'a serverMessage rule',
      { serverMessage: (body: unknown) => (body as { error?: string }).error },
      404,
      { error: 'Channel closed', message: 'ignored' },
      'Channel closed',
    ],
  ] as const)(
    "takes a JSON refusal's message as an endpoint does (%s)",
    async (_name, options, status, body, expected) => {
      const s = await serve((_req, res) => {
        res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      });
      const http = createHttp({ baseURL: s.baseURL, retry: false, loading: false, ...options });
      const stream = openEventStream('/events', { http, onEvent: () => undefined });
      const error = (await stream.done.then(
        () => undefined,
        (e: unknown) => e,
      )) as ApiError;
      const table = enMessages[status];
      expect(error).toMatchObject({ kind: 'http', status, fallbackMessage: table });
      expect(error.message).toBe(expected ?? table);
      expect(error.response?.data).toEqual(body);
      expect(s.seen).toHaveLength(1);
    },
  );

  it('lets go of a wrong-type response that never ends', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.write('<html>');
    });
    const stream = openEventStream('/events', {
      http: createHttp({ baseURL: s.baseURL }),
      onEvent: () => undefined,
    });
    await expect(stream.done).rejects.toMatchObject({ kind: 'validation', status: 200 });
    // The server sees the connection go (undici may then open an idle spare: not ours to close).
    await s.seen[0]?.closed;
  });

  it('reconnects after a 5xx and a refused connection', async () => {
    const s = await serve((_req, res, index) => {
      if (index === 0) {
        res.writeHead(503).end();
        return;
      }
      sseHead(res);
      res.write('data: back\n\n');
    });
    const onEvent = vi.fn();
    const onReconnect = vi.fn();
    const stream = openEventStream('/events', {
      http: createHttp({ baseURL: s.baseURL }),
      reconnect: fast,
      onEvent,
      onReconnect,
    });
    await waitFor(() => onEvent.mock.calls.length === 1);
    expect(onReconnect.mock.calls[0]?.[0]).toMatchObject({ attempt: 1, error: { status: 503 } });
    stream.close();
    await stream.done;

    const refused = openEventStream('http://127.0.0.1:9/events', {
      http: createHttp(),
      reconnect: { ...fast, retries: 2 },
      onEvent,
    });
    await expect(refused.done).rejects.toMatchObject({ kind: 'network' });
  });

  it("honours the server's retry: as the reconnect delay", async () => {
    const s = await serve((_req, res, index) => {
      sseHead(res);
      if (index === 0) res.end('retry: 400\ndata: first\n\n');
      else res.write('data: second\n\n');
    });
    const onEvent = vi.fn();
    const onReconnect = vi.fn();
    const started = Date.now();
    const stream = openEventStream('/events', {
      http: createHttp({ baseURL: s.baseURL }),
      // Without the server's retry the stream would wait 10 to 20 seconds.
      reconnect: { min: 20_000, max: 60_000 },
      onEvent,
      onReconnect,
    });
    await waitFor(() => onEvent.mock.calls.length === 2);
    expect(Date.now() - started).toBeLessThan(2000);
    const delay = onReconnect.mock.calls[0]?.[0].delay as number;
    // Jitter takes up to half of it off, never below the 250 ms floor on a server's retry.
    expect(delay).toBeGreaterThanOrEqual(250);
    expect(delay).toBeLessThanOrEqual(400);
    stream.close();
    await stream.done;
  });

  it('caps the server retry: at reconnect.max', async () => {
    const s = await serve((_req, res) => {
      sseHead(res);
      res.end('retry: 3600000\ndata: x\n\n');
    });
    const onReconnect = vi.fn();
    const stream = openEventStream('/events', {
      http: createHttp({ baseURL: s.baseURL }),
      reconnect: { min: 10, max: 40 },
      onEvent: () => undefined,
      onReconnect,
    });
    await waitFor(() => s.seen.length >= 2);
    expect(onReconnect.mock.calls[0]?.[0].delay).toBeLessThanOrEqual(40);
    stream.close();
    await stream.done;
  });

  it('close() releases the connection, the reader and every timer', async () => {
    const s = await serve((_req, res) => {
      sseHead(res);
      res.write('data: hello\n\n');
    });
    const onEvent = vi.fn();
    const onClose = vi.fn();
    const stream = openEventStream('/events', {
      http: createHttp({ baseURL: s.baseURL }),
      onEvent,
      onClose,
    });
    await waitFor(() => onEvent.mock.calls.length === 1);
    stream.close();
    await expect(stream.done).resolves.toBeUndefined();
    await s.seen[0]?.closed;
    expect(onClose).toHaveBeenCalledWith(undefined);
    expect(activeTimerCount()).toBe(0);
  });

  it('an aborted signal during the reconnect wait clears the timer', async () => {
    const s = await serve((_req, res) => {
      sseHead(res);
      res.end('data: once\n\n');
    });
    const controller = new AbortController();
    const onReconnect = vi.fn();
    const stream = openEventStream('/events', {
      http: createHttp({ baseURL: s.baseURL }),
      reconnect: { min: 60_000 },
      signal: controller.signal,
      onEvent: () => undefined,
      onReconnect,
    });
    await waitFor(() => onReconnect.mock.calls.length === 1);
    expect(activeTimerCount()).toBe(1);
    controller.abort();
    await stream.done;
    expect(activeTimerCount()).toBe(0);
    expect(s.seen).toHaveLength(1);
  });

  it('sends the token header on the stream and refreshes once on 401, then reconnects', async () => {
    let token = 'old';
    const refresh = vi.fn(async () => {
      token = 'new';
      return token;
    });
    const s = await serve((req, res, index) => {
      if (req.headers.authorization !== 'Bearer new') {
        res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"expired"}');
        return;
      }
      sseHead(res);
      res.write(`id: ${index}\ndata: hi\n\n`);
      if (index === 1) setTimeout(() => res.socket?.destroy(), 20);
    });
    const http = createHttp({ baseURL: s.baseURL, auth: { getToken: () => token, refresh } });
    const events: ServerEvent[] = [];
    const stream = openEventStream('/events', {
      http,
      reconnect: fast,
      onEvent: (event) => events.push(event),
    });
    await waitFor(() => events.length === 2);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(s.seen.map((r) => r.headers.authorization)).toEqual([
      'Bearer old',
      'Bearer new',
      'Bearer new',
    ]);
    expect(s.seen[2]?.headers['last-event-id']).toBe('1');
    stream.close();
    await stream.done;
  });

  it('ends with the 401 ApiError when the refresh fails', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(401).end();
    });
    const onExpired = vi.fn();
    const http = createHttp({
      baseURL: s.baseURL,
      auth: {
        getToken: () => 'stale',
        refresh: () => Promise.reject(new Error('refresh token revoked')),
        onExpired,
      },
    });
    const stream = openEventStream('/events', { http, reconnect: fast, onEvent: () => undefined });
    await expect(stream.done).rejects.toMatchObject({ kind: 'http', status: 401 });
    expect(s.seen.map((r) => r.headers.authorization)).toEqual(['Bearer stale']);
    expect(onExpired).toHaveBeenCalledTimes(1);
  });
});
