import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  defineEndpoint,
  type FeedEventJson,
  feedBatchSchema,
  feedQuerySchema,
} from '../../src/api';
import { longPoll } from '../../src/polling';
import { activeTimerCount, createHttp } from '../../src/request';
import { json, startServer, type TestServer, waitFor } from './polling-server';

const TOTAL = 300;
const BATCH = 20;
const HOLD = 150;

/**
 * Every kit timer gone: the poller clears its own at once (the unit tests assert that); the
 * request layer clears an aborted request's deadline when axios settles it, a moment later.
 */
const settled = () => waitFor(() => activeTimerCount() === 0, 1_000);

let server: TestServer | undefined;
let producer: ReturnType<typeof setInterval> | undefined;
afterEach(async () => {
  clearInterval(producer);
  await server?.close();
  server = undefined;
});

/**
 * A long-poll feed whose event log outlives the server process (a durable store), so the
 * server can be closed and started again on the same port while a producer keeps appending.
 */
async function feedServer() {
  const log: FeedEventJson[] = [];
  const waiters = new Set<() => void>();
  const stats = { requests: 0, served: 0 };
  producer = setInterval(() => {
    for (let i = 0; i < 3 && log.length < TOTAL; i++) {
      const n = log.length + 1;
      log.push({ id: `evt_${n}`, type: 'job.updated', at: new Date().toISOString(), data: { n } });
    }
    for (const wake of [...waiters]) wake();
    if (log.length >= TOTAL) clearInterval(producer);
  }, 5);

  const answer = (res: ServerResponse, from: number) => {
    const events = log.slice(from, from + BATCH);
    stats.served += events.length;
    json(res, 200, { cursor: String(from + events.length), events });
  };

  server = await startServer((_req, res, url) => {
    stats.requests++;
    const from = Number(url.searchParams.get('cursor') ?? '0');
    if (log.length > from) return answer(res, from);
    // Nothing new: hold the request until an event arrives or the server-side timeout.
    const finish = () => {
      waiters.delete(finish);
      clearTimeout(timer);
      if (!res.destroyed) answer(res, from);
    };
    const timer = setTimeout(finish, HOLD);
    waiters.add(finish);
    res.once('close', () => {
      waiters.delete(finish);
      clearTimeout(timer);
    });
  });
  return { log, stats, server };
}

describe('longPoll against a real server restarted on the same port', () => {
  it('delivers every event exactly once, in order, across two restarts', async () => {
    const { stats, server: s } = await feedServer();
    const http = createHttp({ baseURL: s.baseURL, loading: false, retry: false });
    const since = defineEndpoint({
      method: 'GET',
      path: '/feed',
      query: feedQuerySchema,
      response: feedBatchSchema,
      http,
    });
    const seen: number[] = [];
    const errors: unknown[] = [];
    const poller = longPoll((cursor, signal) => since({ query: { cursor } }, { signal }), {
      cursor: (batch) => batch.cursor,
      onValue: (batch) => {
        for (const event of batch.events) seen.push(Number(event.data.n));
      },
      onError: (error) => errors.push(error),
      backoff: { min: 20, max: 200 },
    });

    for (const at of [100, 200]) {
      await waitFor(() => seen.length >= at, 10_000);
      await s.close();
      await new Promise((resolve) => setTimeout(resolve, 150));
      await s.restart();
    }
    await waitFor(() => seen.length >= TOTAL, 10_000);
    // A little longer: anything delivered twice would show up now.
    await new Promise((resolve) => setTimeout(resolve, 2 * HOLD));
    poller.stop();
    await poller.done;

    expect(seen).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
    // The restarts really cut the client off (refused or reset), and it came back.
    expect(errors.length).toBeGreaterThan(0);
    expect(stats.requests).toBeLessThan(500);
    await settled();
  });
});
