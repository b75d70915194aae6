import { describe, expect, it, vi } from 'vitest';
import { longPoll } from '../../src/polling';
import { activeTimerCount } from '../../src/request';
import { useFakeClock } from './helpers';

interface Batch {
  cursor: number;
  events: number[];
}

/** An in-memory feed: `since(cursor)` answers after `hold` ms with the events after the cursor. */
function feed(total: number, hold = 0) {
  const calls: Array<{ cursor: number | undefined; at: number }> = [];
  const task = vi.fn((cursor: number | undefined, signal: AbortSignal) => {
    calls.push({ cursor, at: Date.now() });
    const from = cursor ?? 0;
    const events = Array.from({ length: Math.min(3, total - from) }, (_, i) => from + i + 1);
    const batch: Batch = { cursor: from + events.length, events };
    if (hold === 0) return Promise.resolve(batch);
    return new Promise<Batch>((resolve, reject) => {
      const timer = setTimeout(() => resolve(batch), hold);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    });
  });
  return { task, calls };
}

useFakeClock();

describe('longPoll', () => {
  it('asks again at once after each answer, with the cursor from the delivered value', async () => {
    const { task, calls } = feed(7, 1000);
    const seen: number[] = [];
    const poller = longPoll(task, {
      cursor: (b) => b.cursor,
      onValue: (b) => seen.push(...b.events),
    });
    await vi.advanceTimersByTimeAsync(3500);
    expect(calls.map((c) => c.at)).toEqual([0, 1000, 2000, 3000]);
    expect(calls.map((c) => c.cursor)).toEqual([undefined, 3, 6, 7]);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    poller.stop();
    await poller.done;
    expect(activeTimerCount()).toBe(0);
  });

  it('delivers empty batches (a server-side timeout) as values and keeps the cursor', async () => {
    const { task, calls } = feed(0, 500);
    const onValue = vi.fn();
    const poller = longPoll(task, { cursor: (b) => b.cursor, onValue, initialCursor: 0 });
    await vi.advanceTimersByTimeAsync(1600);
    poller.stop();
    expect(onValue).toHaveBeenCalledTimes(3);
    expect(onValue).toHaveBeenCalledWith({ cursor: 0, events: [] });
    expect(calls.map((c) => c.cursor)).toEqual([0, 0, 0, 0]);
  });

  it('keeps a minimum gap between request starts against a server that answers nothing new instantly', async () => {
    const { task, calls } = feed(0, 0);
    const poller = longPoll(task, { cursor: (b) => b.cursor, onValue: () => {}, initialCursor: 0 });
    await vi.advanceTimersByTimeAsync(10_000);
    poller.stop();
    // Default minGap 100 ms: one start at 0, then one every 100 ms: at most 10 requests a second.
    expect(calls.length).toBe(101);
    const gaps = calls.slice(1).map((c, i) => c.at - (calls[i] as { at: number }).at);
    expect(Math.min(...gaps)).toBe(100);
    expect(activeTimerCount()).toBe(0);
  });

  it('holds an instantly empty server to 10 requests in every second from the start, without initialCursor', async () => {
    // The first answer always moves the cursor (undefined -> 0): its follow-up goes at once, so the
    // next wait pays that extra start back. Found by the bench's spin row: 11 in the first second.
    const { task, calls } = feed(0, 0);
    const poller = longPoll(task, { cursor: (b) => b.cursor, onValue: () => {} });
    await vi.advanceTimersByTimeAsync(5_000);
    poller.stop();
    const starts = calls.map((c) => c.at);
    for (const from of starts) {
      expect(starts.filter((at) => at >= from && at < from + 1000).length).toBeLessThanOrEqual(10);
    }
    expect(starts.slice(0, 4)).toEqual([0, 0, 200, 300]);
    expect(activeTimerCount()).toBe(0);
  });

  it('asks again at once after an answer that brought events, however fast they come', async () => {
    // 30 events ready at once, 3 per answer: ten answers move the cursor, the eleventh is empty.
    const { task, calls } = feed(30, 0);
    const seen: number[] = [];
    const poller = longPoll(task, {
      cursor: (b) => b.cursor,
      onValue: (b) => seen.push(...b.events),
    });
    await vi.advanceTimersByTimeAsync(250);
    poller.stop();
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // Eleven starts at 0 (no gap after a delivery), then the empty answer waits out the gap, and
    // one more window for the ten extra starts the first one let through.
    expect(calls.map((c) => c.at)).toEqual([...Array<number>(11).fill(0), 200]);
    expect(activeTimerCount()).toBe(0);
  });

  it('caps starts at one per ms of the gap even when every answer moves the cursor at once', async () => {
    // A task that resolves at once with new data every time (a cache, a hostile server) must not
    // starve the page: a hundred starts per 100 ms window, then the window closes.
    const { task, calls } = feed(1_000_000, 0);
    const poller = longPoll(task, { cursor: (b) => b.cursor, onValue: () => {} });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.length).toBe(100);
    await vi.advanceTimersByTimeAsync(1000);
    poller.stop();
    expect(calls.length).toBe(1100);
    expect(calls.filter((c) => c.at === 500).length).toBe(100);
  });

  it('takes isEmpty to say which answers brought nothing new', async () => {
    // The cursor moves on every answer, but the caller knows an answer without events is empty.
    const { task, calls } = feed(1_000_000, 0);
    const poller = longPoll(task, {
      cursor: (b) => b.cursor,
      onValue: () => {},
      isEmpty: () => true,
    });
    await vi.advanceTimersByTimeAsync(1000);
    poller.stop();
    expect(calls.map((c) => c.at)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });

  it('takes minGap as an option', async () => {
    const { task, calls } = feed(1_000_000, 0);
    const poller = longPoll(task, { onValue: () => {}, minGap: 250 });
    await vi.advanceTimersByTimeAsync(1000);
    poller.stop();
    expect(calls.map((c) => c.at)).toEqual([0, 250, 500, 750, 1000]);
  });

  it('backs off after errors, reports them, and resets after a success', async () => {
    const outcomes = ['fail', 'fail', 'fail', 'ok', 'fail', 'ok', 'ok'];
    const starts: number[] = [];
    const task = () => {
      const outcome = outcomes[starts.length] ?? 'ok';
      starts.push(Date.now());
      return outcome === 'ok' ? Promise.resolve(outcome) : Promise.reject(new Error(outcome));
    };
    const onError = vi.fn();
    const onValue = vi.fn();
    const poller = longPoll(task, {
      onValue,
      onError,
      backoff: { min: 100, max: 1000, random: () => 0 },
    });
    await vi.advanceTimersByTimeAsync(1000);
    poller.stop();
    // 100, 200, 400 of backoff; after the success the next start waits only for the 100 ms gap,
    // and the next failure backs off from 100 again.
    expect(starts.slice(0, 7)).toEqual([0, 100, 300, 700, 800, 900, 1000]);
    expect(onError).toHaveBeenCalledTimes(4);
    expect(onValue).toHaveBeenCalledTimes(3);
  });

  it('keeps the default backoff within [half, full] of 1 s doubling, capped at 30 s', async () => {
    const starts: number[] = [];
    const task = () => {
      starts.push(Date.now());
      return Promise.reject(new Error('down'));
    };
    const poller = longPoll(task, { onValue: () => {}, onError: () => {} });
    await vi.advanceTimersByTimeAsync(300_000);
    poller.stop();
    const gaps = starts.slice(1).map((t, i) => t - (starts[i] as number));
    const full = [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000];
    full.forEach((f, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(f / 2);
      expect(gaps[i]).toBeLessThanOrEqual(f);
    });
  });

  it('does not advance the cursor on a failure, nor from a value that arrives after stop', async () => {
    let fail = false;
    let late: (b: Batch) => void = () => {};
    const cursors: Array<number | undefined> = [];
    const task = (cursor: number | undefined) => {
      cursors.push(cursor);
      if (cursors.length === 3) return new Promise<Batch>((resolve) => (late = resolve));
      if (fail) return Promise.reject(new Error('reset'));
      fail = true;
      return Promise.resolve({ cursor: 5, events: [1, 2, 3, 4, 5] });
    };
    const delivered: number[] = [];
    const poller = longPoll(task, {
      cursor: (b) => b.cursor,
      onValue: (b) => delivered.push(b.cursor),
      onError: () => {},
      backoff: { min: 10, random: () => 0 },
    });
    await vi.advanceTimersByTimeAsync(500);
    expect(cursors).toEqual([undefined, 5, 5]);
    poller.stop();
    late({ cursor: 9, events: [6, 7, 8, 9] });
    await vi.advanceTimersByTimeAsync(500);
    expect(delivered).toEqual([5]);
  });

  it('resumes from initialCursor with nothing lost or repeated across a restart', async () => {
    const { task } = feed(20, 100);
    const seen: number[] = [];
    let last: number | undefined;
    const options = {
      cursor: (b: Batch) => b.cursor,
      onValue: (b: Batch) => {
        seen.push(...b.events);
        last = b.cursor;
      },
    };
    const first = longPoll(task, options);
    await vi.advanceTimersByTimeAsync(350); // mid-request: its answer is dropped
    first.stop();
    const second = longPoll(task, { ...options, initialCursor: last });
    await vi.advanceTimersByTimeAsync(2000);
    second.stop();
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('reports a throwing cursor() as an error and asks again with the same cursor', async () => {
    const cursors: Array<number | undefined> = [];
    const task = (cursor: number | undefined) => {
      cursors.push(cursor);
      return Promise.resolve(cursors.length);
    };
    const onValue = vi.fn();
    const onError = vi.fn();
    const poller = longPoll(task, {
      cursor: (n) => {
        if (n === 1) throw new Error('bad batch');
        return n;
      },
      onValue,
      onError,
      backoff: { min: 50, random: () => 0 },
    });
    await vi.advanceTimersByTimeAsync(250);
    poller.stop();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'bad batch' }));
    expect(onValue.mock.calls[0]).toEqual([2]);
    expect(cursors.slice(0, 3)).toEqual([undefined, undefined, 2]);
  });

  it('stop() aborts the request in flight, reports no cancel, resolves done, leaves no timer', async () => {
    const signals: AbortSignal[] = [];
    const task = (_: unknown, signal: AbortSignal) => {
      signals.push(signal);
      return new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason)),
      );
    };
    const onError = vi.fn();
    const onValue = vi.fn();
    const poller = longPoll(task, { onValue, onError });
    expect(activeTimerCount()).toBe(1); // the min-gap gate
    poller.stop();
    poller.stop();
    await poller.done;
    expect(signals[0]?.aborted).toBe(true);
    expect(activeTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(signals).toHaveLength(1);
    expect(onError).not.toHaveBeenCalled();
    expect(onValue).not.toHaveBeenCalled();
  });

  it('stop() during an error backoff clears it', async () => {
    const task = vi.fn(() => Promise.reject(new Error('down')));
    const poller = longPoll(task, { onValue: () => {}, onError: () => {} });
    await vi.advanceTimersByTimeAsync(200);
    expect(activeTimerCount()).toBe(1);
    poller.stop();
    expect(activeTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('stops with its signal, and never calls the task with one already aborted', async () => {
    const controller = new AbortController();
    const { task } = feed(100, 1000);
    const poller = longPoll(task, { onValue: () => {}, signal: controller.signal });
    controller.abort();
    await poller.done;
    expect(task.mock.calls[0]?.[1].aborted).toBe(true);
    expect(activeTimerCount()).toBe(0);

    const again = longPoll(task, { onValue: () => {}, signal: controller.signal });
    await again.done;
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('schedules nothing more when onValue stops it', async () => {
    const { task } = feed(100, 0);
    const poller = longPoll(task, { onValue: () => poller.stop() });
    await vi.advanceTimersByTimeAsync(1000);
    expect(task).toHaveBeenCalledTimes(1);
    expect(activeTimerCount()).toBe(0);
  });
});
