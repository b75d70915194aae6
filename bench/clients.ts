// The peers: what a team would use instead of the kit. Every client fetches the same enveloped
// bytes with the same Authorization header and hands back the inner `data`, so the only
// difference between two rows is the work the client does.
import { Zodios } from '@zodios/core';
import axios, { type CreateAxiosDefaults } from 'axios';
import ky from 'ky';
import { ofetch } from 'ofetch';
import { envelopeOf, User, Users } from './fixtures';

/** One way of fetching the benchmark's user and user list. */
export interface Client {
  name: string;
  getUser(id: number): Promise<unknown>;
  getUsers(): Promise<unknown>;
}

export const TOKEN = 'bench-token';
const headers = { Authorization: `Bearer ${TOKEN}` };

interface Envelope {
  code: number;
  data: unknown;
  message: string;
}

function unwrap(body: Envelope): unknown {
  if (body.code !== 0) throw new Error(`business error ${body.code}`);
  return body.data;
}

/** Bare axios; `config` (e.g. a `timeout`) is for bench/variants.ts. */
export function bareAxios(baseURL: string, config: CreateAxiosDefaults = {}): Client {
  const ax = axios.create({ baseURL, headers, ...config });
  return {
    name: 'axios',
    getUser: async (id) => unwrap((await ax.get<Envelope>(`/env/user/${id}`)).data),
    getUsers: async () => unwrap((await ax.get<Envelope>('/env/users')).data),
  };
}

/** The floor of any validating client: axios, then one `schema.parse` of the payload. */
export function axiosZod(baseURL: string): Client {
  const ax = axios.create({ baseURL, headers });
  return {
    name: 'axios + zod',
    getUser: async (id) => User.parse(unwrap((await ax.get<Envelope>(`/env/user/${id}`)).data)),
    getUsers: async () => Users.parse(unwrap((await ax.get<Envelope>('/env/users')).data)),
  };
}

export function zodios(baseURL: string): Client {
  // @zodios/core 10 is typed against zod 3; at run time it only calls `safeParseAsync`, which zod 4
  // keeps, so the definitions are passed through a cast rather than a second copy of zod.
  const definitions = [
    {
      method: 'get',
      path: '/env/user/:id',
      alias: 'getUser',
      response: envelopeOf(User),
    },
    { method: 'get', path: '/env/users', alias: 'getUsers', response: envelopeOf(Users) },
  ] as unknown as ConstructorParameters<typeof Zodios>[1];
  const api = new Zodios(baseURL, definitions, { axiosConfig: { headers } }) as unknown as {
    getUser(config: { params: { id: number } }): Promise<Envelope>;
    getUsers(): Promise<Envelope>;
  };
  return {
    name: '@zodios/core',
    getUser: async (id) => (await api.getUser({ params: { id } })).data,
    getUsers: async () => (await api.getUsers()).data,
  };
}

export function kyClient(baseURL: string): Client {
  const api = ky.create({ prefixUrl: baseURL, headers });
  return {
    name: 'ky',
    getUser: async (id) => unwrap(await api.get(`env/user/${id}`).json<Envelope>()),
    getUsers: async () => unwrap(await api.get('env/users').json<Envelope>()),
  };
}

export function ofetchClient(baseURL: string): Client {
  const api = ofetch.create({ baseURL, headers });
  return {
    name: 'ofetch',
    getUser: async (id) => unwrap(await api<Envelope>(`/env/user/${id}`)),
    getUsers: async () => unwrap(await api<Envelope>('/env/users')),
  };
}

export function nativeFetch(baseURL: string): Client {
  const get = async (path: string) => {
    const res = await fetch(`${baseURL}${path}`, { headers });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return unwrap((await res.json()) as Envelope);
  };
  return {
    name: 'fetch',
    getUser: (id) => get(`/env/user/${id}`),
    getUsers: () => get('/env/users'),
  };
}

export const peers = [bareAxios, axiosZod, zodios, kyClient, ofetchClient, nativeFetch];
