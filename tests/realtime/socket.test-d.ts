import { describe, expectTypeOf, it } from 'vitest';
import { WebSocket as WS } from 'ws';
import * as z from 'zod';
import {
  createSocket,
  createSocketIo,
  type Socket,
  type WebSocketConstructor,
} from '../../src/realtime';

const events = {
  chat: z.tuple([z.string(), z.number()]),
  joined: z.tuple([z.object({ at: z.string().transform((s) => new Date(s)) })]),
  ping: z.tuple([]),
};

describe('createSocket types', () => {
  it("takes the browser's and the ws constructor", () => {
    expectTypeOf(globalThis.WebSocket).toExtend<WebSocketConstructor>();
    expectTypeOf(WS).toExtend<WebSocketConstructor>();
  });

  it('types emit with the schema input and handlers with its output', () => {
    const socket = createSocket('ws://x', { events, WebSocket: WS });
    socket.emit('chat', 'hi', 1);
    socket.emit('joined', { at: '2026-01-01' });
    socket.emit('ping');
    // @ts-expect-error wrong argument type
    socket.emit('chat', 'hi', '1');
    // @ts-expect-error missing argument
    socket.emit('chat', 'hi');
    // @ts-expect-error unknown event
    socket.emit('nope');
    socket.on('chat', (text, at) => {
      expectTypeOf(text).toEqualTypeOf<string>();
      expectTypeOf(at).toEqualTypeOf<number>();
    });
    const off = socket.on('joined', (payload) => {
      expectTypeOf(payload.at).toEqualTypeOf<Date>();
    });
    expectTypeOf(off).toEqualTypeOf<() => void>();
    // @ts-expect-error unknown event
    socket.on('nope', () => undefined);
    expectTypeOf(socket.connected).toEqualTypeOf<boolean>();
  });

  it('types emitWithAck by both maps, the same on both socket kinds', () => {
    const acks = {
      chat: z.tuple([z.string().transform((s) => new Date(s))]),
      ping: z.tuple([z.number(), z.string()]),
    };
    const socket = createSocket((token) => `ws://x?token=${token}`, {
      events,
      acks,
      WebSocket: WS,
      onBinary: (data) => expectTypeOf(data).toEqualTypeOf<ArrayBuffer | Blob>(),
    });
    expectTypeOf(socket.emitWithAck('chat', 'hi', 1)).toEqualTypeOf<Promise<Date>>();
    expectTypeOf(socket.emitWithAck('ping')).toEqualTypeOf<Promise<number>>();
    // @ts-expect-error an event without an ack schema
    socket.emitWithAck('joined', { at: 'x' });
    // @ts-expect-error wrong argument type
    socket.emitWithAck('chat', 'hi', '1');
    const io = createSocketIo('http://x', { io: () => ({}) as never, events, acks });
    expectTypeOf(io).toEqualTypeOf<typeof socket>();
    expectTypeOf(io).toEqualTypeOf<Socket<typeof events, typeof acks>>();
  });

  it('is untyped without an event map', () => {
    const socket = createSocket(() => 'ws://x', { WebSocket: WS });
    socket.emit('anything', 1, 'two');
    socket.on('anything', (...args) => {
      expectTypeOf(args).toEqualTypeOf<unknown[]>();
    });
  });
});
