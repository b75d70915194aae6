// The one reconnect-policy normaliser (src/core/reconnect-policy.ts) shared by polling and streams,
// and the reconnect loop streams run on it (src/realtime/reconnect-loop.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, reconnectPolicy } from '../../src/core';
import { pollPolicy } from '../../src/polling/poll-policy';
import { startReconnectLoop } from '../../src/realtime/reconnect-loop';

const noJitter = { jitter: 0 };

describe('reconnectPolicy', () => {
  it('applies defaults once: doubling from min, capped at max, never giving up by default', () => {
    const policy = reconnectPolicy(noJitter, { min: 100, max: 500 });
    expect([0, 1, 2, 3, 9].map((n) => policy.delay(n))).toEqual([100, 200, 400, 500, 500]);
    expect(policy.shouldRetry(1_000_000)).toBe(true);
  });

  it('false never tries again; retries counts tries in a row', () => {
    expect(reconnectPolicy(false, { min: 1, max: 2 }).shouldRetry(0)).toBe(false);
    const three = reconnectPolicy({ retries: 3 }, { min: 1, max: 2 });
    expect([0, 1, 2, 3].map((n) => three.shouldRetry(n))).toEqual([true, true, true, false]);
  });

  it("a server's hint replaces min, never below the floor nor above max", () => {
    const policy = reconnectPolicy(noJitter, { min: 1000, max: 30_000, hintFloor: 250 });
    expect(policy.delay(0, 0)).toBe(250);
    expect(policy.delay(2, 0)).toBe(1000);
    expect(policy.delay(0, 5000)).toBe(5000);
    expect(policy.delay(0, 10 ** 9)).toBe(30_000);
    // Jitter never takes a hinted wait under the floor.
    const jittered = reconnectPolicy(
      { random: () => 0.999 },
      { min: 1000, max: 30_000, hintFloor: 250 },
    );
    expect(jittered.delay(0, 0)).toBe(250);
  });

  it("polling's policy starts from the interval (at least 100 ms) and tolerates `retries`", () => {
    expect(pollPolicy(2000, noJitter).delay(0)).toBe(2000);
    expect(pollPolicy(10, noJitter).delay(1)).toBe(200);
    expect(pollPolicy(60_000, noJitter).delay(5)).toBe(60_000);
    expect(pollPolicy(10, {}, 0).shouldRetry(0)).toBe(false);
  });
});

describe('the reconnect loop', () => {
  afterEach(() => vi.useRealTimers());

  it('backs off while connections fail, resets on reset(), stops on the first failure it may not retry', async () => {
    vi.useFakeTimers();
    const waits: number[] = [];
    let connections = 0;
    const stop = new AbortController();
    const drop = new ApiError({ kind: 'network', message: 'dropped' });
    const fatal = new ApiError({ kind: 'http', status: 404, message: 'gone' });
    const loop = startReconnectLoop({
      signal: stop.signal,
      policy: reconnectPolicy(noJitter, { min: 10, max: 1000 }),
      connect: async () => {
        connections += 1;
        if (connections === 3) loop.reset();
        throw connections === 5 ? fatal : drop;
      },
      classify: (error) => error as ApiError,
      canRetry: (failure) => failure.kind === 'network',
      hint: () => undefined,
      onRetry: ({ delay }) => waits.push(delay),
    });
    const outcome = loop.done.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await outcome).toBe(fatal);
    expect(waits).toEqual([10, 20, 10, 20]);
  });

  it('an abort ends the wait quietly', async () => {
    const stop = new AbortController();
    const loop = startReconnectLoop({
      signal: stop.signal,
      policy: reconnectPolicy(undefined, { min: 60_000, max: 60_000 }),
      connect: async () => {
        throw new ApiError({ kind: 'network', message: 'dropped' });
      },
      classify: (error) => error as ApiError,
      canRetry: () => true,
      hint: () => undefined,
      onRetry: () => stop.abort(),
    });
    expect(await loop.done).toBe('stopped');
  });
});
