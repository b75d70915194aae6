// DESIGN.md "Public contract → src/realtime": the shapes of EventStream and Socket, on msw and a
// fake WebSocket (the behaviour over real servers is in tests/integration/contract-servers.test.ts).
import { HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { createSocket, openEventStream, streamText, type WebSocketLike } from '../../src/realtime';
import { activeTimerCount, createHttp } from '../../src/request';
import { API, route, turnsUntil } from './helpers';

/** A WebSocket stand-in: opens on the next turn, records what is sent, lets the test push frames. */
class FakeSocket implements WebSocketLike {
  static made: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  #listeners = new Map<string, Set<(event: never) => void>>();
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
    queueMicrotask(() => {
      this.readyState = 1;
      this.#fire('open', {});
    });
  }
  send(data: string) {
    this.sent.push(data);
  }
  close(code = 1000, reason = '') {
    this.readyState = 3;
    this.#fire('close', { code, reason });
  }
  push(frame: unknown) {
    this.#fire('message', { data: JSON.stringify(frame) });
  }
  addEventListener(type: string, listener: (event: never) => void) {
    const set = this.#listeners.get(type) ?? new Set();
    set.add(listener);
    this.#listeners.set(type, set);
  }
  removeEventListener(type: string, listener: (event: never) => void) {
    this.#listeners.get(type)?.delete(listener);
  }
  #fire(type: string, event: object) {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) listener(event as never);
  }
}

describe('EventStream = { close(); readonly lastEventId; readonly done }', () => {
  it('starts from the given lastEventId, sends it as Last-Event-ID, and close() resolves done', async () => {
    const seen = route('/sse', () => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('id: 8\ndata: x\n\n'));
        },
      });
      return new HttpResponse(body, { headers: { 'Content-Type': 'text/event-stream' } });
    });
    const onEvent = vi.fn();
    const stream = openEventStream('/sse', {
      http: createHttp({ baseURL: API, loading: false }),
      lastEventId: '7',
      onEvent,
    });
    expect(Object.keys(stream).sort()).toEqual(['close', 'done', 'lastEventId']);
    expect(stream.lastEventId).toBe('7');
    await turnsUntil(() => onEvent.mock.calls.length === 1);
    expect(seen.requests[0]?.headers.get('last-event-id')).toBe('7');
    expect(onEvent).toHaveBeenCalledWith({ id: '8', event: 'message', data: 'x' });
    expect(stream.lastEventId).toBe('8');
    stream.close();
    await expect(stream.done).resolves.toBeUndefined();
    expect(activeTimerCount()).toBe(0);
  });
});

describe('streamText(config, { http?, onChunk, signal? })', () => {
  it('resolves with the whole text and hands it to onChunk', async () => {
    route(
      '/text',
      () => new HttpResponse('all of it', { headers: { 'Content-Type': 'text/plain' } }),
    );
    const chunks: string[] = [];
    const text = await streamText(
      { url: '/text' },
      { http: createHttp({ baseURL: API, loading: false }), onChunk: (c) => chunks.push(c) },
    );
    expect(text).toBe('all of it');
    expect(chunks.join('')).toBe('all of it');
  });

  it('an aborted signal rejects with kind canceled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      streamText(
        { url: '/text' },
        { http: createHttp({ baseURL: API }), onChunk: () => {}, signal: controller.signal },
      ),
    ).rejects.toMatchObject({ kind: 'canceled' });
  });
});

describe('Socket = { emit; emitWithAck; on → unsubscribe; off; close(); readonly connected }', () => {
  it('has that shape; on returns its unsubscribe; off removes a handler; url may be a function', async () => {
    FakeSocket.made = [];
    const socket = createSocket(() => 'ws://fake/ws', { WebSocket: FakeSocket });
    expect(Object.keys(socket).sort()).toEqual([
      'close',
      'connected',
      'emit',
      'emitWithAck',
      'off',
      'on',
    ]);
    expect(socket.connected).toBe(false);
    await turnsUntil(() => socket.connected);
    expect(FakeSocket.made[0]?.url).toBe('ws://fake/ws');

    const a = vi.fn();
    const b = vi.fn();
    const unsubscribe = socket.on('news', a);
    socket.on('news', b);
    FakeSocket.made[0]?.push({ name: 'news', data: [1, 'two'] });
    expect(a).toHaveBeenCalledWith(1, 'two');
    unsubscribe();
    socket.off('news', b);
    FakeSocket.made[0]?.push({ name: 'news', data: [3] });
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);

    socket.emit('hello', 'world', 2);
    expect(FakeSocket.made[0]?.sent).toEqual(['{"name":"hello","data":["world",2]}']);
    socket.close();
    expect(socket.connected).toBe(false);
    expect(FakeSocket.made).toHaveLength(1);
    expect(activeTimerCount()).toBe(0);
  });
});
