// Which feature of the kit costs what: the bench's kit instance next to the same instance with one
// feature switched off at a time, and bare axios with and without its own `timeout`, interleaved
// against the bench server in one process (the throughput harness: slices in a balanced order, no
// forced GC). CPU per request, medians over rounds.
//   node --expose-gc --import tsx bench/variants.ts [rounds=30] [concurrency=32]
import type { HttpOptions } from '../src/request';
import { bareAxios, type Client } from './clients';
import { startServer } from './harness';
import { kitInstance } from './kit';
import { median } from './stats';
import { runThroughput, type ThroughputResult } from './throughput';

const rounds = Math.min(200, Number(process.argv[2] ?? 30));
const concurrency = Math.min(256, Number(process.argv[3] ?? 32));
const server = await startServer();

const named = (name: string, client: Client): Client => ({ ...client, name });
const kit = (name: string, overrides: HttpOptions) =>
  named(name, kitInstance(server.baseURL, overrides));
const clients: Client[] = [
  bareAxios(server.baseURL),
  named('axios, timeout 15000', bareAxios(server.baseURL, { timeout: 15_000 })),
  kit('kit', {}),
  kit('kit, no deadline (timeout 0)', { timeout: 0 }),
  kit('kit, no auth', { auth: undefined }),
  kit('kit, no envelope', { envelope: false }),
  kit('kit, all off', {
    auth: undefined,
    timeout: 0,
    retry: false,
    envelope: false,
    loading: false,
  }),
];
const count = concurrency === 1 ? 100 : 640;
let result: ThroughputResult;
try {
  result = await runThroughput(
    {
      key: 'variants',
      title: `variants, concurrency ${concurrency}`,
      call: (client, i) => client.getUser((i % 10) + 1),
      count,
      concurrency,
    },
    clients,
    { rounds, warmup: 300, maxSliceMs: 1_500, log: () => {} },
  );
} finally {
  await server.stop();
}
const failures = [
  ...Object.entries(result.skipped).map(([name, error]) => `${name}: ${error}`),
  ...Object.entries(result.errors)
    .filter(([, errors]) => errors > 0)
    .map(([name, errors]) => `${name}: ${errors} failed requests`),
];
if (failures.length > 0) throw new Error(failures.join('; '));
const base = median(result.cpu.axios ?? []);
process.stdout.write(`${rounds} rounds × ${count} requests, concurrency ${concurrency}\n`);
for (const { name } of clients) {
  const value = median(result.cpu[name] ?? []);
  process.stdout.write(
    `${name.padEnd(30)} ${value.toFixed(1).padStart(7)} µs/req  ${(value - base >= 0 ? '+' : '') + (value - base).toFixed(1)} µs vs axios\n`,
  );
}
