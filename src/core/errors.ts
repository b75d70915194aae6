import type * as z from 'zod';

/** What went wrong, in one word: `switch (error.kind)` covers every failure the kit produces. */
export type ApiErrorKind = 'http' | 'business' | 'network' | 'timeout' | 'canceled' | 'validation';

/** The part of a response kept on an error: what the server said, without the request's headers. */
export interface ApiErrorResponse {
  /** HTTP status of the response. */
  status: number;
  /** Its status text (often empty over HTTP/2). */
  statusText: string;
  /** Response headers, lower-case names, values as strings. */
  headers: Record<string, string>;
  /** The body as received (parsed JSON, or the raw text when it was not JSON). */
  data: unknown;
}

/** Which part of an endpoint's input failed validation. */
export type ApiErrorPart = 'params' | 'query' | 'body' | 'response' | 'url';

/** Everything an `ApiError` is built from. */
export interface ApiErrorInit {
  /** What went wrong. */
  kind: ApiErrorKind;
  /** The human message: the server's own when its body gave one, else the table's. */
  message: string;
  /** The message table's text for this failure. @default message */
  fallbackMessage?: string | undefined;
  /** HTTP status, when a response arrived. */
  status?: number | undefined;
  /** Business code from the envelope. */
  code?: string | number | undefined;
  /** HTTP method (stored upper case). @default 'GET' */
  method?: string | undefined;
  /** URL of the request. @default '' */
  url?: string | undefined;
  /** What the server answered, body included. */
  response?: ApiErrorResponse | undefined;
  /** zod issues of a validation failure. */
  issues?: z.core.$ZodIssue[] | undefined;
  /** Which part failed validation. */
  part?: ApiErrorPart | undefined;
  /** The endpoint (`GET /users/:id`) the failure belongs to. */
  endpoint?: string | undefined;
  /** What failed, for developers (never shown to users): e.g. which field broke which schema. */
  detail?: string | undefined;
  /** The underlying error (an AxiosError, a ZodError, …). */
  cause?: unknown;
}

const BRAND = Symbol.for('axios-api-kit.ApiError');

// The fields an error takes from its init, in the order `toJSON` prints them (after name, kind and
// message).
const FIELDS = [
  'kind',
  'fallbackMessage',
  'status',
  'code',
  'method',
  'url',
  'endpoint',
  'detail',
  'part',
  'issues',
  'response',
] as const;

// The token each error's request carried, kept off the error itself (a WeakMap prints nowhere):
// every printed form of that error cuts it out, should the server have echoed it into its body.
const secrets = new WeakMap<object, string>();

/**
 * Remember the token `error`'s request carried: `toJSON`, `util.inspect` (so `console.error`) and
 * the stack print `[redacted]` where a server echoed it (in its body, a header, its message),
 * while `error.response` keeps what the server said for code that reads it. Returns `error`.
 * @example return withSecret(new ApiError({ ... }), attempt.sentToken)
 */
export function withSecret<E extends ApiError>(error: E, secret: string | undefined): E {
  if (secret) secrets.set(error, secret);
  return error;
}

/** The token remembered for `error` (`withSecret`), to carry it onto an error made from it. */
export function secretOf(error: ApiError): string | undefined {
  return secrets.get(error);
}

/** `text` with every occurrence of `secret` (as written in JSON too) cut out. */
export function redact(text: string, secret: string | undefined): string {
  if (!secret) return text;
  const quoted = JSON.stringify(secret).slice(1, -1);
  return text.split(secret).join('[redacted]').split(quoted).join('[redacted]');
}

/**
 * The one error type of the kit. Every failure of a request, an endpoint, a poller or a
 * stream rejects with it, so callers switch on `kind` and nothing the server said is lost.
 *
 * @example
 * try { await userApi.get({ params: { id } }) }
 * catch (e) { if (isApiError(e) && e.kind === 'http' && e.status === 404) showNotFound() }
 */
export class ApiError extends Error {
  /** Always `'ApiError'`. */
  override readonly name = 'ApiError';
  /** What went wrong. */
  declare readonly kind: ApiErrorKind;
  /**
   * The message table's text for this failure, whatever the server said: `message` is the
   * server's own words when its body gave some (`{ message }` or `{ msg }`), this is the fallback.
   * Show it where the server's words do not fit (another language, a fixed UI string).
   */
  declare readonly fallbackMessage: string;
  /** HTTP status, when a response arrived. */
  declare readonly status: number | undefined;
  /** The business code from the response envelope (`kind: 'business'`). */
  declare readonly code: string | number | undefined;
  /** Upper-case HTTP method of the request. */
  declare readonly method: string;
  /** The URL of the request (no query string secrets are added by the kit). */
  declare readonly url: string;
  /** Status, headers and body of the response, when one arrived. */
  declare readonly response: ApiErrorResponse | undefined;
  /** zod issues (`kind: 'validation'`). */
  declare readonly issues: z.core.$ZodIssue[] | undefined;
  /** Which part failed validation: params, query, body, response or url. */
  declare readonly part: ApiErrorPart | undefined;
  /** The endpoint (`GET /users/:id`) whose input or output failed, when known. */
  declare readonly endpoint: string | undefined;
  /**
   * What failed, for developers and logs, next to the human `message`: e.g.
   * `Invalid response for GET /users/:id: email: Invalid email address`. Never holds a token.
   */
  declare readonly detail: string | undefined;

  constructor(init: ApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    // Every field is an own one, `undefined` included (copyError spreads them back).
    for (const field of FIELDS) (this as Record<string, unknown>)[field] = init[field];
    this.fallbackMessage = init.fallbackMessage ?? init.message;
    this.method = (init.method ?? 'GET').toUpperCase();
    this.url = init.url ?? '';
    Object.defineProperty(this, BRAND, { value: true });
  }

  /**
   * A log-safe view: never the request headers (where the token lives) or the cause's config,
   * and the token cut out wherever the server echoed it.
   */
  toJSON(): Record<string, unknown> {
    const view: Record<string, unknown> = {
      name: this.name,
      kind: this.kind,
      message: this.message,
    };
    for (const field of FIELDS) view[field] = this[field];
    view.response = printableResponse(this.response);
    const secret = secrets.get(this);
    if (!secret) return view;
    // A body JSON cannot print was replaced by a note above: this stringify cannot throw.
    return JSON.parse(redact(JSON.stringify(view), secret)) as Record<string, unknown>;
  }

  /**
   * What Node's `util.inspect` (and so `console.error`) prints: the stack and the log-safe view,
   * and of the cause only its name and message. The cause itself (an AxiosError holding the
   * request headers, the token among them) stays whole for code that reads `error.cause`.
   */
  [Symbol.for('nodejs.util.inspect.custom')](
    _depth: number,
    options: object,
    inspect: (value: unknown, options?: object) => string,
  ): string {
    const { name: _name, message: _message, ...view } = this.toJSON();
    const cause = this.cause === undefined ? '' : `\n  [cause]: ${causeSummary(this.cause)}`;
    const stack = redact(this.stack ?? `${this.name}: ${this.message}`, secrets.get(this));
    return `${stack} ${inspect(view, options)}${cause}`;
  }
}

/** One line for a cause: its name and message (an ApiError's own cause chain followed). */
function causeSummary(cause: unknown, depth = 0): string {
  if (!(cause instanceof Error)) return typeof cause === 'string' ? cause : typeof cause;
  const line = `${cause.name}: ${cause.message}`;
  const inner = (cause as { cause?: unknown }).cause;
  return isApiError(cause) && inner !== undefined && depth < 5
    ? `${line} <- ${causeSummary(inner, depth + 1)}`
    : line;
}

/** The response for `toJSON`, with a body JSON cannot print (a 50,000-deep one) replaced by a note. */
function printableResponse(response: ApiErrorResponse | undefined): unknown {
  if (!response || typeof response.data !== 'object' || response.data === null) return response;
  try {
    JSON.stringify(response.data);
    return response;
  } catch (error) {
    const why = error instanceof Error ? error.name : 'error';
    return { ...response, data: `[body not printable as JSON: ${why}]` };
  }
}

/**
 * True for an `ApiError`, also one created by another copy of the kit (another bundle,
 * an iframe): it checks a global brand, not only `instanceof`.
 * @example if (isApiError(error) && error.kind === 'canceled') return;
 */
export function isApiError(error: unknown): error is ApiError {
  return (
    error instanceof ApiError ||
    (typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[BRAND] === true)
  );
}
