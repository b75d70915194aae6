// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isPageHidden, onVisibilityChange, poll } from '../../src/polling';
import { activeTimerCount } from '../../src/request';
import { timedTask as pollingTask, useFakeClock } from './helpers';

let state: 'visible' | 'hidden' = 'visible';

function setVisibility(next: 'visible' | 'hidden') {
  state = next;
  document.dispatchEvent(new Event('visibilitychange'));
}

// The requests here ignore their signal: only when they start matters.
const timedTask = (ms: number) => pollingTask(ms, undefined, { ignoresSignal: true });

useFakeClock();
beforeEach(() => {
  state = 'visible';
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('poll with pauseWhenHidden', () => {
  it('sends nothing while hidden, then exactly one immediate poll on visible, then the normal cadence', async () => {
    const { task, starts } = timedTask(10);
    const poller = poll(task, { interval: 1000, onValue: () => {}, pauseWhenHidden: true });
    await vi.advanceTimersByTimeAsync(500);
    setVisibility('hidden');
    expect(isPageHidden()).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(starts).toEqual([0]);
    expect(activeTimerCount()).toBe(0); // paused: nothing scheduled

    setVisibility('visible');
    expect(starts).toEqual([0, 10_500]);
    // Another visibilitychange while that request is in flight adds nothing.
    setVisibility('visible');
    await vi.advanceTimersByTimeAsync(2100);
    expect(starts).toEqual([0, 10_500, 11_510, 12_520]);
    poller.stop();
  });

  it('a quick hide/show before the timer fires polls once at once and replaces the pending timer', async () => {
    const { task, starts } = timedTask(0);
    const poller = poll(task, { interval: 1000, onValue: () => {}, pauseWhenHidden: true });
    await vi.advanceTimersByTimeAsync(300);
    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(100);
    setVisibility('visible');
    expect(starts).toEqual([0, 400]);
    await vi.advanceTimersByTimeAsync(1500);
    // No burst: the old timer (due at 1000) was cleared; the next is interval after 400's answer.
    expect(starts.slice(2)).toEqual([1400]);
    expect(activeTimerCount()).toBe(1);
    poller.stop();
    expect(activeTimerCount()).toBe(0);
  });

  it('lets a request in flight finish when the page hides, and waits for visible for the next', async () => {
    const { task, starts } = timedTask(300);
    const onValue = vi.fn();
    const poller = poll(task, { interval: 100, onValue, pauseWhenHidden: true });
    await vi.advanceTimersByTimeAsync(100);
    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(5000);
    expect(onValue).toHaveBeenCalledTimes(1);
    expect(starts).toEqual([0]);
    setVisibility('visible');
    expect(starts).toEqual([0, 5100]);
    poller.stop();
  });

  it('does not start while the page starts hidden', async () => {
    state = 'hidden';
    const { task, starts } = timedTask(0);
    const poller = poll(task, { interval: 100, onValue: () => {}, pauseWhenHidden: true });
    await vi.advanceTimersByTimeAsync(1000);
    expect(task).not.toHaveBeenCalled();
    setVisibility('visible');
    expect(starts).toEqual([1000]);
    poller.stop();
  });

  it('keeps polling while hidden without the option', async () => {
    state = 'hidden';
    const { task } = timedTask(0);
    const poller = poll(task, { interval: 100, onValue: () => {} });
    await vi.advanceTimersByTimeAsync(250);
    expect(task).toHaveBeenCalledTimes(3);
    poller.stop();
  });

  it('attaches one visibilitychange listener on first use and removes it with the last poller', async () => {
    const add = vi.spyOn(document, 'addEventListener');
    const remove = vi.spyOn(document, 'removeEventListener');
    const count = (spy: typeof add) =>
      spy.mock.calls.filter(([type]) => type === 'visibilitychange').length;
    const a = poll(timedTask(0).task, { interval: 100, onValue: () => {}, pauseWhenHidden: true });
    const b = poll(timedTask(0).task, { interval: 100, onValue: () => {}, pauseWhenHidden: true });
    expect(count(add)).toBe(1);
    a.stop();
    expect(count(remove)).toBe(0);
    b.stop();
    b.stop();
    expect(count(remove)).toBe(1);
    expect(remove.mock.calls.find(([t]) => t === 'visibilitychange')?.[1]).toBe(
      add.mock.calls.find(([t]) => t === 'visibilitychange')?.[1],
    );
    // Nothing is listening any more: a change reaches no poller.
    const { task } = timedTask(0);
    setVisibility('visible');
    expect(task).not.toHaveBeenCalled();
    expect(activeTimerCount()).toBe(0);
  });

  it('a stopped poller ignores visibility changes', async () => {
    const { task } = timedTask(0);
    const other = onVisibilityChange(() => {}); // keeps the document listener attached
    const poller = poll(task, { interval: 100, onValue: () => {}, pauseWhenHidden: true });
    await vi.advanceTimersByTimeAsync(10);
    poller.stop();
    setVisibility('hidden');
    setVisibility('visible');
    await vi.advanceTimersByTimeAsync(1000);
    expect(task).toHaveBeenCalledTimes(1);
    other();
  });
});
