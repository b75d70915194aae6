import axios, { type AxiosAdapter, type AxiosResponse } from 'axios';
import { createHttp } from './.out/exp/request';
import { makeUser } from './fixtures';

const body = JSON.stringify({ code: 0, data: makeUser(1), message: 'ok' });
const adapter: AxiosAdapter = async (config) =>
  ({
    data: body,
    status: 200,
    statusText: 'OK',
    headers: new axios.AxiosHeaders({ 'content-type': 'application/json' }),
    config,
    request: {},
  }) as AxiosResponse;
const h = createHttp({ baseURL: 'http://127.0.0.1:9', loading: false, retry: false });
h.defaults.adapter = adapter;
const modes = ['full', 'timer-only', 'ctl-only', 'await', 'no-await'];
const N = 5000;
const res: Record<string, number[]> = {};
for (const m of modes) {
  (globalThis as any).__mode = m;
  for (let i = 0; i < 2000; i++) await h.get('/u');
}
for (let r = 0; r < 14; r++)
  for (const m of r % 2 ? [...modes].reverse() : modes) {
    (globalThis as any).__mode = m;
    (globalThis as any).gc();
    const s = process.cpuUsage();
    for (let i = 0; i < N; i++) await h.get('/u');
    const u = process.cpuUsage(s);
    (res[m] ??= []).push((u.user + u.system) / N);
  }
for (const [name, v] of Object.entries(res)) {
  v.sort((a, b) => a - b);
  console.log(name.padEnd(20), v[7]!.toFixed(1));
}
