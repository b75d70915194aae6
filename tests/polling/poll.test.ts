import { describe, expect, it, vi } from 'vitest';
import { isPageHidden, onVisibilityChange, poll } from '../../src/polling';
import { activeTimerCount as kitTimers } from '../../src/request';
import { timedTask, useFakeClock } from './helpers';

useFakeClock();

describe('poll', () => {
  it('polls at once, then interval after each settle, never overlapping slow requests', async () => {
    const { task, starts, maxRunning } = timedTask(700);
    const onValue = vi.fn();
    const poller = poll(task, { interval: 200, onValue });
    await vi.advanceTimersByTimeAsync(2800);
    expect(starts).toEqual([0, 900, 1800, 2700]);
    expect(maxRunning()).toBe(1);
    expect(onValue.mock.calls.map(([v]) => v)).toEqual([0, 1, 2]);
    poller.stop();
    await poller.done;
    expect(kitTimers()).toBe(0);
  });

  it('passes the attempt index to the task', async () => {
    const { task } = timedTask(10);
    const poller = poll(task, { interval: 100, onValue: () => {} });
    await vi.advanceTimersByTimeAsync(250);
    expect(task.mock.calls.map(([ctx]) => ctx.attempt)).toEqual([0, 1, 2]);
    poller.stop();
  });

  it('stop() aborts the request in flight, clears timers, resolves done, reports nothing, and is idempotent', async () => {
    const { task, signals } = timedTask(500);
    const onValue = vi.fn();
    const onError = vi.fn();
    const poller = poll(task, { interval: 100, onValue, onError });
    await vi.advanceTimersByTimeAsync(200);
    poller.stop();
    poller.stop();
    expect(signals[0]?.aborted).toBe(true);
    await expect(poller.done).resolves.toBeUndefined();
    await vi.advanceTimersByTimeAsync(5000);
    expect(task).toHaveBeenCalledTimes(1);
    expect(onValue).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
    expect(kitTimers()).toBe(0);
  });

  it('stop() during the wait clears the timer: no further request', async () => {
    const { task } = timedTask(0);
    const poller = poll(task, { interval: 1000, onValue: () => {} });
    await vi.advanceTimersByTimeAsync(10);
    expect(kitTimers()).toBe(1);
    poller.stop();
    expect(kitTimers()).toBe(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('drops a late response that arrives after stop (a task that ignores its signal)', async () => {
    let answer: (v: string) => void = () => {};
    const task = vi.fn(() => new Promise<string>((resolve) => (answer = resolve)));
    const onValue = vi.fn();
    const poller = poll(task, { interval: 100, onValue });
    poller.stop();
    answer('late');
    await vi.advanceTimersByTimeAsync(1000);
    expect(onValue).not.toHaveBeenCalled();
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('delivers values in request order even when answers take varying times', async () => {
    const delays = [300, 10, 200, 5, 100];
    let n = 0;
    const task = () => {
      const i = n++;
      return new Promise<number>((resolve) => setTimeout(() => resolve(i), delays[i] ?? 1));
    };
    const seen: number[] = [];
    const poller = poll(task, { interval: 50, onValue: (v) => seen.push(v) });
    await vi.advanceTimersByTimeAsync(1000);
    poller.stop();
    expect(seen.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('stops when its signal aborts, and never starts with one already aborted', async () => {
    const controller = new AbortController();
    const { task, signals } = timedTask(500);
    const poller = poll(task, { interval: 100, onValue: () => {}, signal: controller.signal });
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    expect(signals[0]?.aborted).toBe(true);
    await poller.done;
    expect(kitTimers()).toBe(0);

    const never = vi.fn(() => Promise.resolve(1));
    const stopped = poll(never, { interval: 100, onValue: () => {}, signal: controller.signal });
    await stopped.done;
    expect(never).not.toHaveBeenCalled();
  });

  it('reports errors to onError, keeps polling with backoff, and resets after a success', async () => {
    const outcomes = ['fail', 'fail', 'fail', 'ok', 'fail', 'ok'];
    const starts: number[] = [];
    const task = () => {
      const outcome = outcomes[starts.length] ?? 'ok';
      starts.push(Date.now());
      return outcome === 'ok' ? Promise.resolve(outcome) : Promise.reject(new Error(outcome));
    };
    const onError = vi.fn();
    const onValue = vi.fn();
    const poller = poll(task, {
      interval: 100,
      onValue,
      onError,
      backoff: { random: () => 0 },
    });
    await vi.advanceTimersByTimeAsync(1200);
    poller.stop();
    // Failures wait 100, 200, 400; a success resets to the interval; the next failure waits 100 again.
    expect(starts.slice(0, 7)).toEqual([0, 100, 300, 700, 800, 900, 1000]);
    expect(onError).toHaveBeenCalledTimes(4);
    expect(onValue).toHaveBeenCalled();
  });

  it('routes an error thrown by onValue to onError and goes on', async () => {
    const { task } = timedTask(0);
    const onError = vi.fn();
    const poller = poll(task, {
      interval: 100,
      onValue: (v) => {
        if (v === 0) throw new Error('render failed');
      },
      onError,
    });
    await vi.advanceTimersByTimeAsync(250);
    poller.stop();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'render failed' }));
    expect(task.mock.calls.length).toBeGreaterThanOrEqual(3);
  });

  it('schedules nothing more when onValue stops the poller', async () => {
    const { task } = timedTask(0);
    const poller = poll(task, { interval: 100, onValue: () => poller.stop() });
    await vi.advanceTimersByTimeAsync(1000);
    await poller.done;
    expect(task).toHaveBeenCalledTimes(1);
    expect(kitTimers()).toBe(0);
  });

  it('removes its abort listener from the caller signal when stopped', async () => {
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const { task } = timedTask(50);
    const poller = poll(task, { interval: 10, onValue: () => {}, signal: controller.signal });
    await vi.advanceTimersByTimeAsync(200);
    poller.stop();
    expect(add).toHaveBeenCalledTimes(1);
    expect(remove).toHaveBeenCalledTimes(1);
    expect(remove.mock.calls[0]?.[1]).toBe(add.mock.calls[0]?.[1]);
  });

  it('rethrows what onValue throws on its own task when there is no onError', async () => {
    const rethrown: Array<() => void> = [];
    vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((fn) => rethrown.push(fn));
    const { task } = timedTask(0);
    const poller = poll(task, {
      interval: 100,
      onValue: () => {
        throw new Error('render failed');
      },
    });
    await vi.advanceTimersByTimeAsync(150);
    poller.stop();
    vi.restoreAllMocks();
    expect(rethrown).toHaveLength(2);
    expect(rethrown[0]).toThrow('render failed');
    expect(task).toHaveBeenCalledTimes(2);
  });

  it('without a DOM, pauseWhenHidden is a no-op', async () => {
    expect(typeof document).toBe('undefined');
    expect(isPageHidden()).toBe(false);
    const off = onVisibilityChange(() => {});
    off();
    const { task } = timedTask(0);
    const poller = poll(task, { interval: 100, onValue: () => {}, pauseWhenHidden: true });
    await vi.advanceTimersByTimeAsync(250);
    poller.stop();
    expect(task).toHaveBeenCalledTimes(3);
  });
});
