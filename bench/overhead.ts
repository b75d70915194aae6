// The wrapper's own cost, network excluded: every client gets the same in-memory adapter (the
// enveloped user as a JSON string, parsed by axios's transformResponse as a real body would be),
// so the difference between two rows is only the work of the layers above the adapter.
import { Zodios } from '@zodios/core';
import axios, { type AxiosAdapter, type AxiosResponse } from 'axios';
import type { Http } from '../src/request';
import { TOKEN } from './clients';
import { envelopeOf, makeUser, User } from './fixtures';
import { collect } from './harness';
import { kitEndpoints, kitHttp } from './kit';
import { median } from './stats';

const body = JSON.stringify({ code: 0, data: makeUser(1), message: 'ok' });

const memoryAdapter: AxiosAdapter = async (config) =>
  ({
    data: body,
    status: 200,
    statusText: 'OK',
    headers: new axios.AxiosHeaders({
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(body.length),
    }),
    config,
    request: {},
  }) as AxiosResponse;

/** A call to measure, by name. */
export interface OverheadCase {
  name: string;
  call(): Promise<unknown>;
}

export function overheadCases(): OverheadCase[] {
  const baseURL = 'http://127.0.0.1:9';
  const headers = { Authorization: `Bearer ${TOKEN}` };
  const bare = axios.create({ baseURL, headers, adapter: memoryAdapter });
  const kit: Http = kitHttp(baseURL);
  kit.defaults.adapter = memoryAdapter;
  const api = kitEndpoints(kit);
  const unwrap = (data: { code: number; data: unknown }) => {
    if (data.code !== 0) throw new Error('business error');
    return data.data;
  };
  // Zodios on its own axios instance with the same adapter (definitions cast as in clients.ts).
  const zodiosApi = new Zodios(
    baseURL,
    [
      { method: 'get', path: '/env/user/:id', alias: 'getUser', response: envelopeOf(User) },
    ] as unknown as ConstructorParameters<typeof Zodios>[1],
    { axiosInstance: axios.create({ baseURL, headers, adapter: memoryAdapter }) },
  ) as unknown as { getUser(config: { params: { id: number } }): Promise<{ data: unknown }> };
  return [
    { name: 'axios', call: async () => unwrap((await bare.get('/env/user/1')).data) },
    {
      name: 'axios + zod',
      call: async () => User.parse(unwrap((await bare.get('/env/user/1')).data)),
    },
    { name: 'kit instance', call: async () => (await kit.get('/env/user/1')).data },
    { name: 'kit full stack', call: () => api.getUser({ params: { id: 1 } }) },
    {
      name: '@zodios/core',
      call: async () => (await zodiosApi.getUser({ params: { id: 1 } })).data,
    },
  ];
}

/** µs of CPU per call for each case, one entry per round, cases interleaved. */
export async function runOverhead(
  rounds: number,
  calls: number,
  log: (line: string) => void,
): Promise<Record<string, number[]>> {
  const cases = overheadCases();
  const out: Record<string, number[]> = {};
  for (const c of cases) {
    out[c.name] = [];
    for (let i = 0; i < calls; i++) await c.call();
  }
  for (let round = 0; round < rounds; round++) {
    for (const c of round % 2 === 0 ? cases : [...cases].reverse()) {
      collect();
      const start = process.cpuUsage();
      for (let i = 0; i < calls; i++) await c.call();
      const used = process.cpuUsage(start);
      out[c.name]!.push((used.user + used.system) / calls);
    }
  }
  log(
    `  overhead (µs CPU per call, no network): ${cases
      .map((c) => `${c.name} ${median(out[c.name]!).toFixed(1)}`)
      .join(', ')}`,
  );
  return out;
}
