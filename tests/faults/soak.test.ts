import { getEventListeners } from 'node:events';
import { Agent } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineEndpoint } from '../../src/api';
import { poll } from '../../src/polling';
import { activeTimerCount } from '../../src/request';
import { kit, useOracle } from './helpers/oracle';
import { json, startServer } from './helpers/servers';

useOracle();

/**
 * 10,000 requests and 10,000 poll cycles (about 20 s on 2 cores); `FAULTS_SOAK=quick` runs a
 * tenth of that while iterating. Heap growth after GC is printed for the report; what is asserted
 * is what must never grow: timers, listeners and the instance's bookkeeping.
 */
const FULL = process.env.FAULTS_SOAK !== 'quick';
const REQUESTS = FULL ? 10_000 : 1_000;
const CYCLES = FULL ? 10_000 : 1_000;
const CONCURRENCY = 25;
const POLLERS = 10;

function collect(): () => number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

describe('soak', () => {
  it(`${REQUESTS} requests and ${CYCLES} poll cycles through the full stack leave nothing behind`, async () => {
    let n = 0;
    const server = await startServer(
      (req, res) => {
        n += 1;
        if (req.headers.authorization !== 'Bearer soak-token') {
          json(res, 401, {});
          return;
        }
        json(res, 200, { code: 0, message: 'ok', data: { id: `u${n}`, n } });
      },
      { record: false },
    );
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    let shown = 0;
    const http = kit({
      baseURL: server.origin,
      auth: { getToken: () => 'soak-token' },
      envelope: {},
      loading: { delay: 0, start: () => shown++, done: () => shown-- },
    });
    http.defaults.httpAgent = agent;
    const get = defineEndpoint({
      method: 'GET',
      path: '/items/:id',
      params: z.object({ id: z.string() }),
      query: z.object({ page: z.number().int() }),
      response: z.object({ id: z.string(), n: z.number() }),
      http,
    });
    const shared = new AbortController();
    const heap = collect();

    // Warm up (JIT, sockets, zod caches) before the baseline.
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => get({ params: { id: `w${i}` }, query: { page: i } })),
    );
    const baseline = heap();
    const listenersBefore = getEventListeners(shared.signal, 'abort').length;
    const started = Date.now();

    let next = 0;
    const worker = async () => {
      while (next < REQUESTS) {
        const i = next++;
        const item = await get(
          { params: { id: String(i) }, query: { page: i % 7 } },
          { signal: shared.signal },
        );
        if (typeof item.n !== 'number') throw new Error('unvalidated item');
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const afterRequests = heap();

    let cycles = 0;
    await Promise.all(
      Array.from({ length: POLLERS }, (_, p) => {
        let mine = 0;
        const poller = poll(
          ({ signal }) => get({ params: { id: `p${p}` }, query: { page: p } }, { signal }),
          {
            interval: 0,
            signal: shared.signal,
            onValue: () => {
              cycles += 1;
              mine += 1;
              if (mine >= CYCLES / POLLERS) poller.stop();
            },
            onError: (error) => {
              poller.stop();
              throw error;
            },
          },
        );
        return poller.done;
      }),
    );
    const afterPolls = heap();
    const seconds = (Date.now() - started) / 1000;

    expect(cycles).toBe(CYCLES);
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(listenersBefore);
    expect(activeTimerCount()).toBe(0);
    expect(http.stats()).toEqual({ pending: 0, dedupe: 0, refreshWaiters: 0, loading: 0 });
    expect(shown).toBe(0);
    agent.destroy();

    const growth = afterPolls - baseline;
    console.log(
      `[soak] ${REQUESTS} requests + ${CYCLES} poll cycles in ${seconds.toFixed(1)} s; heap after GC: ` +
        `baseline ${mb(baseline)}, after requests ${mb(afterRequests)}, after polls ${mb(afterPolls)}, ` +
        `growth ${mb(growth)} (${FULL ? 'full' : 'quick'} count)`,
    );
  }, 120_000);
});
