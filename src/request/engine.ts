import type { AxiosAdapter, AxiosDefaults, AxiosRequestConfig, AxiosResponse } from 'axios';
import { ApiError } from '../core/errors';
import { callHook } from '../core/guard';
import { messageFor } from '../core/messages';
import { clearTimer, createDeadlineTimer, realClock, setTimer, sleep } from '../core/timers';
import { toApiError } from '../core/to-api-error';
import { untilAborted } from '../core/until-aborted';
import { AttemptSignal } from './attempt';
import { readBinaryErrorBody } from './binary-body';
import { invalidCallOption } from './call-options';
import type { Call, CallRegistry } from './calls';
import { dedupeKey } from './dedupe-key';
import type { AbortEvent } from './light-signal';
import type { Loading } from './loading';
import type { NormalizedOptions } from './normalize';
import type { Refresher } from './refresh';
import type { RetryPolicy } from './retry';
import { createSharedTrips } from './share';
import { requestUrl } from './url';

/** An attempt's `onabort`: settle its trip with the abort reason. */
function rejectAttempt(event: AbortEvent): void {
  const signal = event.target as AttemptSignal;
  signal.reject?.(signal.reason);
}

/** End an attempt (or a refresh wait) at its total deadline. */
function timeOut(signal: AttemptSignal): void {
  signal.timedOut = true;
  signal.abort('timeout');
}

/** What the engine wires together; each part is built by its own factory. */
export interface EngineParts {
  options: NormalizedOptions;
  /** The instance defaults (read per request, so `http.defaults.timeout = …` is honoured). */
  defaults: AxiosDefaults;
  /** One trip through axios: interceptors, adapter, response interceptors. */
  send(config: AxiosRequestConfig): Promise<AxiosResponse>;
  calls: CallRegistry;
  loading: Loading | undefined;
  refresher: Refresher | undefined;
  retry: RetryPolicy;
  /** The adapter every attempt goes through: it judges the URL really sent, then calls the one asked for. */
  adapter: AxiosAdapter;
  /**
   * Whether axios settles a trip by itself as soon as its signal aborts, for a request asking for
   * `adapter` with `config`: no interceptor, adapter or app-supplied fetch on the way that could
   * hold it (see `createHttp`). When false, the attempt races its signal.
   */
  settlesOnAbort(adapter: unknown, config: AxiosRequestConfig): boolean;
}

/** The request function of an instance and its `onError` rule. */
export interface Engine {
  request(
    configOrUrl: string | AxiosRequestConfig,
    config?: AxiosRequestConfig,
  ): Promise<AxiosResponse>;
  /** Call `onError` with `error` unless it is a cancel or `config.silent` is set; returns it. */
  report(error: ApiError, config?: AxiosRequestConfig): ApiError;
  /** Trips shared by `dedupe: 'share'` callers, in flight. */
  readonly sharedTrips: number;
}

/**
 * The lifecycle of one request: counted once (pending, loading), abortable as a whole, then
 * attempts with a total deadline each, one replay after a refresh, retries with backoff, and
 * exactly one `ApiError` (and one `onError`) when it finally fails.
 *
 * @example const engine = createEngine(parts); engine.request({ url: '/users' })
 */
export function createEngine(parts: EngineParts): Engine {
  const { options, defaults, calls } = parts;
  const auth = options.auth;

  const fullUrl = (config: AxiosRequestConfig) => requestUrl(config, defaults);

  // The total deadlines of every attempt in flight, on one timer of the instance: a timer set and
  // cleared per request cost a Node Timeout, two closures and the timer list's work on each.
  const deadlines = createDeadlineTimer((now) => {
    let next = Infinity;
    const due: AttemptSignal[] = [];
    calls.each((call) => {
      const signal = call.attempt;
      if (!signal || signal.deadline === 0 || signal.timedOut) return;
      const { deadline } = signal;
      if (deadline <= now) due.push(signal);
      else if (deadline < next) next = deadline;
    });
    // Aborted after the timer is armed again for `next`: a listener that throws cannot leave
    // the other deadlines without a timer.
    if (due.length > 0) queueMicrotask(() => due.forEach(timeOut));
    return next;
  });

  /**
   * The call's next step (an attempt, a wait for a refresh, a backoff): a signal the call aborts,
   * ended by the total deadline `timeout` (0: none). On the instance's deadline timer with the real
   * timers; with a provider's (or a fake clock's), a timer of its own, as that clock's time line is
   * the provider's.
   */
  function step(call: Call, timeout: number): AttemptSignal {
    // Aborted before this step (an aborted caller signal, cancelAll during a backoff): no trip.
    if (call.aborted) throw call.reason;
    const signal = new AttemptSignal();
    call.attempt = signal;
    if (timeout > 0) {
      const now = realClock();
      if (now === undefined) signal.timer = setTimer(() => timeOut(signal), timeout);
      else {
        signal.deadline = now + timeout;
        deadlines.add(signal.deadline);
      }
    }
    return signal;
  }

  /** The step is over: its deadline no longer counts. */
  function stepDone(call: Call, signal: AttemptSignal): void {
    if (signal.deadline !== 0) deadlines.done();
    else clearTimer(signal.timer);
    call.attempt = undefined;
  }

  /**
   * One trip through axios with the attempt's token, read first (an async `getToken` is awaited);
   * the token adapter applies it if the URL is the API's own.
   */
  function trip(config: AxiosRequestConfig, signal: AttemptSignal): Promise<AxiosResponse> {
    let token: unknown;
    if (auth && config.withToken !== false) {
      signal.generation = parts.refresher?.generation ?? 0;
      token = signal.replayToken ?? auth.getToken();
    }
    // A synchronous getToken costs no extra promise turn.
    return token instanceof Promise
      ? untilAborted(token, signal).then((value) => send(config, signal, value))
      : send(config, signal, token);
  }

  /**
   * Send one attempt, settled as soon as its signal aborts, even while axios is still inside a
   * request interceptor (an async one of the app's) or an adapter that never looks at it:
   * cancelAll() and the deadline end the request at once. axios checks the signal before
   * dispatching, so nothing is sent after an abort. When nothing on the way can hold the trip
   * past an abort (`settlesOnAbort`), axios's own promise is the attempt's, without the race.
   */
  function send(config: AxiosRequestConfig, signal: AttemptSignal, token: unknown) {
    signal.token = token;
    // The kit's adapter judges the URL really sent (scheme, token), then calls the one asked for.
    const asked = config.adapter ?? defaults.adapter;
    signal.adapter = asked;
    // `timeout: 0`: the engine's total deadline replaces axios's own timer, an idle one in Node
    // that can never fire first and costs the http adapter socket listeners on every request.
    const trip = { ...config, signal, timeout: 0, adapter: parts.adapter };
    // axios's request is an async function: it never throws, it rejects. With every interceptor
    // synchronous it calls the adapter inside this call, so `reached` is known on return: false
    // means a synchronous interceptor swapped `config.adapter` or `config.signal` and took the
    // request past the kit's adapter, to something that may never look at the deadline.
    const sent = parts.send(trip);
    if (signal.reached && parts.settlesOnAbort(asked, config)) return sent;
    return new Promise<AxiosResponse>((resolve, reject) => {
      // The signal is the engine's own: `onabort` is free for this race (axios listens with
      // addEventListener), and costs no listener bookkeeping. One shared handler and `reject` on
      // the attempt, not a closure per attempt: with the deadline's timer pending, such a closure
      // kept whole requests alive through young-generation GCs (a third of the kit's CPU in
      // memory went to GC).
      signal.reject = reject;
      signal.onabort = rejectAttempt;
      // An app's interceptor may have aborted it already (cancelAll() from inside one).
      if (signal.aborted) reject(signal.reason);
      sent.then(resolve, reject);
    });
  }

  function classify(
    raw: unknown,
    config: AxiosRequestConfig,
    method: string,
    canceled: boolean,
    timedOut = false,
    secret?: string,
  ): ApiError {
    return toApiError(raw, {
      method,
      url: fullUrl(config),
      messages: options.messages,
      timedOut: timedOut && !canceled,
      canceled,
      serverMessage: options.serverMessage,
      secret,
    });
  }

  // Not async (a promise and a turn less per request): a synchronous failure becomes a rejection.
  function request(
    configOrUrl: string | AxiosRequestConfig,
    extra?: AxiosRequestConfig,
  ): Promise<AxiosResponse> {
    try {
      return start(configOrUrl, extra);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  function start(configOrUrl: string | AxiosRequestConfig, extra?: AxiosRequestConfig) {
    // Never mutated: each attempt sends its own copy.
    const config = urlAsString(
      typeof configOrUrl === 'string' || configOrUrl instanceof URL
        ? { ...extra, url: configOrUrl as string }
        : configOrUrl,
    );
    const method = (config.method ?? defaults.method ?? 'get').toLowerCase();
    const invalid = invalidCallOption(config);
    if (invalid !== undefined) {
      throw report(
        new ApiError({
          kind: 'validation',
          message: messageFor(options.messages, 'validation'),
          method,
          url: fullUrl(config),
          detail: `Not sent: ${invalid}.`,
        }),
        config,
      );
    }
    const dedupe = config.dedupe ?? options.dedupe;
    // The key is only computed when dedupe is on: hashing costs nothing when it is off.
    const key = dedupe ? dedupeKey(method, fullUrl(config), config.params, config.data) : undefined;
    if (dedupe === 'share' && key !== undefined) {
      // One trip for every identical caller, made with the first one's config; each caller
      // follows its own signal, and the trip's signal aborts once all of them have left.
      return shared.join(
        key,
        config.signal,
        (signal) => run({ ...config, signal }, method, undefined),
        (reason) => classify(reason, config, method, true),
      );
    }
    return run(config, method, key);
  }

  /** The whole lifecycle of one request: counted, attempted, and failed with one ApiError. */
  async function run(config: AxiosRequestConfig, method: string, key: string | undefined) {
    const call = calls.open(config.signal, key);
    const loading = config.loading === false ? undefined : parts.loading;
    const ticket = loading?.track();
    // The attempts, inline: an async function of their own cost every request a promise and a turn.
    try {
      let replayToken: string | undefined;
      let replayed = false;
      for (let retries = 0; ; ) {
        const timeout = config.timeout ?? defaults.timeout ?? 0;
        // One signal per attempt, aborted by the registry together with the call; axios's Node
        // timeout is an idle timer: this one's deadline bounds the whole attempt.
        const attempt = step(call, timeout);
        attempt.replayToken = replayToken;
        let error: ApiError;
        try {
          return await trip(config, attempt);
        } catch (raw) {
          // A download's error page arrives as bytes: read it back so the error says what it said.
          if (config.responseType === 'blob' || config.responseType === 'arraybuffer') {
            await readBinaryErrorBody(raw);
          }
          error = classify(raw, config, method, call.aborted, attempt.timedOut, attempt.sentToken);
        } finally {
          stepDone(call, attempt);
        }
        if (error.kind === 'canceled') throw error;
        if (error.status === 401 && attempt.sentToken && parts.refresher && !replayed) {
          replayed = true;
          // The token to replay it with, waited for no longer than the call's signal and one more
          // deadline: the re-read of an async `getToken()` and the refresh are awaits of the call.
          const wait = step(call, timeout);
          try {
            replayToken = await parts.refresher.renew(attempt, error, wait);
          } catch (raw) {
            if (!wait.timedOut || call.aborted) throw raw;
            throw new ApiError({
              kind: 'timeout',
              message: messageFor(options.messages, 'timeout'),
              method: error.method,
              url: error.url,
              cause: error,
            });
          } finally {
            stepDone(call, wait);
          }
          continue;
        }
        const wait = parts.retry(error, retries, method, config.retry);
        if (wait === undefined) throw error;
        retries += 1;
        const pause = step(call, 0);
        await sleep(wait, pause);
      }
    } catch (raw) {
      throw report(classify(raw, config, method, call.aborted), config);
    } finally {
      if (ticket) loading?.untrack(ticket);
      calls.close(call);
    }
  }

  /**
   * A `URL` object is taken as its `href` (then judged like any string: origin, scheme); any
   * other non-string `url`, or a URL whose `href` throws, is refused with kind `'validation'`
   * before anything is sent.
   */
  function urlAsString(config: AxiosRequestConfig): AxiosRequestConfig {
    const url: unknown = config.url;
    if (url === undefined || typeof url === 'string') return config;
    let cause: unknown;
    if (typeof URL !== 'undefined' && url instanceof URL) {
      try {
        return { ...config, url: url.href };
      } catch (error) {
        cause = error;
      }
    }
    throw report(
      new ApiError({
        kind: 'validation',
        part: 'url',
        message: messageFor(options.messages, 'url'),
        method: config.method,
        url: typeof config.baseURL === 'string' ? config.baseURL : '',
        detail: cause === undefined ? undefined : `href: ${String(cause)}`,
        cause,
      }),
      config,
    );
  }

  // The one place the onError rules live: the instance's own failures and those handed to it.
  function report(error: ApiError, config?: AxiosRequestConfig): ApiError {
    if (options.onError && error.kind !== 'canceled' && !config?.silent) {
      callHook(options.onError, error);
    }
    return error;
  }

  const shared = createSharedTrips<AxiosResponse>();

  return {
    request,
    report,
    get sharedTrips() {
      return shared.size;
    },
  };
}
