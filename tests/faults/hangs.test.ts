import { describe, expect, it } from 'vitest';
import { expectApiError, kit, useOracle } from './helpers/oracle';
import { json, pause, startServer, until } from './helpers/servers';

useOracle();

/** Reject when `promise` has not settled within `ms` (a hang is a failure, not a stuck test). */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    pause(ms).then(() => {
      throw new Error(`still pending after ${ms} ms`);
    }),
  ]);
}

/** An API that answers 401 to every request, and an async getToken that hangs after its first read. */
async function hangingReread() {
  const server = await startServer((_req, res) => json(res, 401, { message: 'expired' }));
  let reads = 0;
  const getToken = () => {
    reads += 1;
    // The first read (for the request) answers; the re-read after the 401 never does.
    return reads === 1 ? Promise.resolve('old') : new Promise<string>(() => undefined);
  };
  return { server, getToken, reads: () => reads };
}

describe('every await inside a call ends with its signal and its deadline', () => {
  it('a getToken re-read after a 401 that never settles: kind timeout at the deadline', async () => {
    const { server, getToken, reads } = await hangingReread();
    const http = kit({
      baseURL: server.origin,
      timeout: 300,
      retry: false,
      auth: { getToken, refresh: async () => 'new' },
    });
    await expectApiError(within(http.get('/me'), 3000), { kind: 'timeout' });
    expect(reads()).toBe(2);
    expect(http.pending).toBe(0);
  });

  it('the same re-read ends at once with cancelAll(): kind canceled', async () => {
    const { server, getToken, reads } = await hangingReread();
    const errors: unknown[] = [];
    const http = kit({
      baseURL: server.origin,
      timeout: 0,
      retry: false,
      auth: { getToken, refresh: async () => 'new' },
      onError: (e) => errors.push(e),
    });
    const call = http.get('/me');
    await until(() => reads() === 2, 'the re-read started');
    expect(http.cancelAll()).toBe(1);
    await expectApiError(within(call, 1000), { kind: 'canceled' });
    expect(http.pending).toBe(0);
    expect(errors).toEqual([]);
  });

  it("the same re-read ends at once with the caller's signal", async () => {
    const { server, getToken, reads } = await hangingReread();
    const http = kit({
      baseURL: server.origin,
      timeout: 0,
      retry: false,
      auth: { getToken, refresh: async () => 'new' },
    });
    const controller = new AbortController();
    const call = http.get('/me', { signal: controller.signal });
    await until(() => reads() === 2, 'the re-read started');
    controller.abort();
    await expectApiError(within(call, 1000), { kind: 'canceled' });
  });
});
