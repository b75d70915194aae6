import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import { type EventStream, openEventStream } from '../../src/realtime';
import type { ApiError } from '../../src/request';

describe('openEventStream types', () => {
  it('gives the raw string without a schema', () => {
    const stream = openEventStream('/events', {
      onEvent: (event) => {
        expectTypeOf(event.data).toEqualTypeOf<string>();
        expectTypeOf(event.id).toEqualTypeOf<string | undefined>();
        expectTypeOf(event.event).toEqualTypeOf<string>();
      },
      onError: (error) => expectTypeOf(error).toEqualTypeOf<ApiError>(),
    });
    expectTypeOf(stream).toEqualTypeOf<EventStream>();
    expectTypeOf(stream.done).toEqualTypeOf<Promise<void>>();
    expectTypeOf(stream.lastEventId).toEqualTypeOf<string | undefined>();
  });

  it("gives the schema's output with a schema", () => {
    openEventStream('/events', {
      schema: z.object({ n: z.number(), at: z.string().transform((s) => new Date(s)) }),
      onEvent: ({ data }) => {
        expectTypeOf(data.n).toEqualTypeOf<number>();
        expectTypeOf(data.at).toEqualTypeOf<Date>();
      },
    });
  });

  it('rejects an onEvent that expects another type', () => {
    // @ts-expect-error data is { n: number }, not a string
    openEventStream('/events', {
      schema: z.object({ n: z.number() }),
      onEvent: (event: { data: string }) => event,
    });
  });
});
