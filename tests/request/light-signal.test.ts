import { describe, expect, it, vi } from 'vitest';
import { LightSignal } from '../../src/request/light-signal';

describe('LightSignal', () => {
  it('aborts once, with a reason, calling onabort and listeners with the signal as this', () => {
    const signal = new LightSignal();
    const seen: unknown[] = [];
    const listener = vi.fn(function (this: unknown) {
      seen.push(this);
    });
    signal.onabort = vi.fn();
    signal.addEventListener('abort', listener);
    signal.abort('why');
    signal.abort('again');
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe('why');
    expect(listener).toHaveBeenCalledTimes(1);
    expect(signal.onabort).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([signal]);
    expect(() => signal.throwIfAborted()).toThrow();
  });

  it('removes listeners, supports once and handleEvent objects', () => {
    const signal = new LightSignal();
    const removed = vi.fn();
    const once = vi.fn();
    const handler = { handleEvent: vi.fn() };
    signal.addEventListener('abort', removed);
    signal.removeEventListener('abort', removed);
    signal.addEventListener('abort', once, { once: true });
    signal.addEventListener('abort', handler);
    signal.addEventListener('other', removed);
    signal.abort();
    expect(removed).not.toHaveBeenCalled();
    expect(once).toHaveBeenCalledTimes(1);
    expect(handler.handleEvent).toHaveBeenCalledWith({ type: 'abort', target: signal });
  });
});

describe('LightSignal once listeners', () => {
  it('removes a once listener by the function that was added, as axios does after a response', () => {
    const signal = new LightSignal();
    const listener = vi.fn();
    signal.addEventListener('abort', listener, { once: true });
    signal.removeEventListener('abort', listener);
    signal.abort();
    expect(listener).not.toHaveBeenCalled();
  });
});
