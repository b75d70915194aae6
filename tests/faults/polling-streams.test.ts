import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as z from 'zod';
import { defineEndpoint } from '../../src/api';
import { isPollTimeoutError, longPoll, poll, pollUntil } from '../../src/polling';
import { createSocket, openEventStream, streamText } from '../../src/realtime';
import { activeTimerCount, isApiError } from '../../src/request';
import { expectApiError, kit, useOracle } from './helpers/oracle';
import { json, pause, startServer, until } from './helpers/servers';

useOracle();

const batchSchema = z.object({ cursor: z.string(), events: z.array(z.string()) });

describe('polling faults', () => {
  it('an instantly answering long-poll server does not make the client spin', async () => {
    const server = await startServer((_req, res) => json(res, 200, { cursor: '0', events: [] }));
    const http = kit({ baseURL: server.origin });
    const since = defineEndpoint({
      method: 'GET',
      path: '/feed',
      query: z.object({ cursor: z.string().optional() }),
      response: batchSchema,
      http,
    });
    let values = 0;
    let started = 0;
    const poller = longPoll(
      (cursor, signal) => {
        started += 1;
        return since({ query: { cursor } }, { signal });
      },
      {
        cursor: (batch) => batch.cursor,
        onValue: () => {
          values += 1;
        },
        minGap: 100,
      },
    );
    await pause(1000);
    poller.stop();
    await poller.done;
    // At most one start per 100 ms (plus the first), and it did make progress.
    expect(server.arrived.length).toBeLessThanOrEqual(12);
    expect(server.arrived.length).toBeGreaterThanOrEqual(5);
    expect(values).toBeGreaterThanOrEqual(server.arrived.length - 1);
    // Nothing starts after stop(). (Counted on the client: a request started just before stop()
    // may still reach the server a moment later, which is not "sending more".)
    const startedAtStop = started;
    await pause(300);
    expect(started).toBe(startedAtStop);
    expect(server.arrived.length).toBeLessThanOrEqual(startedAtStop);
  });

  it('a stopped poller sends nothing more, and its request in flight is aborted', async () => {
    let n = 0;
    const server = await startServer((_req, res) => {
      n += 1;
      if (n === 4) return; // the fourth is held: stop() must abort it
      json(res, 200, { n });
    });
    const http = kit({ baseURL: server.origin });
    const values: number[] = [];
    const poller = poll(({ signal }) => http.get<{ n: number }>('/stats', { signal }), {
      interval: 20,
      onValue: (r) => values.push(r.data.n),
    });
    await until(() => server.arrived.length === 4, 'the fourth request is held');
    poller.stop();
    await poller.done;
    await until(() => server.openExchanges() === 0, 'held request aborted', 1000);
    await pause(200);
    expect(server.arrived).toHaveLength(4);
    expect(values).toEqual([1, 2, 3]);
  });

  it('pollUntil that never sees its condition ends in a timeout ApiError with the last value', async () => {
    const server = await startServer((_req, res) => json(res, 200, { state: 'running' }));
    const http = kit({ baseURL: server.origin });
    const status = defineEndpoint({
      method: 'GET',
      path: '/jobs/j1',
      response: z.object({ state: z.enum(['running', 'done']) }),
      http,
    });
    const error = await expectApiError(
      pollUntil(({ signal }) => status(undefined, { signal }), {
        until: (s) => s.state === 'done',
        interval: 20,
        timeout: 300,
      }),
      { kind: 'timeout' },
    );
    expect(isPollTimeoutError(error)).toBe(true);
    if (isPollTimeoutError(error)) {
      expect(error.lastValue).toEqual({ state: 'running' });
      expect(error.attempts).toBeGreaterThan(1);
    }
  });

  it('pollUntil over a flaky server ends in success or a typed error, never a hang', async () => {
    let n = 0;
    const server = await startServer((req, res) => {
      n += 1;
      if (n % 3 === 0) {
        req.socket.destroy();
        return;
      }
      json(res, 200, { state: n >= 7 ? 'done' : 'running' });
    });
    const http = kit({ baseURL: server.origin, retry: false });
    const status = defineEndpoint({
      method: 'GET',
      path: '/jobs/j1',
      response: z.object({ state: z.enum(['running', 'done']) }),
      http,
    });
    const value = await pollUntil(({ signal }) => status(undefined, { signal }), {
      until: (s) => s.state === 'done',
      interval: 10,
      timeout: 5000,
      retries: 5,
    });
    expect(value).toEqual({ state: 'done' });
  });
});

/** An SSE server with a durable log: events resume after Last-Event-ID across drops and restarts. */
async function sseServer(dropAfter: number) {
  const log = Array.from({ length: 12 }, (_, i) => ({ id: String(i + 1), text: `event ${i + 1}` }));
  const seenLastIds: Array<string | undefined> = [];
  const server = await startServer((req, res) => {
    const last = req.headers['last-event-id'];
    seenLastIds.push(typeof last === 'string' ? last : undefined);
    const from = last ? log.findIndex((e) => e.id === last) + 1 : 0;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write('retry: 20\n\n');
    const batch = log.slice(from, from + dropAfter);
    for (const e of batch) res.write(`id: ${e.id}\ndata: ${JSON.stringify({ text: e.text })}\n\n`);
    // Drop the connection without ending the stream (a proxy restart, a flaky network).
    setTimeout(() => res.socket?.destroy(), 20);
  });
  return { server, log, seenLastIds };
}

describe('stream faults', () => {
  it('an SSE server dropping and returning: every event once, in order, resumed by Last-Event-ID', async () => {
    const { server, seenLastIds } = await sseServer(3);
    const http = kit({ baseURL: server.origin });
    const got: string[] = [];
    const stream = openEventStream('/events', {
      http,
      schema: z.object({ text: z.string() }),
      onEvent: (e) => got.push(`${e.id}:${e.data.text}`),
      reconnect: { min: 20, max: 100 },
    });
    await until(() => got.length >= 6, 'two connections worth of events');
    // A restart of the server process on the same port.
    await server.stop();
    await pause(50);
    await server.start();
    await until(() => got.length >= 12, 'all events after the restart', 5000);
    stream.close();
    await stream.done;
    expect(got).toEqual(Array.from({ length: 12 }, (_, i) => `${i + 1}:event ${i + 1}`));
    expect(seenLastIds[0]).toBeUndefined();
    // Every reconnect resumed from the last event delivered: ids never go back.
    expect(seenLastIds[1]).toBe('3');
    const resumed = seenLastIds.slice(1).map(Number);
    expect(resumed).toEqual([...resumed].sort((a, b) => a - b));
    const sent = server.arrived.length;
    await pause(200);
    expect(server.arrived.length, 'a closed stream does not reconnect').toBe(sent);
  });

  it('a stopped stream sends nothing more; an invalid event is reported, not delivered', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('id: 1\ndata: {"text":"ok"}\n\n');
      res.write('id: 2\ndata: {"text":42}\n\n');
      res.write('id: 3\ndata: not json\n\n');
      // Keep it open: the client must close it.
    });
    const http = kit({ baseURL: server.origin });
    const got: unknown[] = [];
    const errors: unknown[] = [];
    const stream = openEventStream('/events', {
      http,
      schema: z.object({ text: z.string() }),
      onEvent: (e) => got.push(e.data),
      onError: (e) => errors.push(e),
    });
    await until(() => errors.length === 2, 'two invalid events reported');
    stream.close();
    await stream.done;
    expect(got).toEqual([{ text: 'ok' }]);
    for (const error of errors) {
      await expectApiError(Promise.reject(error), { kind: 'validation', status: 200 });
    }
    await pause(150);
    expect(server.arrived).toHaveLength(1);
  });

  it('an invalid event with a huge id and event name still gets a short message', async () => {
    const long = 'z'.repeat(20_000);
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`id: ${long}\nevent: ${long}\ndata: not json\n\n`);
    });
    const http = kit({ baseURL: server.origin });
    const errors: unknown[] = [];
    const stream = openEventStream('/events', {
      http,
      schema: z.object({ text: z.string() }),
      onEvent: () => undefined,
      onError: (e) => errors.push(e),
    });
    await until(() => errors.length === 1, 'the invalid event reported');
    stream.close();
    await stream.done;
    const error = await expectApiError(Promise.reject(errors[0]), {
      kind: 'validation',
      status: 200,
    });
    expect(error.response?.data).toBe('not json');
  });

  it('a response that is not an event stream, with a huge content type: typed, short message', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': `text/html; x=${'q'.repeat(8_000)}` });
      res.end('<html></html>');
    });
    const http = kit({ baseURL: server.origin });
    const stream = openEventStream('/events', { http, onEvent: () => undefined });
    const error = await expectApiError(stream.done, { kind: 'validation', status: 200 });
    // The human message is the table's; what the server sent is in detail, clipped.
    expect(error.message).toBe(http.messages.validation);
    expect(error.detail).toContain('text/html');
    expect(error.detail?.length).toBeLessThan(120);
  });

  it('streamText on a 500 with a multi-megabyte body: kind http, short message, the head of the body kept', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('e'.repeat(3 * 1024 * 1024));
    });
    const http = kit({ baseURL: server.origin, retry: false });
    const chunks: string[] = [];
    const error = await expectApiError(
      streamText({ url: '/chat' }, { http, onChunk: (c) => chunks.push(c) }),
      { kind: 'http', status: 500 },
    );
    expect(chunks).toEqual([]);
    expect(String(error.response?.data).startsWith('eeee')).toBe(true);
  });

  it('streamText aborted mid-stream: canceled, the connection released', async () => {
    const server = await startServer((_req, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('hello ');
      // Never ends on its own.
    });
    const http = kit({ baseURL: server.origin });
    const controller = new AbortController();
    const chunks: string[] = [];
    const text = streamText(
      { url: '/chat' },
      {
        http,
        signal: controller.signal,
        onChunk: (c) => {
          chunks.push(c);
          controller.abort();
        },
      },
    );
    await expectApiError(text, { kind: 'canceled' });
    expect(chunks.join('')).toBe('hello ');
  });

  it('a socket server dropping and returning: reconnects, queued emits delivered in order', async () => {
    const server = await startServer();
    const received: unknown[] = [];
    server.ws().on('connection', (client) => {
      client.on('message', (data) => {
        const message = JSON.parse(String(data)) as { name: string; data: unknown[] };
        received.push(message.data[0]);
        client.send(JSON.stringify({ name: 'ack', data: [message.data[0]] }));
      });
    });
    const acks: number[] = [];
    const socket = createSocket(`ws://127.0.0.1:${server.port}/ws`, {
      WebSocket: WebSocket as never,
      events: { say: z.tuple([z.number()]), ack: z.tuple([z.number()]) },
      reconnect: { min: 20, max: 100 },
    });
    socket.on('ack', (n) => acks.push(n));
    // A hostile frame: own __proto__ / constructor keys must not reach Object.prototype, and an
    // argument that fails its schema goes to no handler.
    server
      .ws()
      .once('connection', (client) =>
        client.send(
          '{"name":"ack","data":[{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}]}',
        ),
      );
    socket.emit('say', 1);
    await until(() => acks.includes(1), 'first ack');
    await server.stop();
    await until(() => !socket.connected, 'disconnect seen');
    socket.emit('say', 2);
    socket.emit('say', 3);
    await server.start();
    await until(() => acks.includes(3), 'queued emits acked after the restart', 5000);
    socket.close();
    expect(received).toEqual([1, 2, 3]);
    expect(acks).toEqual([1, 2, 3]);
    expect(() => socket.emit('say', 4)).toThrow();
  });

  it('socket frames with a huge event name (unknown, or with invalid data): typed, short message', async () => {
    const server = await startServer();
    const long = 'n'.repeat(50_000);
    server.ws().on('connection', (client) => {
      client.send(JSON.stringify({ name: long, data: [] }));
      client.send(JSON.stringify({ name: 'say', data: [long] }));
    });
    const errors: unknown[] = [];
    const socket = createSocket(`ws://127.0.0.1:${server.port}/ws`, {
      WebSocket: WebSocket as never,
      events: { say: z.tuple([z.number()]) },
      onError: (e) => errors.push(e),
    });
    await until(() => errors.length === 2, 'both frames reported');
    socket.close();
    for (const error of errors) {
      await expectApiError(Promise.reject(error), { kind: 'validation' });
    }
  });

  it('a socket that goes silent (half-open) is found by the heartbeat and remade', async () => {
    const server = await startServer();
    let connections = 0;
    server.ws().on('connection', (client, req) => {
      connections += 1;
      const silent = connections === 1;
      client.on('message', (data) => {
        const message = JSON.parse(String(data)) as { name: string };
        // The first connection goes half-open: it stays up but nothing comes back.
        if (message.name === 'ping' && !silent) client.send('{"name":"pong","data":[]}');
      });
      void req;
    });
    let closes = 0;
    const socket = createSocket(`ws://127.0.0.1:${server.port}/ws`, {
      WebSocket: WebSocket as never,
      heartbeat: { interval: 100, timeout: 400 },
      reconnect: { min: 20, max: 50 },
      onClose: () => {
        closes += 1;
      },
    });
    await until(
      () => connections === 2 && socket.connected,
      'remade after the heartbeat timeout',
      3000,
    );
    expect(closes).toBeGreaterThanOrEqual(1);
    // The second connection answers: it stays up across several heartbeats.
    await pause(700);
    expect(connections).toBe(2);
    expect(socket.connected).toBe(true);
    socket.close();
    expect(socket.connected).toBe(false);
    await until(() => activeTimerCount() === 0, 'no heartbeat timer after close', 1000);
  });

  it('a socket whose server refuses to return gives up after its retries, typed, with no timer left', async () => {
    const server = await startServer();
    server.ws();
    const port = server.port;
    await server.close();
    const errors: unknown[] = [];
    const socket = createSocket(`ws://127.0.0.1:${port}/ws`, {
      WebSocket: WebSocket as never,
      reconnect: { min: 10, max: 20, retries: 2 },
      onError: (e) => errors.push(e),
    });
    await until(() => errors.length > 0, 'the socket gave up', 3000);
    expect(isApiError(errors.at(-1))).toBe(true);
    socket.close();
  });
});
