import type { AxiosRequestConfig } from 'axios';
import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import { defineStream, type RawStreamEvent, type StreamCall } from '../../src/realtime';

const delta = z.object({ text: z.string() });
const usage = z.object({ tokens: z.coerce.number() });

describe('defineStream inference', () => {
  it('one schema: every event has its output as data and a string name', () => {
    const chat = defineStream({
      method: 'POST',
      path: '/chat',
      body: z.object({ prompt: z.string() }),
      events: delta,
    });
    expectTypeOf(chat).parameter(0).toEqualTypeOf<{
      body: { prompt: string };
      params?: never;
      query?: never;
    }>();
    expectTypeOf(chat).parameter(1).toEqualTypeOf<AxiosRequestConfig | undefined>();
    expectTypeOf(chat).returns.toEqualTypeOf<
      StreamCall<{ event: string; data: { text: string }; id: string | undefined }>
    >();
    // @ts-expect-error the body is required
    chat();
    // @ts-expect-error prompt must be a string
    chat({ body: { prompt: 1 } });
  });

  it('a map: a union over its names, each with its own data', async () => {
    const feed = defineStream({
      method: 'GET',
      path: '/rooms/:id/events',
      params: z.object({ id: z.string() }),
      events: { delta, usage, ['__proto__']: z.literal(1) },
    });
    const stream = feed({ params: { id: 'r1' } });
    for await (const ev of stream) {
      expectTypeOf(ev.event).toEqualTypeOf<'delta' | 'usage' | '__proto__'>();
      if (ev.event === 'delta') expectTypeOf(ev.data).toEqualTypeOf<{ text: string }>();
      if (ev.event === 'usage') expectTypeOf(ev.data).toEqualTypeOf<{ tokens: number }>();
      if (ev.event === '__proto__') expectTypeOf(ev.data).toEqualTypeOf<1>();
      expectTypeOf(ev.id).toEqualTypeOf<string | undefined>();
    }
    // @ts-expect-error params are required
    feed({});
  });

  it('no required part: the input is optional; a StreamCall has close, done and lastEventId', () => {
    const ticks = defineStream({
      method: 'GET',
      path: '/ticks',
      query: z.object({ from: z.number() }).optional(),
      events: z.number(),
      isEnd: (event) => {
        expectTypeOf(event).toEqualTypeOf<RawStreamEvent>();
        return event.data === 'end';
      },
    });
    const call = ticks();
    expectTypeOf(call.close).toEqualTypeOf<() => void>();
    expectTypeOf(call.done).toEqualTypeOf<Promise<void>>();
    expectTypeOf(call.lastEventId).toEqualTypeOf<string | undefined>();
    expectTypeOf(call).toMatchTypeOf<AsyncIterable<{ data: number }>>();
  });

  it('refuses what is not a stream definition', () => {
    // @ts-expect-error events are required
    defineStream({ method: 'POST', path: '/x' });
    // @ts-expect-error an event map's values are schemas
    defineStream({ method: 'GET', path: '/x', events: { a: 1 } });
    // @ts-expect-error methods are upper case
    defineStream({ method: 'post', path: '/x', events: delta });
  });
});
