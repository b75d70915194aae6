import axios, {
  type Axios as AxiosCore,
  type AxiosRequestConfig,
  type AxiosResponse,
  type CreateAxiosDefaults,
} from 'axios';
import type { ApiError } from '../core/errors';
import type { MessageTable } from '../core/messages';
import type { Session } from './session';
import type { Http, HttpStats } from './types';

/** An axios core whose `request` is not yet routed through the kit. */
export interface Core {
  context: AxiosCore;
  /** axios's own request: interceptors, adapter, response interceptors, nothing else. */
  send(config: AxiosRequestConfig): Promise<AxiosResponse>;
}

/**
 * Build the axios core of an instance from its defaults (merged over axios's, as `axios.create`
 * does).
 * @example const core = createCore({ baseURL: '/api' })
 */
export function createCore(defaults: CreateAxiosDefaults): Core {
  const context = new axios.Axios();
  context.defaults = axios.create(defaults).defaults;
  // axios's `request` is an async wrapper around `_request` that only adds the caller's frames to a
  // failure's stack: the engine turns every failure into an ApiError (the axios error its cause),
  // so it calls `_request` itself, one promise and one turn fewer per request. Called inside the
  // engine's promise executor, so a synchronous throw (a config axios refuses) is a rejection.
  const proto = axios.Axios.prototype as unknown as {
    _request?: (config: AxiosRequestConfig) => Promise<AxiosResponse>;
    request: (config: AxiosRequestConfig) => Promise<AxiosResponse>;
  };
  const original = typeof proto._request === 'function' ? proto._request : proto.request;
  return { context, send: (config) => original.call(context, config) };
}

/** What the kit adds to an axios instance. */
export interface InstanceExtras {
  request(
    configOrUrl: string | AxiosRequestConfig,
    config?: AxiosRequestConfig,
  ): Promise<AxiosResponse>;
  cancelAll(reason?: string): number;
  pending(): number;
  session: Session;
  stats(): HttpStats;
  report(error: ApiError, config?: AxiosRequestConfig): ApiError;
  messages: Readonly<MessageTable>;
}

/**
 * Expose the core as an `Http`: callable like an axios instance, every method alias (`get`,
 * `post`, `postForm`, `query`…) routed through the kit's `request`, because axios's aliases call
 * `this.request` and the kit's is installed on the core itself.
 *
 * @example const http = exposeInstance(core, { request, cancelAll, pending, stats })
 */
export function exposeInstance(core: Core, extras: InstanceExtras): Http {
  const { context } = core;
  const { pending, session, ...members } = extras;
  Object.defineProperty(context, 'request', { value: members.request, writable: true });
  const instance = (configOrUrl: string | AxiosRequestConfig, config?: AxiosRequestConfig) =>
    members.request(configOrUrl, config);
  const proto = axios.Axios.prototype as unknown as Record<string, unknown>;
  const target = instance as unknown as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const member = proto[name];
    if (name === 'constructor' || name.startsWith('_') || typeof member !== 'function') continue;
    target[name] = member.bind(context);
  }
  Object.defineProperties(instance, {
    defaults: {
      get: () => context.defaults,
      set: (value) => {
        context.defaults = value;
      },
    },
    interceptors: { get: () => context.interceptors },
    pending: { get: pending, enumerable: true },
    session: { value: session, enumerable: true },
  });
  // A plain axios instance with this one's defaults (without the kit's lifecycle), as axios's own create.
  target.create = (config: CreateAxiosDefaults = {}) => {
    const { headers, ...rest } = context.defaults;
    return axios.create({ ...rest, ...config, headers: { ...headers, ...config.headers } });
  };
  // `request` over axios's own (bound above), then cancelAll, stats, report, messages.
  Object.assign(instance, members);
  // The one cast of the kit: a function object assembled member by member has no inferable type.
  return instance as unknown as Http;
}
