// Where long-poll latency goes at high event rates, per consumer, seen from both ends:
//   node --import tsx bench/longpoll-probe.ts [rounds=12] [events=300] [interval=1] [--spin=100,200]
// For each consumer and round: p50 latency, the share of requests that reached the server before
// the next event (parked, so the event is answered the moment it is published), events per answer,
// the turnaround the server sees (answer sent -> next request in), the client's CPU per request
// and its GC time. `--spin` adds bare axios loops that burn that many µs of CPU per cycle.

import { loadavg } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import axios from 'axios';
import { TOKEN } from './clients';
import type { FeedBatch } from './fixtures';
import { startServer } from './harness';
import { instanceFor, kitEndpoints, kitLongPoll } from './kit';
import { bareAxiosLongPoll, type FeedConsumer, Recorder } from './latency';
import { balancedOrder, median, quantile } from './stats';

const args = process.argv.slice(2);
const positional = args.filter((a) => !a.startsWith('--'));
const rounds = Number(positional[0] ?? 12);
const events = Number(positional[1] ?? 300);
const interval = Number(positional[2] ?? 1);
const spins = (
  args
    .find((a) => a.startsWith('--spin='))
    ?.slice(7)
    .split(',') ?? []
).map(Number);

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

/** The same `defineEndpoint` feed as `kitLongPoll`, in a plain loop: the kit without `longPoll`. */
const kitLoop: FeedConsumer = {
  name: 'kit endpoint loop',
  async consume(baseURL, chan, count, onEvent, signal) {
    const { feed } = kitEndpoints(instanceFor(baseURL));
    let cursor = 0;
    while (cursor < count && !signal.aborted) {
      const batch = await feed({ query: { chan, cursor } }, { signal });
      for (const event of batch.events) onEvent(event);
      cursor = batch.cursor;
    }
  },
};

const spinLoop = (us: number): FeedConsumer => ({
  name: `axios loop + ${us} µs`,
  async consume(baseURL, chan, count, onEvent, signal) {
    const ax = axios.create({ baseURL, headers: { Authorization: `Bearer ${TOKEN}` } });
    let cursor = 0;
    while (cursor < count && !signal.aborted) {
      const end = performance.now() + us / 1000;
      while (performance.now() < end) {
        // Burn CPU: the cost of a heavier client, nothing else.
      }
      const { data } = await ax.get<{ data: FeedBatch }>('/feed', {
        params: { chan, cursor },
        signal,
      });
      for (const event of data.data.events) onEvent(event);
      cursor = data.data.cursor;
    }
  },
});

const consumers = [bareAxiosLongPoll, kitLoop, kitLongPoll, ...spins.map(spinLoop)];
const server = await startServer();
const base = server.baseURL;
const stats = ['p50', 'parked %', 'events/answer', 'turn µs', 'turn p90 µs', 'cpu µs/req', 'gc ms'];
const out = new Map(consumers.map((c) => [c.name, stats.map(() => [] as number[])]));
const load = loadavg()[0]!;
for (let round = -1; round < rounds; round++) {
  const line: string[] = [];
  for (const consumer of balancedOrder(consumers, round)) {
    const { data } = await axios.get<{ chan: string }>(`${base}/channel`, {
      params: { count: events, interval, delay: 150 },
    });
    const recorder = new Recorder(server.clockOffset);
    const cpu = process.cpuUsage();
    gcMs = 0;
    await consumer.consume(
      base,
      data.chan,
      events,
      recorder.onEvent,
      AbortSignal.timeout(150 + events * interval + 5000),
    );
    const used = process.cpuUsage(cpu);
    const gc = gcMs;
    const { data: requests } = await axios.get<
      { arrived: number; parked: boolean; answered: number }[]
    >(`${base}/channel/requests`, { params: { chan: data.chan } });
    await axios.get(`${base}/channel/close`, { params: { chan: data.chan } });
    const turns = requests.slice(1).map((r, i) => (r.arrived - requests[i]!.answered) * 1000);
    const p50 = quantile(recorder.latencies, 0.5);
    line.push(`${consumer.name} ${p50.toFixed(2)}`);
    if (round < 0) continue;
    const row = [
      p50,
      (100 * requests.filter((r) => r.parked).length) / requests.length,
      recorder.received / requests.length,
      median(turns),
      quantile(turns, 0.9),
      (used.user + used.system) / requests.length,
      gc,
    ];
    for (const [i, value] of row.entries()) out.get(consumer.name)![i]!.push(value);
  }
  console.log(`${round < 0 ? 'warm-up' : `round ${round + 1}`}: ${line.join(', ')}`);
}
console.log(
  `\nload average ${load.toFixed(2)} -> ${loadavg()[0]!.toFixed(2)}; ${rounds} rounds × ${events} events ${interval} ms apart; medians over rounds`,
);
console.log(`| consumer | ${stats.join(' | ')} | p50 per round |`);
console.log(`|---|${stats.map(() => '--:').join('|')}|---|`);
for (const [name, values] of out) {
  const cells = values.map((v, i) => median(v).toFixed(i === 0 || i === 2 ? 2 : 0));
  console.log(
    `| ${name} | ${cells.join(' | ')} | ${values[0]!.map((v) => v.toFixed(2)).join(' ')} |`,
  );
}
await server.stop();
