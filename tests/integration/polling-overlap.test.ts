import { afterEach, describe, expect, it } from 'vitest';
import { defineEndpoint, jobApi } from '../../src/api';
import { isPollTimeoutError, poll, pollUntil } from '../../src/polling';
import { activeTimerCount, createHttp } from '../../src/request';
import { json, startServer, type TestServer, waitFor } from './polling-server';

/**
 * Every kit timer gone: the poller clears its own at once (the unit tests assert that); the
 * request layer clears an aborted request's deadline when axios settles it, a moment later.
 */
const settled = () => waitFor(() => activeTimerCount() === 0, 1_000);

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A job server slower than the poll interval, counting how many requests it holds at once. */
async function slowJobServer(latency: number, doneAfter: number) {
  const stats = { requests: 0, current: 0, max: 0, aborted: 0 };
  server = await startServer((_req, res) => {
    stats.requests++;
    stats.current++;
    stats.max = Math.max(stats.max, stats.current);
    const n = stats.requests;
    const timer = setTimeout(() => {
      stats.current--;
      const now = new Date().toISOString();
      const base = { id: 'job_1', kind: 'export', createdAt: now, updatedAt: now };
      json(
        res,
        200,
        n >= doneAfter
          ? { ...base, state: 'done', progress: 100, result: { url: '/files/1', rows: 3 } }
          : { ...base, state: 'running', progress: Math.min(99, n * 10) },
      );
    }, latency);
    // The response's own 'close' (one per request): a listener on the keep-alive socket would pile
    // up, one per request, on a connection the poller reuses.
    res.once('close', () => {
      if (!res.writableEnded) {
        clearTimeout(timer);
        stats.current--;
        stats.aborted++;
      }
    });
  });
  const http = createHttp({ baseURL: server.baseURL, loading: false, retry: false });
  const status = defineEndpoint({ ...jobApi.status.definition, http });
  return { stats, status };
}

describe('polling against a real server slower than the interval', () => {
  it('pollUntil never has two requests in flight', async () => {
    const { stats, status } = await slowJobServer(80, 6);
    const job = await pollUntil(({ signal }) => status({ params: { id: 'job_1' } }, { signal }), {
      until: (j) => j.state === 'done' || j.state === 'failed',
      interval: 5,
      timeout: 10_000,
    });
    expect(job.state).toBe('done');
    expect(stats.requests).toBe(6);
    expect(stats.max).toBe(1);
    await settled();
  });

  it('poll never has two requests in flight, and stop() leaves nothing behind', async () => {
    const { stats, status } = await slowJobServer(60, Number.POSITIVE_INFINITY);
    const values: number[] = [];
    const errors: unknown[] = [];
    const poller = poll(({ signal }) => status({ params: { id: 'job_1' } }, { signal }), {
      interval: 1,
      onValue: (j) => values.push(j.progress),
      onError: (e) => errors.push(e),
    });
    const deadline = Date.now() + 10_000;
    while (values.length < 8 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    poller.stop();
    await poller.done;
    expect(values.slice(0, 8)).toEqual([10, 20, 30, 40, 50, 60, 70, 80]);
    expect(stats.max).toBe(1);
    expect(errors).toEqual([]);
    await settled();
  });

  it('pollUntil past its timeout aborts the request the server is holding', async () => {
    const { stats, status } = await slowJobServer(5_000, 99);
    const started = Date.now();
    const result = pollUntil(({ signal }) => status({ params: { id: 'job_1' } }, { signal }), {
      until: (j) => j.state === 'done',
      timeout: 300,
    });
    await expect(result).rejects.toSatisfy(
      (e) => isPollTimeoutError(e) && e.attempts === 0 && e.kind === 'timeout',
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    const deadline = Date.now() + 2_000;
    while (stats.aborted === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(stats.aborted).toBe(1);
    expect(stats.requests).toBe(1);
    await settled();
  });
});
