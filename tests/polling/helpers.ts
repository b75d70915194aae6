import { afterEach, beforeEach, vi } from 'vitest';
import type { PollContext } from '../../src/polling';

/** Fake timers from time 0 around every test of the file: call it once, at the top level. */
export function useFakeClock(): void {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/**
 * A polling task whose every call takes `ms` of fake time (0: a microtask). It answers `values` in
 * turn, repeating the last one (an `Error` rejects), or the call's index when no values are given.
 * It records when each call started, its signal, and how many ran at once. It honours its signal
 * (rejects with the reason at once) unless `ignoresSignal`, the case of a task that does not
 * pass its signal on: then only the poller's own abort handling stands between it and the caller.
 *
 * @example const { task, starts, maxRunning } = timedTask(300, ['running', 'done'])
 */
export function timedTask<T = number>(
  ms: number,
  values?: Array<T | Error>,
  { ignoresSignal = false } = {},
) {
  const starts: number[] = [];
  const signals: AbortSignal[] = [];
  let running = 0;
  let maxRunning = 0;
  const task = vi.fn(({ signal }: PollContext) => {
    const call = starts.length;
    const value = values ? values[Math.min(call, values.length - 1)] : (call as T);
    starts.push(Date.now());
    signals.push(signal);
    running += 1;
    maxRunning = Math.max(maxRunning, running);
    return new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let settled = false;
      const settle = () => {
        if (settled) return;
        settled = true;
        running -= 1;
        if (value instanceof Error) reject(value);
        else resolve(value as T);
      };
      if (ms === 0) Promise.resolve().then(settle);
      else timer = setTimeout(settle, ms);
      if (ignoresSignal) return;
      signal.addEventListener('abort', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        running -= 1;
        reject(signal.reason);
      });
    });
  });
  return { task, starts, signals, maxRunning: () => maxRunning };
}
