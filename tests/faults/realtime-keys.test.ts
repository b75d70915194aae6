import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as z from 'zod';
import { createSocket } from '../../src/realtime';
import { expectApiError, useOracle } from './helpers/oracle';
import { startServer, until } from './helpers/servers';

useOracle();

// Names a server (or a caller) may use that an object inherits from Object.prototype.
const INHERITED = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

describe('socket event names are looked up as own keys only', () => {
  it('frames named after inherited members: reported as not in the event map, never thrown', async () => {
    const server = await startServer();
    server.ws().on('connection', (client) => {
      for (const name of INHERITED) client.send(JSON.stringify({ name, data: [1] }));
      client.send(JSON.stringify({ name: 'say', data: [2] }));
    });
    const errors: unknown[] = [];
    const said: number[] = [];
    const socket = createSocket(`ws://127.0.0.1:${server.port}/ws`, {
      WebSocket: WebSocket as never,
      events: { say: z.tuple([z.number()]) },
      onError: (e) => errors.push(e),
    });
    socket.on('say', (n) => said.push(n));
    await until(() => said.length === 1, 'the valid frame after the hostile ones');
    socket.close();
    expect(errors).toHaveLength(INHERITED.length);
    for (const error of errors) {
      const checked = await expectApiError(Promise.reject(error), { kind: 'validation' });
      expect(INHERITED).toContain(checked.endpoint);
    }
  });

  it('without an event map, a frame named __proto__ reaches its own handler only', async () => {
    const server = await startServer();
    server.ws().on('connection', (client) => {
      for (const name of INHERITED) client.send(JSON.stringify({ name, data: [name] }));
    });
    const got: unknown[] = [];
    const errors: unknown[] = [];
    const socket = createSocket(`ws://127.0.0.1:${server.port}/ws`, {
      WebSocket: WebSocket as never,
      onError: (e) => errors.push(e),
    });
    for (const name of INHERITED) socket.on(name, (value) => got.push(value));
    await until(() => got.length === INHERITED.length, 'every frame to its handler');
    socket.close();
    expect(got).toEqual(INHERITED);
    expect(errors).toEqual([]);
  });

  it("emit('toString') with an event map is sent unchecked, not a TypeError", async () => {
    const server = await startServer();
    const received: unknown[] = [];
    server.ws().on('connection', (client) => {
      client.on('message', (data) => received.push(JSON.parse(String(data))));
    });
    const socket = createSocket<Record<string, z.ZodType<unknown[], unknown[]>>>(
      `ws://127.0.0.1:${server.port}/ws`,
      { WebSocket: WebSocket as never, events: { say: z.tuple([z.number()]) } },
    );
    for (const name of INHERITED) expect(() => socket.emit(name, 1)).not.toThrow();
    await until(() => received.length === INHERITED.length, 'every emit sent');
    socket.close();
    expect(received).toEqual(INHERITED.map((name) => ({ name, data: [1] })));
  });
});
