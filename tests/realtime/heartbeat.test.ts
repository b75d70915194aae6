import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHeartbeat } from '../../src/realtime/heartbeat';
import { activeTimerCount } from '../../src/request';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createHeartbeat', () => {
  it('pings every interval while answers come, and never calls onDead', async () => {
    const ping = vi.fn();
    const onDead = vi.fn();
    const beat = createHeartbeat({ interval: 1000, timeout: 500, ping, onDead });
    beat.start();
    for (let round = 1; round <= 3; round += 1) {
      await vi.advanceTimersByTimeAsync(1000);
      expect(ping).toHaveBeenCalledTimes(round);
      await vi.advanceTimersByTimeAsync(100);
      beat.alive();
    }
    await vi.advanceTimersByTimeAsync(450);
    expect(onDead).not.toHaveBeenCalled();
    beat.stop();
    expect(activeTimerCount()).toBe(0);
  });

  it('calls onDead once when the pong does not come within the timeout', async () => {
    const ping = vi.fn();
    const onDead = vi.fn();
    const beat = createHeartbeat({ interval: 1000, timeout: 500, ping, onDead });
    beat.start();
    await vi.advanceTimersByTimeAsync(1499);
    expect(ping).toHaveBeenCalledTimes(1);
    expect(onDead).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(onDead).toHaveBeenCalledTimes(1);
    // Dead is final for this connection: no more pings, no timer left.
    await vi.advanceTimersByTimeAsync(5000);
    expect(ping).toHaveBeenCalledTimes(1);
    expect(activeTimerCount()).toBe(0);
  });

  it('stop() clears a pending pong deadline', async () => {
    const onDead = vi.fn();
    const beat = createHeartbeat({ interval: 100, timeout: 100, ping: () => {}, onDead });
    beat.start();
    await vi.advanceTimersByTimeAsync(150);
    expect(activeTimerCount()).toBe(1);
    beat.stop();
    expect(activeTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(onDead).not.toHaveBeenCalled();
  });
});
