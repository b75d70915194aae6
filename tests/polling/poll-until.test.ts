import { describe, expect, it, vi } from 'vitest';
import { isPollTimeoutError, PollTimeoutError, pollUntil } from '../../src/polling';
import { ApiError, activeTimerCount, isApiError } from '../../src/request';
import { timedTask, useFakeClock } from './helpers';

// These tasks ignore their signal: what stops them is pollUntil's own abort handling.
const slowTask = <T>(ms: number, values: T[]) => timedTask(ms, values, { ignoresSignal: true });

useFakeClock();

describe('pollUntil', () => {
  it('resolves with the first value that satisfies until, every interval', async () => {
    const { task, starts } = slowTask(0, ['running', 'running', 'done', 'never']);
    const result = pollUntil(task, { until: (s) => s === 'done', interval: 1000 });
    await vi.advanceTimersByTimeAsync(5000);
    await expect(result).resolves.toBe('done');
    expect(starts).toEqual([0, 1000, 2000]);
    expect(task.mock.calls.map(([ctx]) => ctx.attempt)).toEqual([0, 1, 2]);
    expect(activeTimerCount()).toBe(0);
  });

  it('defaults to a 1000 ms interval', async () => {
    const { task } = slowTask(0, [1, 2, 3]);
    const result = pollUntil(task, { until: (n) => n === 3 });
    await vi.advanceTimersByTimeAsync(2000);
    await expect(result).resolves.toBe(3);
    expect(task.mock.calls).toHaveLength(3);
  });

  it('never overlaps requests slower than the interval: the next starts after the previous settles', async () => {
    const { task, starts, maxRunning } = slowTask(700, [1, 2, 3, 4]);
    const result = pollUntil(task, { until: (n) => n === 4, interval: 200 });
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(result).resolves.toBe(4);
    expect(starts).toEqual([0, 900, 1800, 2700]);
    expect(maxRunning()).toBe(1);
  });

  it('takes the interval as a function of the attempt that settled', async () => {
    const { task, starts } = slowTask(0, [0, 0, 0, 1]);
    const interval = vi.fn((attempt: number) => (attempt + 1) * 100);
    const result = pollUntil(task, { until: (n) => n === 1, interval });
    await vi.advanceTimersByTimeAsync(1000);
    await expect(result).resolves.toBe(1);
    expect(starts).toEqual([0, 100, 300, 600]);
    expect(interval.mock.calls.map(([a]) => a)).toEqual([0, 1, 2]);
  });

  it('rejects past timeout with PollTimeoutError (attempts, lastValue) and aborts the request in flight', async () => {
    const signals: AbortSignal[] = [];
    const task = vi.fn(({ signal }: { attempt: number; signal: AbortSignal }) => {
      signals.push(signal);
      // The third request hangs until it is aborted.
      if (signals.length < 3) return Promise.resolve({ state: 'running', n: signals.length });
      return new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason)),
      );
    });
    const result = pollUntil(task, { until: () => false, interval: 1000, timeout: 2500 });
    const assertion = expect(result).rejects.toSatisfy((e: unknown) => {
      expect(e).toBeInstanceOf(PollTimeoutError);
      expect(e).toBeInstanceOf(ApiError);
      expect(isApiError(e) && e.kind).toBe('timeout');
      expect(isPollTimeoutError(e)).toBe(true);
      const error = e as PollTimeoutError<{ state: string; n: number }>;
      expect(error.attempts).toBe(2);
      expect(error.lastValue).toEqual({ state: 'running', n: 2 });
      expect(error.timeout).toBe(2500);
      expect(error.toJSON()).toMatchObject({ kind: 'timeout', attempts: 2 });
      return true;
    });
    await vi.advanceTimersByTimeAsync(2499);
    expect(signals[2]?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await assertion;
    expect(task).toHaveBeenCalledTimes(3);
    expect(signals[2]?.aborted).toBe(true);
    expect(activeTimerCount()).toBe(0);
  });

  it('times out on time even when the task ignores its signal, and counts failed requests', async () => {
    let calls = 0;
    const task = () => {
      calls++;
      if (calls === 1) return Promise.reject(new Error('boom'));
      return new Promise<string>(() => {});
    };
    const result = pollUntil(task, {
      until: () => true,
      interval: 100,
      timeout: 5000,
      retries: 1,
      backoff: { random: () => 0 },
    });
    const assertion = expect(result).rejects.toMatchObject({ kind: 'timeout', attempts: 1 });
    await vi.advanceTimersByTimeAsync(5000);
    await assertion;
    expect(calls).toBe(2);
    expect(activeTimerCount()).toBe(0);
  });

  it('times out during the wait between requests, with the last value', async () => {
    const { task } = slowTask(0, ['a', 'b']);
    const result = pollUntil(task, { until: () => false, interval: 1000, timeout: 1500 });
    const assertion = expect(result).rejects.toMatchObject({ attempts: 2, lastValue: 'b' });
    await vi.advanceTimersByTimeAsync(1500);
    await assertion;
    expect(activeTimerCount()).toBe(0);
  });

  describe('retries', () => {
    const failing = (outcomes: Array<'ok' | 'done' | 'fail'>) => {
      let i = 0;
      return vi.fn(() => {
        const outcome = outcomes[i++] ?? 'fail';
        return outcome === 'fail'
          ? Promise.reject(new ApiError({ kind: 'http', status: 503, message: `fail ${i}` }))
          : Promise.resolve(outcome);
      });
    };
    const options = { until: (v: string) => v === 'done', interval: 100 };

    it('tolerates n consecutive failures', async () => {
      const task = failing(['fail', 'fail', 'done']);
      const result = pollUntil(task, { ...options, retries: 2 });
      await vi.advanceTimersByTimeAsync(10_000);
      await expect(result).resolves.toBe('done');
      expect(task).toHaveBeenCalledTimes(3);
    });

    it('rejects with the n+1-th failure itself', async () => {
      const task = failing(['fail', 'fail', 'fail', 'done']);
      const result = pollUntil(task, { ...options, retries: 2 });
      const assertion = expect(result).rejects.toMatchObject({ kind: 'http', message: 'fail 3' });
      await vi.advanceTimersByTimeAsync(10_000);
      await assertion;
      expect(task).toHaveBeenCalledTimes(3);
      expect(activeTimerCount()).toBe(0);
    });

    it('rejects on the first failure by default', async () => {
      const task = failing(['fail', 'done']);
      await expect(pollUntil(task, options)).rejects.toMatchObject({ message: 'fail 1' });
      expect(task).toHaveBeenCalledTimes(1);
    });

    it('resets the count after a success', async () => {
      const task = failing(['fail', 'fail', 'ok', 'fail', 'fail', 'done']);
      const result = pollUntil(task, { ...options, retries: 2 });
      await vi.advanceTimersByTimeAsync(10_000);
      await expect(result).resolves.toBe('done');
      expect(task).toHaveBeenCalledTimes(6);
    });

    it('treats a synchronous throw as a failure', async () => {
      let calls = 0;
      const task = () => {
        calls++;
        if (calls === 1) throw new Error('sync');
        return Promise.resolve('done');
      };
      const result = pollUntil(task, { ...options, retries: 1 });
      await vi.advanceTimersByTimeAsync(1000);
      await expect(result).resolves.toBe('done');
    });

    it('waits the kit backoff between failures, starting from the interval', async () => {
      const starts: number[] = [];
      const task = () => {
        starts.push(Date.now());
        return starts.length < 4 ? Promise.reject(new Error('x')) : Promise.resolve('done');
      };
      // random 0: no jitter taken off, the exponential itself.
      const result = pollUntil(task, { ...options, retries: 3, backoff: { random: () => 0 } });
      await vi.advanceTimersByTimeAsync(10_000);
      await expect(result).resolves.toBe('done');
      expect(starts).toEqual([0, 100, 300, 700]);
    });

    it('keeps every backoff within [half, full] of the capped exponential', async () => {
      const starts: number[] = [];
      const task = () => {
        starts.push(Date.now());
        return Promise.reject(new Error('x'));
      };
      const result = pollUntil(task, {
        until: () => true,
        retries: 6,
        backoff: { min: 1000, max: 8000 },
      });
      const assertion = expect(result).rejects.toThrow('x');
      await vi.advanceTimersByTimeAsync(100_000);
      await assertion;
      const gaps = starts.slice(1).map((t, i) => t - (starts[i] as number));
      const full = [1000, 2000, 4000, 8000, 8000, 8000];
      expect(gaps).toHaveLength(6);
      gaps.forEach((gap, i) => {
        expect(gap).toBeGreaterThanOrEqual((full[i] as number) / 2);
        expect(gap).toBeLessThanOrEqual(full[i] as number);
      });
    });
  });

  describe('cancel', () => {
    it('rejects at once with kind canceled and never calls the task when the signal is already aborted', async () => {
      const task = vi.fn(() => Promise.resolve(1));
      const controller = new AbortController();
      controller.abort('gone');
      await expect(
        pollUntil(task, { until: () => true, signal: controller.signal, timeout: 1000 }),
      ).rejects.toMatchObject({ kind: 'canceled', cause: 'gone' });
      expect(task).not.toHaveBeenCalled();
      expect(activeTimerCount()).toBe(0);
    });

    it('aborts the request in flight and rejects with kind canceled when the signal aborts', async () => {
      const { task, signals } = slowTask(5000, ['running']);
      const controller = new AbortController();
      const result = pollUntil(task, {
        until: () => false,
        signal: controller.signal,
        timeout: 60_000,
      });
      const assertion = expect(result).rejects.toSatisfy(
        (e) => isApiError(e) && e.kind === 'canceled' && !isPollTimeoutError(e),
      );
      await vi.advanceTimersByTimeAsync(100);
      controller.abort();
      await assertion;
      expect(signals[0]?.aborted).toBe(true);
      // Only the task's own (fake) timer is left; the kit's are all cleared.
      expect(activeTimerCount()).toBe(0);
    });

    it('leaves no listener on the caller signal once settled', async () => {
      const controller = new AbortController();
      const add = vi.spyOn(controller.signal, 'addEventListener');
      const remove = vi.spyOn(controller.signal, 'removeEventListener');
      const { task } = slowTask(10, ['a', 'b', 'done']);
      const result = pollUntil(task, {
        until: (v) => v === 'done',
        interval: 10,
        signal: controller.signal,
      });
      await vi.advanceTimersByTimeAsync(1000);
      await expect(result).resolves.toBe('done');
      expect(add).toHaveBeenCalledTimes(1);
      expect(remove).toHaveBeenCalledTimes(1);
    });

    it('rejects with canceled when aborted during the wait', async () => {
      const { task } = slowTask(0, ['running']);
      const controller = new AbortController();
      const result = pollUntil(task, { until: () => false, signal: controller.signal });
      const assertion = expect(result).rejects.toMatchObject({ kind: 'canceled' });
      await vi.advanceTimersByTimeAsync(500);
      controller.abort();
      await assertion;
      expect(task).toHaveBeenCalledTimes(1);
      expect(activeTimerCount()).toBe(0);
    });
  });
});
