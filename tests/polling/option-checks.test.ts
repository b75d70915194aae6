// Delays that are not delays are refused before the first request. Found by attacking the
// pollers: `interval: NaN` polled about once a millisecond (a timer given NaN runs at once),
// `timeout: -1` meant no deadline, `minGap: -1` let an instantly answering server make a long
// poll spin, and a reconnect `min: NaN` made a dropped socket reconnect as fast.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isApiError, reconnectPolicy } from '../../src/core';
import { longPoll, poll, pollUntil } from '../../src/polling';

afterEach(() => {
  vi.useRealTimers();
});

/** What `run` throws (`undefined` when it returns). */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

function validationDetail(error: unknown): string | undefined {
  return isApiError(error) && error.kind === 'validation' ? error.detail : undefined;
}

describe('pollUntil', () => {
  it.each([
    ['interval NaN', { interval: Number.NaN }, /interval must be a finite number >= 0, not NaN/],
    ['interval -5', { interval: -5 }, /interval must be a finite number >= 0, not -5/],
    ['interval Infinity', { interval: Number.POSITIVE_INFINITY }, /not Infinity/],
    ['timeout NaN', { timeout: Number.NaN }, /timeout must be a number >= 0, not NaN/],
    ['timeout -1', { timeout: -1 }, /timeout must be a number >= 0, not -1/],
    ['retries -1', { retries: -1 }, /retries must be a number >= 0, not -1/],
    [
      'backoff.min NaN',
      { backoff: { min: Number.NaN } },
      /backoff min must be a finite number >= 0/,
    ],
  ])('%s: rejects with kind validation, the task never called', async (_, options, detail) => {
    const task = vi.fn(async () => 1);
    const error = await pollUntil(task, { until: () => true, ...options }).catch((e: unknown) => e);
    expect(validationDetail(error)).toMatch(detail);
    expect(task).not.toHaveBeenCalled();
  });

  it('an interval function that answers NaN rejects instead of spinning', async () => {
    let calls = 0;
    const error = await pollUntil(
      async () => {
        calls += 1;
        return calls;
      },
      { until: () => false, interval: () => Number.NaN },
    ).catch((e: unknown) => e);
    expect(validationDetail(error)).toMatch(/interval\(\) must be a finite number >= 0, not NaN/);
    expect(calls).toBe(1);
  });

  it('timeout Infinity and 0 still mean no deadline', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const done = pollUntil(async () => ++calls, {
      until: (n) => n === 3,
      interval: 10,
      timeout: Number.POSITIVE_INFINITY,
    });
    await vi.advanceTimersByTimeAsync(50);
    await expect(done).resolves.toBe(3);
    await expect(pollUntil(async () => 1, { until: () => true, timeout: 0 })).resolves.toBe(1);
  });
});

describe('poll and longPoll', () => {
  it.each([Number.NaN, -1, Number.POSITIVE_INFINITY])(
    'poll interval %s throws kind validation, nothing started',
    (interval) => {
      const task = vi.fn(async () => 1);
      const thrown = thrownBy(() => {
        poll(task, { interval, onValue: () => undefined });
      });
      expect(validationDetail(thrown)).toMatch(/interval must be a finite number >= 0/);
      expect(task).not.toHaveBeenCalled();
    },
  );

  it.each([Number.NaN, -1])(
    'longPoll minGap %s throws kind validation, nothing started',
    (minGap) => {
      const task = vi.fn(async () => ({ events: [] as number[] }));
      const thrown = thrownBy(() => {
        longPoll(task, { minGap, onValue: () => undefined });
      });
      expect(validationDetail(thrown)).toMatch(/minGap must be a finite number >= 0/);
      expect(task).not.toHaveBeenCalled();
    },
  );

  it('poll interval 0 and longPoll minGap 0 are allowed', () => {
    vi.useFakeTimers();
    const a = poll(async () => 1, { interval: 0, onValue: () => undefined });
    const b = longPoll(async () => ({ events: [] as number[] }), {
      minGap: 0,
      onValue: () => undefined,
    });
    a.stop();
    b.stop();
  });
});

describe('reconnectPolicy (sockets, streams and pollers share it)', () => {
  it.each([
    [{ min: Number.NaN }, /backoff min/],
    [{ max: -1 }, /backoff max/],
    [{ factor: Number.NaN }, /backoff factor/],
    [{ retries: Number.NaN }, /retries/],
  ])('%o throws kind validation', (options, detail) => {
    const thrown = thrownBy(() => {
      reconnectPolicy(options, { min: 1, max: 2 });
    });
    expect(validationDetail(thrown)).toMatch(detail);
  });

  it('retries Infinity and false stay valid', () => {
    expect(
      reconnectPolicy({ retries: Number.POSITIVE_INFINITY }, { min: 1, max: 2 }).shouldRetry(
        10 ** 9,
      ),
    ).toBe(true);
    expect(reconnectPolicy(false, { min: 1, max: 2 }).shouldRetry(0)).toBe(false);
  });
});

describe('sockets and event streams refuse a reconnect delay that is not one, before connecting', () => {
  it('createSocket and openEventStream throw kind validation; nothing opened or sent', async () => {
    const { createSocket, openEventStream } = await import('../../src/realtime');
    const { createHttp } = await import('../../src/request');
    let sockets = 0;
    class CountingWebSocket {
      constructor() {
        sockets += 1;
      }
    }
    const thrown = thrownBy(() => {
      createSocket('ws://127.0.0.1:9/ws', {
        WebSocket: CountingWebSocket as unknown as typeof WebSocket,
        reconnect: { min: Number.NaN },
      });
    });
    expect(validationDetail(thrown)).toMatch(/backoff min must be a finite number >= 0, not NaN/);
    expect(sockets).toBe(0);

    const http = createHttp({ baseURL: 'http://api.test' });
    let sent = 0;
    http.defaults.adapter = async () => {
      sent += 1;
      throw new Error('not expected');
    };
    const streamThrown = thrownBy(() => {
      openEventStream('/events', { http, onEvent: () => undefined, reconnect: { retries: -1 } });
    });
    expect(validationDetail(streamThrown)).toMatch(/retries must be a number >= 0, not -1/);
    expect(sent).toBe(0);
  });
});
