import { describe, expectTypeOf, it } from 'vitest';
import { feedApi } from '../../src/api';
import { longPoll, type Poller, pollUntil } from '../../src/polling';

describe('longPoll types', () => {
  it('infers a string cursor for an unannotated task (the feed case)', () => {
    const poller = longPoll((cursor, signal) => feedApi.since({ query: { cursor } }, { signal }), {
      cursor: (batch) => batch.cursor,
      onValue: (batch) => expectTypeOf(batch.events).toBeArray(),
    });
    expectTypeOf(poller).toEqualTypeOf<Poller>();
  });

  it('takes another cursor type from an annotated task or from initialCursor', () => {
    longPoll((cursor: number | undefined) => Promise.resolve({ next: (cursor ?? 0) + 1 }), {
      cursor: (value) => value.next,
      onValue: () => {},
    });
    longPoll((cursor) => Promise.resolve({ next: (cursor ?? 0) + 1 }), {
      initialCursor: 0,
      cursor: (value) => value.next,
      onValue: () => {},
    });
  });

  it('rejects a cursor() whose type does not match the task', () => {
    longPoll((cursor: number | undefined) => Promise.resolve(cursor), {
      // @ts-expect-error the task takes numbers
      cursor: () => 'x',
      onValue: () => {},
    });
  });
});

describe('pollUntil types', () => {
  it('resolves with the task value type', () => {
    const p = pollUntil(() => Promise.resolve({ state: 'done' as const }), {
      until: (v) => v.state === 'done',
    });
    expectTypeOf(p).resolves.toEqualTypeOf<{ state: 'done' }>();
  });
});
