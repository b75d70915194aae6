import axios, { type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios';

/** The adapter a request asked for, resolved, and axios's fetch adapter in the same environment. */
export interface ResolvedAdapters {
  adapter: AxiosAdapter;
  /** `undefined` where fetch does not exist. */
  fetch: AxiosAdapter | undefined;
}

type AdapterSpec = Parameters<typeof axios.getAdapter>[0];

function fetchAdapterFor(config: InternalAxiosRequestConfig): AxiosAdapter | undefined {
  try {
    return axios.getAdapter('fetch', config);
  } catch {
    // No fetch in this environment: nothing can resolve to it.
    return undefined;
  }
}

const own = (env: object | undefined, key: string): unknown =>
  env && Object.hasOwn(env, key) ? (env as Record<string, unknown>)[key] : undefined;

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
  const lastEnv: unknown[] = [undefined, undefined, undefined, undefined];

  return (asked, config) => {
    const env = (config as { env?: object }).env;
    const fetch = own(env, 'fetch');
    const request = own(env, 'Request');
    const response = own(env, 'Response');
    const blob = own(env, 'Blob');
    if (
      last === undefined ||
      asked !== lastAsked ||
      fetch !== lastEnv[0] ||
      request !== lastEnv[1] ||
      response !== lastEnv[2] ||
      blob !== lastEnv[3]
    ) {
      last = {
        adapter: axios.getAdapter(asked as AdapterSpec, config),
        fetch: fetchAdapterFor(config),
      };
      lastAsked = asked;
      lastEnv[0] = fetch;
      lastEnv[1] = request;
      lastEnv[2] = response;
      lastEnv[3] = blob;
    }
    return last;
  };
}
