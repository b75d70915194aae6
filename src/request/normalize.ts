import type { BackoffOptions } from '../core/backoff';
import type { ApiError } from '../core/errors';
import { enRequestMessages, type MessageTable } from '../core/messages';
import { messageKeysRule, type ServerMessageRule } from '../core/server-message';
import type { AuthOptions, EnvelopeOptions, HttpOptions } from './types';

/** `auth` with its defaults applied. */
export interface NormalizedAuth {
  getToken: AuthOptions['getToken'];
  refresh?: (() => Promise<string>) | undefined;
  onExpired?: ((error: ApiError) => void) | undefined;
  subscribe?: AuthOptions['subscribe'];
  /** The shared session's name, or undefined when `crossTab` is off. */
  crossTab: string | undefined;
  /** Ms before a JWT's `exp` to refresh it, or undefined when off. */
  refreshAhead: number | undefined;
  header: string;
  /** The scheme followed by a space, or '' for a bare token. */
  prefix: string;
}

/** `loading` with its defaults applied; `start`/`done` set when the caller replaced nprogress. */
export interface NormalizedLoading {
  delay: number;
  start?: (() => void) | undefined;
  done?: (() => void) | undefined;
}

/** `envelope` with its defaults applied. */
export interface NormalizedEnvelope {
  code: string;
  data: string;
  message: string;
  isOk(code: unknown): boolean;
}

/** `retry` with its defaults applied. */
export interface NormalizedRetry {
  retries: number;
  /**
   * The delays: `min` is `retry.minDelay`, `max` is `retry.maxDelay` (also the cap on `Retry-After`);
   * `factor`, `jitter` and `random` as given (`backoffDelay` applies their defaults).
   */
  backoff: BackoffOptions & { min: number; max: number };
  methods: ReadonlySet<string>;
  statuses: ReadonlySet<number>;
}

/** The one shape the interceptors read: every default applied here and nowhere else. */
export interface NormalizedOptions {
  baseURL?: string | undefined;
  timeout: number;
  headers?: Record<string, string> | undefined;
  auth: NormalizedAuth | undefined;
  loading: NormalizedLoading | undefined;
  envelope: NormalizedEnvelope | undefined;
  messages: MessageTable;
  /** How the server's own message is read from a failure's body; `undefined`: the table only. */
  serverMessage: ServerMessageRule | undefined;
  retry: NormalizedRetry;
  dedupe: boolean | 'share';
  onError?: ((error: ApiError) => void) | undefined;
  maxContentLength: number;
  maxBodyLength: number;
}

const FIFTY_MB = 50 * 1024 * 1024;
// RFC 9110 token: what a header name and an auth scheme are made of.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Apply every default of `createHttp` once, and refuse options that could never work.
 * @example normalizeOptions({ retry: { retries: 3 } }).retry?.retries // 3
 */
export function normalizeOptions(options: HttpOptions = {}): NormalizedOptions {
  const envelope = options.envelope ? normalizeEnvelope(options.envelope) : undefined;
  return {
    ...options,
    timeout: nonNegative(options.timeout ?? 15_000, 'timeout'),
    auth: options.auth ? normalizeAuth(options.auth) : undefined,
    loading:
      options.loading === false
        ? undefined
        : {
            ...options.loading,
            delay: nonNegative(options.loading?.delay ?? 200, 'loading.delay'),
          },
    envelope,
    messages: { ...enRequestMessages, ...options.messages },
    // The envelope's key first (with the default envelope, 'message' is read twice: same answer).
    serverMessage:
      options.serverMessage === false
        ? undefined
        : (options.serverMessage ??
          messageKeysRule([envelope?.message ?? 'message', 'message', 'msg'])),
    // `false` means no retries by default: a request that asks for some (`retry: 2`) still gets
    // them, under the same rules (idempotent methods, retryable failures).
    retry: normalizeRetry(options.retry === false ? { retries: 0 } : (options.retry ?? {})),
    dedupe: options.dedupe ?? false,
    maxContentLength: options.maxContentLength ?? FIFTY_MB,
    maxBodyLength: options.maxBodyLength ?? FIFTY_MB,
  };
}

function normalizeEnvelope(envelope: EnvelopeOptions): NormalizedEnvelope {
  return {
    code: envelope.code ?? 'code',
    data: envelope.data ?? 'data',
    message: envelope.message ?? 'message',
    isOk: envelope.isOk ?? ((code) => code === 0),
  };
}

function normalizeAuth(auth: AuthOptions): NormalizedAuth {
  const header = auth.header ?? 'Authorization';
  const scheme = auth.scheme ?? 'Bearer';
  if (!TOKEN.test(header)) throw new TypeError('auth.header is not a valid header name');
  // '' sends the bare token.
  if (scheme !== '' && !TOKEN.test(scheme)) {
    throw new TypeError('auth.scheme is not a valid auth scheme');
  }
  return {
    ...auth,
    crossTab: crossTabName(auth.crossTab),
    refreshAhead:
      auth.refreshAhead === undefined
        ? undefined
        : nonNegative(auth.refreshAhead, 'auth.refreshAhead'),
    header,
    prefix: scheme ? `${scheme} ` : '',
  };
}

/** The name every tab's lock, channel and record share; `undefined` when `crossTab` is off. */
function crossTabName(crossTab: AuthOptions['crossTab']): string | undefined {
  if (!crossTab) return undefined;
  const name = crossTab === true ? undefined : crossTab.name;
  if (name !== undefined && (typeof name !== 'string' || name === '')) {
    throw new TypeError('auth.crossTab.name must be a non-empty string');
  }
  return name ?? 'axios-api-kit:session';
}

function normalizeRetry(retry: Exclude<HttpOptions['retry'], false | undefined>): NormalizedRetry {
  return {
    retries: nonNegative(retry.retries ?? 2, 'retry.retries', true),
    // The retry options are the backoff's too (factor, jitter, random); other keys go unread.
    backoff: {
      ...retry,
      min: nonNegative(retry.minDelay ?? 300, 'retry.minDelay'),
      max: nonNegative(retry.maxDelay ?? 10_000, 'retry.maxDelay'),
    },
    methods: new Set(
      (retry.methods ?? ['get', 'head', 'options', 'put', 'delete']).map((m) => m.toLowerCase()),
    ),
    statuses: new Set(retry.statuses ?? [408, 429, 500, 502, 503, 504]),
  };
}

function nonNegative(value: number, name: string, whole = false): number {
  if (!Number.isFinite(value) || value < 0 || (whole && !Number.isInteger(value))) {
    throw new TypeError(`${name} must be a ${whole ? 'whole ' : ''}number >= 0`);
  }
  return value;
}
