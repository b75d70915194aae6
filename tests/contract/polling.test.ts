// DESIGN.md "Public contract → src/polling", clause by clause, on fake time.
import { describe, expect, it, vi } from 'vitest';
import { longPoll, PollTimeoutError, poll, pollUntil } from '../../src/polling';
import { activeTimerCount } from '../../src/request';
import { timedTask as pollingTask, useFakeClock } from '../polling/helpers';

// DESIGN.md asks nothing of the task, so these ignore their signal: the poller alone must abort,
// time out and drop what arrives late.
const timedTask = <T>(ms: number, values: Array<T | Error>) =>
  pollingTask(ms, values, { ignoresSignal: true });

useFakeClock();

describe('pollUntil', () => {
  it('requests never overlap: the next starts `interval` after the previous settles', async () => {
    const { task, starts, maxRunning } = timedTask(300, ['a', 'b', 'done']);
    const result = pollUntil(task, { until: (v) => v === 'done', interval: 1000 });
    await vi.advanceTimersByTimeAsync(5000);
    await expect(result).resolves.toBe('done');
    expect(starts).toEqual([0, 1300, 2600]);
    expect(maxRunning()).toBe(1);
  });

  it('interval may be a function of the attempt', async () => {
    const { task, starts } = timedTask(0, [1, 2, 3]);
    const result = pollUntil(task, { until: (v) => v === 3, interval: (n) => (n + 1) * 100 });
    await vi.advanceTimersByTimeAsync(1000);
    await expect(result).resolves.toBe(3);
    expect(starts).toEqual([0, 100, 300]);
  });

  it('past timeout: PollTimeoutError with attempts (failed included) and lastValue; the request in flight is aborted', async () => {
    const { task, signals } = timedTask(400, ['a', new Error('blip'), 'b', 'c', 'd']);
    const result = pollUntil(task, {
      until: () => false,
      interval: 100,
      timeout: 1600,
      retries: 5,
    });
    const settled = result.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1600);
    const error = await settled;
    expect(error).toBeInstanceOf(PollTimeoutError);
    // a 0–400, fail 500–900, b after a backoff…: whatever ran, failures count and lastValue is the last value.
    const timeout = error as PollTimeoutError<string>;
    expect(timeout.attempts).toBeGreaterThanOrEqual(2);
    expect(timeout.lastValue === 'a' || timeout.lastValue === 'b').toBe(true);
    expect(signals.at(-1)?.aborted).toBe(true);
    expect(activeTimerCount()).toBe(0);
  });

  it('counts exactly: two completed (one failed) then a deadline mid-request', async () => {
    const { task } = timedTask(100, [new Error('x'), 'v', 'w']);
    const result = pollUntil(task, {
      until: () => false,
      interval: 1000,
      timeout: 1150,
      retries: 1,
      backoff: { min: 100, max: 100, jitter: 0 },
    });
    const settled = result.catch((error: unknown) => error);
    // fail at 100, backoff 100, 'v' at 300, interval 1000: the third request is in flight at 1150.
    await vi.advanceTimersByTimeAsync(1150);
    expect(await settled).toMatchObject({ attempts: 2, lastValue: 'v' });
  });

  it('an aborted signal aborts the request in flight and clears every timer', async () => {
    const { task, signals } = timedTask(1000, ['a']);
    const controller = new AbortController();
    const result = pollUntil(task, { until: () => false, signal: controller.signal });
    const settled = result.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    expect(await settled).toMatchObject({ kind: 'canceled' });
    expect(signals[0]?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(activeTimerCount()).toBe(0);
  });

  it('retries: that many consecutive errors are tolerated, the next one rejects with its error', async () => {
    const boom = new Error('boom');
    const { task, starts } = timedTask(0, [boom]);
    const result = pollUntil(task, { until: () => true, interval: 100, retries: 2 });
    const settled = result.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await settled).toBe(boom);
    expect(starts).toHaveLength(3);
  });
});

describe('poll', () => {
  it('never overlaps, delivers every value, reports errors and goes on', async () => {
    const { task, starts, maxRunning } = timedTask(300, [1, new Error('e'), 3]);
    const values: number[] = [];
    const errors: unknown[] = [];
    const poller = poll(task, {
      interval: 1000,
      onValue: (v) => values.push(v),
      onError: (e) => errors.push(e),
      backoff: { min: 1000, max: 1000, jitter: 0 },
    });
    await vi.advanceTimersByTimeAsync(3899);
    poller.stop();
    expect(starts).toEqual([0, 1300, 2600]);
    expect(values).toEqual([1, 3]);
    expect(errors).toHaveLength(1);
    expect(maxRunning()).toBe(1);
  });

  it('stop() aborts the request in flight, clears every timer, resolves done; nothing is delivered after', async () => {
    const { task, signals } = timedTask(500, [1]);
    const onValue = vi.fn();
    const onError = vi.fn();
    const poller = poll(task, { interval: 1000, onValue, onError });
    await vi.advanceTimersByTimeAsync(100);
    poller.stop();
    poller.stop();
    await expect(poller.done).resolves.toBeUndefined();
    expect(signals[0]?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(onValue).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
    expect(activeTimerCount()).toBe(0);
  });

  it('an aborted signal stops it like stop()', async () => {
    const { task, starts } = timedTask(0, [1]);
    const controller = new AbortController();
    const poller = poll(task, { interval: 100, onValue: () => {}, signal: controller.signal });
    await vi.advanceTimersByTimeAsync(250);
    controller.abort();
    await poller.done;
    const count = starts.length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(starts).toHaveLength(count);
    expect(activeTimerCount()).toBe(0);
  });
});

describe('longPoll', () => {
  /** A feed of `total` numbered events; the task answers up to 3 after the cursor, failing on `failAt` calls. */
  function feed(total: number, failAt: Set<number>, ms = 50) {
    const cursors: Array<number | undefined> = [];
    const task = (cursor: number | undefined, signal: AbortSignal) => {
      const call = cursors.push(cursor) - 1;
      return new Promise<{ cursor: number; events: number[] }>((resolve, reject) => {
        const timer = setTimeout(() => {
          if (failAt.has(call)) return reject(new Error(`drop ${call}`));
          const from = cursor ?? 0;
          const events = Array.from({ length: Math.min(3, total - from) }, (_, i) => from + i);
          resolve({ cursor: from + events.length, events });
        }, ms);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason);
        });
      });
    };
    return { task, cursors };
  }

  it('re-requests at once after each value, with cursor(value) as the next cursor', async () => {
    const { task, cursors } = feed(6, new Set());
    const values: number[][] = [];
    const poller = longPoll(task, {
      cursor: (batch) => batch.cursor,
      onValue: (batch) => values.push(batch.events),
    });
    // Each answer takes 50 ms; the next request starts at once, but at most every 100 ms.
    await vi.advanceTimersByTimeAsync(260);
    poller.stop();
    expect(cursors.slice(0, 3)).toEqual([undefined, 3, 6]);
    expect(values.slice(0, 2)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });

  it('a server that answers instantly cannot make it spin (a small minimum gap)', async () => {
    let calls = 0;
    const poller = longPoll(
      async () => {
        calls += 1;
        return { events: [] };
      },
      { onValue: () => {} },
    );
    await vi.advanceTimersByTimeAsync(1000);
    poller.stop();
    expect(calls).toBeGreaterThan(1);
    expect(calls).toBeLessThanOrEqual(50);
  });

  it('after an error it waits with backoff (min..max, jittered)', async () => {
    const starts: number[] = [];
    const poller = longPoll(
      async () => {
        starts.push(Date.now());
        throw new Error('down');
      },
      { onValue: () => {}, onError: () => {}, backoff: { min: 1000, max: 1000 } },
    );
    await vi.advanceTimersByTimeAsync(1000);
    poller.stop();
    expect(starts).toHaveLength(2);
    const gap = (starts[1] ?? 0) - (starts[0] ?? 0);
    // Jitter takes up to half of the delay off, never more, never adds.
    expect(gap).toBeGreaterThanOrEqual(500);
    expect(gap).toBeLessThanOrEqual(1000);
  });

  it('no event is lost or delivered twice across errors when the task honours the cursor', async () => {
    const { task } = feed(30, new Set([1, 2, 5, 9]));
    const delivered: number[] = [];
    const errors: unknown[] = [];
    const poller = longPoll(task, {
      cursor: (batch) => batch.cursor,
      onValue: (batch) => delivered.push(...batch.events),
      onError: (e) => errors.push(e),
      backoff: { min: 100, max: 400 },
    });
    await vi.advanceTimersByTimeAsync(10_000);
    poller.stop();
    await poller.done;
    expect(delivered).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(errors).toHaveLength(4);
    expect(activeTimerCount()).toBe(0);
  });
});
