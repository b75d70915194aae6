import axios, { type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios';

/** The adapter a request asked for, resolved, and axios's fetch adapter in the same environment. */
export interface ResolvedAdapters {
  adapter: AxiosAdapter;
  /** `undefined` where fetch does not exist. */
  fetch: AxiosAdapter | undefined;
  /** axios's Node http adapter, `undefined` where it does not exist (a browser). */
  http: AxiosAdapter | undefined;
}

type AdapterSpec = Parameters<typeof axios.getAdapter>[0];

/**
 * axios's adapter `name` for `config`, `undefined` where it does not exist.
 * @example adapterNamed('xhr', config)
 */
export function adapterNamed(
  name: string,
  config: InternalAxiosRequestConfig,
): AxiosAdapter | undefined {
  try {
    return axios.getAdapter(name, config);
  } catch {
    // Not in this environment: nothing can resolve to it.
    return undefined;
  }
}

/** What axios's fetch adapter is built for, from `config.env`. */
const ENV_KEYS = ['fetch', 'Request', 'Response', 'Blob'];

/**
 * Resolve adapters as `axios.getAdapter` does, remembering the last answer: what it returns
 * depends only on what was asked and on the fetch, Request, Response and Blob of `config.env`
 * (axios's fetch adapter is built for those), and it ran on every request, twice with auth
 * (building the fetch adapter's environment each time). A request asking for the same as the last
 * one gets the same answer without resolving again.
 *
 * @example const resolve = createAdapterCache(); resolve(config.adapter, config).adapter(config)
 */
export function createAdapterCache(): (
  asked: unknown,
  config: InternalAxiosRequestConfig,
) => ResolvedAdapters {
  let last: ResolvedAdapters | undefined;
  let lastAsked: unknown;
  const lastEnv: unknown[] = [];

  return (asked, config) => {
    const env = (config as { env?: object }).env;
    let same = last !== undefined && asked === lastAsked;
    for (let i = 0; i < 4; i++) {
      const key = ENV_KEYS[i] as string;
      const value =
        env && Object.hasOwn(env, key) ? (env as Record<string, unknown>)[key] : undefined;
      if (value !== lastEnv[i]) {
        lastEnv[i] = value;
        same = false;
      }
    }
    if (!same || last === undefined) {
      last = {
        adapter: axios.getAdapter(asked as AdapterSpec, config),
        fetch: adapterNamed('fetch', config),
        http: adapterNamed('http', config),
      };
      lastAsked = asked;
    }
    return last;
  };
}
