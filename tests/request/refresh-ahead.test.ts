import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { activeTimerCount, clearTimer, setTimer } from '../../src/core/timers';
import { createRefreshAhead } from '../../src/request/refresh-ahead';

const T0 = Date.parse('2026-01-05T09:00:00Z');
const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A JWT expiring `seconds` after T0. */
const jwtFor = (seconds: number, id = 'a') =>
  `${part({ alg: 'HS256' })}.${part({ exp: T0 / 1000 + seconds, jti: id })}.sig`;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});

afterEach(() => {
  vi.useRealTimers();
});

function setup(ahead: number) {
  const refresh = vi.fn(async (_stale: string) => 'next');
  const scheduler = createRefreshAhead({ ahead, refresh, timers: { setTimer, clearTimer } });
  return { refresh, scheduler };
}

describe('createRefreshAhead', () => {
  it('refreshes `ahead` ms before exp, with the token it was tracking', async () => {
    const { refresh, scheduler } = setup(10_000);
    const token = jwtFor(60);
    scheduler.track(token);

    await vi.advanceTimersByTimeAsync(49_999);
    expect(refresh).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(refresh).toHaveBeenCalledWith(token);
    expect(activeTimerCount()).toBe(0);
  });

  it('follows the newest token: the old one is never refreshed', async () => {
    const { refresh, scheduler } = setup(10_000);
    scheduler.track(jwtFor(60, 'old'));
    await vi.advanceTimersByTimeAsync(20_000);
    const renewed = jwtFor(80, 'new');
    scheduler.track(renewed);

    await vi.advanceTimersByTimeAsync(49_999);
    expect(refresh).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(refresh.mock.calls).toEqual([[renewed]]);
  });

  it('schedules nothing for an opaque token, an expired one, or a sign-out', async () => {
    const { refresh, scheduler } = setup(1_000);
    scheduler.track('at_4f9a0c');
    expect(activeTimerCount()).toBe(0);
    scheduler.track(jwtFor(-1));
    expect(activeTimerCount()).toBe(0);
    scheduler.track(jwtFor(60));
    scheduler.track(null);
    expect(activeTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(refresh).not.toHaveBeenCalled();
  });

  it('waits at least half the time left when `ahead` is longer than the token lives', async () => {
    const { refresh, scheduler } = setup(60_000);
    scheduler.track(jwtFor(20));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(refresh).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('does not fire at once for an exp beyond what setTimeout can hold', async () => {
    const { refresh, scheduler } = setup(1_000);
    const days = 40;
    scheduler.track(jwtFor(days * 86_400));
    await vi.advanceTimersByTimeAsync(2_147_483_647);
    expect(refresh).not.toHaveBeenCalled();
    // Woken up once at the limit, it scheduled the rest.
    expect(activeTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(days * 86_400_000 - 2_147_483_647 - 1_000);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('leaves no unhandled rejection when the refresh fails', async () => {
    const refresh = vi.fn(async () => {
      throw new Error('refresh failed');
    });
    const scheduler = createRefreshAhead({
      ahead: 1_000,
      refresh,
      timers: { setTimer, clearTimer },
    });
    scheduler.track(jwtFor(5));
    await vi.advanceTimersByTimeAsync(4_000);
    expect(refresh).toHaveBeenCalledTimes(1);
    // The same token is not tried again by the scheduler: the next 401 does that.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('stop() cancels what is scheduled', async () => {
    const { refresh, scheduler } = setup(1_000);
    scheduler.track(jwtFor(5));
    scheduler.stop();
    expect(activeTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(refresh).not.toHaveBeenCalled();
  });
});

// The scheduler is imported by an instance that sets auth.refreshAhead (a page without it does
// not carry it): a token read before the module has arrived is still refreshed ahead of its exp.
describe('auth.refreshAhead on an instance', () => {
  it('refreshes the token its first request read, before the scheduler had loaded', async () => {
    const { createHttp } = await import('../../src/request/create-http');
    let current = jwtFor(60, 'first');
    const refresh = vi.fn(async () => {
      current = jwtFor(120, 'second');
      return current;
    });
    const http = createHttp({
      baseURL: 'http://127.0.0.1:9/api',
      loading: false,
      retry: false,
      auth: { getToken: () => current, refresh, refreshAhead: 10_000 },
    });
    const adapter = async (config: object) => ({
      data: { ok: true },
      status: 200,
      statusText: 'OK',
      headers: {},
      config,
    });
    // The request reads the token at once; the scheduler's module is still on its way.
    await http.get('/me', { adapter: adapter as never });
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(49_999);
    expect(refresh).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});
