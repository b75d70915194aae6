// Which feature of the kit costs what: the bench's kit instance next to the same instance with one
// feature switched off at a time, and bare axios with and without its own `timeout`, interleaved
// against the bench server in one process. CPU per request, medians over rounds.
//   node --expose-gc --import tsx bench/variants.ts [rounds=30] [concurrency=32]
import axios from 'axios';
import { createHttp, type HttpOptions } from '../src/request';
import { bareAxios, TOKEN } from './clients';
import { collect, slice, startServer } from './harness';
import { median } from './stats';

const rounds = Math.min(200, Number(process.argv[2] ?? 30));
const concurrency = Math.min(256, Number(process.argv[3] ?? 32));
const server = await startServer();

type Call = (i: number) => Promise<unknown>;

/** The bench's kit instance (token, loading, envelope, default deadline and retry), with overrides. */
function kit(overrides: HttpOptions): Call {
  const http = createHttp({
    baseURL: server.baseURL,
    auth: { getToken: () => TOKEN },
    loading: { delay: 200 },
    envelope: {},
    ...overrides,
  });
  return async (i) => (await http.get(`/env/user/${(i % 10) + 1}`)).data;
}

function axiosWithTimeout(timeout: number): Call {
  const http = axios.create({
    baseURL: server.baseURL,
    timeout,
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  return async (i) => (await http.get(`/env/user/${(i % 10) + 1}`)).data.data;
}

const bare = bareAxios(server.baseURL);
const variants: Record<string, Call> = {
  axios: (i) => bare.getUser((i % 10) + 1),
  'axios, timeout 15000': axiosWithTimeout(15_000),
  kit: kit({}),
  'kit, no deadline (timeout 0)': kit({ timeout: 0 }),
  'kit, no auth': kit({ auth: undefined }),
  'kit, no envelope': kit({ envelope: false }),
  'kit, all off': kit({
    auth: undefined,
    timeout: 0,
    retry: false,
    envelope: false,
    loading: false,
  }),
};
const names = Object.keys(variants);
const cpu: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
const count = concurrency === 1 ? 100 : 640;
try {
  for (const name of names) await slice(variants[name] as Call, 300, concurrency, 2_000);
  for (let round = 0; round < rounds; round++) {
    // The order rotates every round, so no variant always runs after the same neighbour.
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length] as string;
      collect();
      const result = await slice(variants[name] as Call, count, concurrency, 1_500);
      if (result.errors > 0) throw new Error(`${name}: ${String(result.firstError)}`);
      cpu[name]?.push(result.cpuPerCall);
    }
  }
} finally {
  await server.stop();
}
const base = median(cpu.axios ?? []);
process.stdout.write(`${rounds} rounds × ${count} requests, concurrency ${concurrency}\n`);
for (const name of names) {
  const value = median(cpu[name] ?? []);
  process.stdout.write(
    `${name.padEnd(30)} ${value.toFixed(1).padStart(7)} µs/req  ${(value - base >= 0 ? '+' : '') + (value - base).toFixed(1)} µs vs axios\n`,
  );
}
