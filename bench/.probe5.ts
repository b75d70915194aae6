import axios, { type AxiosAdapter, type AxiosResponse } from 'axios';
import { createHttp, type HttpOptions } from '../src/request';
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
const baseURL = 'http://127.0.0.1:9';
const variants: [string, () => Promise<unknown>][] = [];
const bare = axios.create({ baseURL, adapter, headers: { Authorization: 'Bearer x' } });
variants.push(['bare axios', () => bare.get('/env/user/1')]);
const bareSig = axios.create({ baseURL, adapter, timeout: 15000 });
variants.push([
  'bare axios + AbortController signal',
  () => bareSig.get('/env/user/1', { signal: new AbortController().signal }),
]);
const mk = (name: string, o: HttpOptions) => {
  const h = createHttp({ baseURL, ...o });
  h.defaults.adapter = adapter;
  variants.push([name, () => h.get('/env/user/1')]);
};
mk('kit all off', { loading: false, retry: false });
mk('kit all off, timeout 0', { loading: false, retry: false, timeout: 0 });
mk('kit + auth', { loading: false, retry: false, auth: { getToken: () => 'x' } });
mk('kit + envelope', { loading: false, retry: false, envelope: {} });
mk('kit + loading', { retry: false });
mk('kit + retry', { loading: false });
mk('kit all on', { auth: { getToken: () => 'x' }, envelope: {} });
const N = 5000;
for (const [, f] of variants) for (let i = 0; i < 2000; i++) await f();
const res: Record<string, number[]> = {};
for (let r = 0; r < 14; r++)
  for (const [name, f] of r % 2 ? [...variants].reverse() : variants) {
    (globalThis as any).gc();
    const s = process.cpuUsage();
    for (let i = 0; i < N; i++) await f();
    const u = process.cpuUsage(s);
    (res[name] ??= []).push((u.user + u.system) / N);
  }
for (const [name, v] of Object.entries(res)) {
  v.sort((a, b) => a - b);
  console.log(name.padEnd(40), v[7]!.toFixed(1));
}
