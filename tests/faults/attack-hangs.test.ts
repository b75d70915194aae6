import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineDownload, defineEndpoint } from '../../src/api';
import { createSocketIo, defineStream, openEventStream, streamText } from '../../src/realtime';
import { startSocketIoServer } from '../integration/socket-io-server';
import { expectApiError, kit, useOracle } from './helpers/oracle';
import { json, pause, startServer, until } from './helpers/servers';

useOracle();

const never = <T>() => new Promise<T>(() => {});
const sse = (res: import('node:http').ServerResponse) =>
  res.writeHead(200, { 'content-type': 'text/event-stream' });

/** Settles within `ms` (real time), or fails the test naming `what`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hung past ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}

describe('nothing hangs', () => {
  it('defineStream: a getToken that never settles ends with close()', async () => {
    const server = await startServer((_req, res) => json(res, 200, {}));
    const http = kit({ baseURL: server.origin, auth: { getToken: never } });
    const call = defineStream({ method: 'POST', path: '/s', events: z.unknown(), http })();
    await pause(30);
    call.close();
    await within(call.done, 500, 'done after close');
    expect(http.pending).toBe(0);
  });

  it('openEventStream: a getToken that never settles ends with close()', async () => {
    const server = await startServer((_req, res) => json(res, 200, {}));
    const http = kit({ baseURL: server.origin, auth: { getToken: never } });
    const stream = openEventStream('/e', { http, onEvent: () => {} });
    await pause(30);
    stream.close();
    await within(stream.done, 500, 'done after close');
    expect(http.pending).toBe(0);
  });

  it("streamText: a getToken that never settles ends with the caller's signal", async () => {
    const server = await startServer((_req, res) => json(res, 200, {}));
    const http = kit({ baseURL: server.origin, auth: { getToken: never } });
    const controller = new AbortController();
    const text = streamText({ url: '/t' }, { http, onChunk: () => {}, signal: controller.signal });
    await pause(30);
    controller.abort();
    await within(expectApiError(text, { kind: 'canceled' }), 500, 'canceled');
    expect(http.pending).toBe(0);
  });

  it('streamText: a getToken that never settles ends at config.timeout', async () => {
    const server = await startServer((_req, res) => json(res, 200, {}));
    const http = kit({ baseURL: server.origin, auth: { getToken: never } });
    const text = streamText({ url: '/t', timeout: 100 }, { http, onChunk: () => {} });
    await within(expectApiError(text, { kind: 'timeout' }), 1000, 'timeout');
  });

  it('defineDownload: headers then nothing ends at the deadline', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv', 'content-length': '100' });
      res.write('a,b\n');
    });
    const http = kit({ baseURL: server.origin, timeout: 150, retry: false });
    const download = defineDownload({ path: '/export', http });
    await within(expectApiError(download(), { kind: 'timeout' }), 1500, 'download timeout');
  });

  it('defineStream: a consumer that never iterates, a server that floods: close() ends it', async () => {
    const server = await startServer((_req, res) => {
      sse(res);
      const flood = () => {
        while (res.write(`data: {"n":${Date.now()}}\n\n`)) {
          if (res.writableLength > 1e6) break;
        }
      };
      flood();
      res.on('drain', flood);
    });
    const http = kit({ baseURL: server.origin });
    const call = defineStream({
      method: 'POST',
      path: '/s',
      events: z.object({ n: z.number() }),
      http,
    })();
    await pause(100);
    call.close();
    await within(call.done, 500, 'done after close');
    await until(() => server.openExchanges() === 0, 'server exchange closed', 1000);
  });

  it('defineStream: a 401 whose refresh never settles ends with close()', async () => {
    const server = await startServer((_req, res) => json(res, 401, { message: 'expired' }));
    // The refresh itself is bounded by the instance's timeout (it runs on for other callers).
    const http = kit({
      baseURL: server.origin,
      timeout: 300,
      auth: { getToken: () => 'tok', refresh: never },
    });
    const call = defineStream({ method: 'POST', path: '/s', events: z.unknown(), http })();
    await until(() => server.arrived.length === 1, 'the first try');
    await pause(30);
    call.close();
    await within(call.done, 500, 'done after close');
    expect(http.stats().refreshWaiters).toBe(0);
  });

  it('defineStream: a body that stalls mid-event ends with the caller signal, kind canceled', async () => {
    const server = await startServer((_req, res) => {
      sse(res);
      res.write('data: {"n":1}\n\ndata: {"n":');
    });
    const http = kit({ baseURL: server.origin });
    const controller = new AbortController();
    const call = defineStream({
      method: 'POST',
      path: '/s',
      events: z.object({ n: z.number() }),
      http,
    })(undefined, { signal: controller.signal });
    const got: unknown[] = [];
    const loop = (async () => {
      for await (const e of call) got.push(e.data);
    })();
    await until(() => got.length === 1, 'first event');
    controller.abort();
    await within(expectApiError(loop, { kind: 'canceled' }), 500, 'loop ends');
    await within(expectApiError(call.done, { kind: 'canceled' }), 500, 'done');
  });

  it('a 401 storm while the refresh never settles: cancelAll ends every call, pending back to 0', async () => {
    const server = await startServer((_req, res) => json(res, 401, { message: 'expired' }));
    const http = kit({
      baseURL: server.origin,
      timeout: 0,
      retry: false,
      auth: { getToken: () => 'tok', refresh: never },
    });
    const get = defineEndpoint({ method: 'GET', path: '/x', response: z.unknown(), http });
    const calls = Array.from({ length: 20 }, () => get().catch((e: unknown) => e));
    await until(() => server.arrived.length === 20, 'every 401');
    await until(() => http.stats().refreshWaiters === 20, 'waiting on the refresh');
    expect(http.cancelAll()).toBe(20);
    const outcomes = await within(Promise.all(calls), 500, 'all settle');
    expect(outcomes.every((e) => (e as { kind?: string }).kind === 'canceled')).toBe(true);
    expect(http.pending).toBe(0);
  });

  it('socket.io: an emitWithAck the server never answers ends at ackTimeout; close() with one pending', async () => {
    const server = await startSocketIoServer({
      onConnection: (socket) => socket.on('slow', () => {}),
    });
    try {
      const socket = createSocketIo(server.url, {
        io,
        ackTimeout: 100,
        ioOptions: { transports: ['websocket'] },
      });
      await within(expectApiError(socket.emitWithAck('slow', 1), { kind: 'timeout' }), 1500, 'ack');
      const pending = socket.emitWithAck('slow', 2);
      socket.close();
      await within(expectApiError(pending, { kind: 'canceled' }), 500, 'ack after close');
    } finally {
      await server.close();
    }
  });
});
