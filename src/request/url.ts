/**
 * URL helpers that follow axios's own `buildFullPath` (axios 1.21), so the kit judges the URL a
 * request really goes to, not the one it seems to.
 */

// Same test as axios's isAbsoluteURL: `scheme://` or protocol-relative `//`.
const ABSOLUTE = /^([a-z][a-z\d+\-.]*:)?\/\//i;
const SCHEME = /^([a-z][a-z\d+\-.]*):/i;
// WHATWG URL preprocessing: leading C0 controls and spaces go, tabs and newlines anywhere go.
/* eslint-disable no-control-regex -- that is the point (for an app's ESLint or oxlint) */
// biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
const LEADING = /^[\u0000-\u0020]+/;
/* eslint-enable no-control-regex */
const TAB_NEWLINE = /[\t\n\r]/g;

/** True when axios will not prefix `url` with the baseURL (it starts with `scheme://` or `//`). */
function isAbsoluteURL(url: string | undefined): boolean {
  return typeof url === 'string' && ABSOLUTE.test(url);
}

/**
 * Whether axios joins `url` onto `baseURL`: always when there is a base, unless `url` is absolute
 * and absolute URLs are allowed (axios's `buildFullPath`). A joined URL keeps the base's scheme
 * and origin.
 * @example joinsBase('/api', 'https://cdn.example.com/x', true) // false
 */
export function joinsBase(
  baseURL: string | undefined,
  url: string | undefined,
  allowAbsoluteUrls: boolean | undefined,
): boolean {
  return !!baseURL && (!isAbsoluteURL(url) || allowAbsoluteUrls === false);
}

/**
 * The URL axios sends to: `baseURL` joined with `url` when `joinsBase` says so, else `url`
 * (axios's `buildFullPath` + `combineURLs`).
 * @example fullPath('/api/', '/users', true) // '/api/users'
 */
export function fullPath(
  baseURL: string | undefined,
  url: string | undefined,
  allowAbsoluteUrls: boolean | undefined,
): string {
  return requestUrl({ baseURL, url, allowAbsoluteUrls });
}

function hrefOf(url: URL): string {
  try {
    return url.href;
  } catch {
    // A hostile or broken URL object: the engine reads it again and refuses it, saying why.
    return '';
  }
}

/** What a request's full URL is built from (a config, or an instance's defaults). */
export interface UrlParts {
  baseURL?: string | undefined;
  url?: string | undefined;
  allowAbsoluteUrls?: boolean | undefined;
}

/**
 * The full URL a request goes to, built in this one place for every layer (errors, dedupe keys,
 * the origin rule, the URL guard, the token adapter, endpoints and streams): `config` over the
 * instance's `defaults`, as axios merges them, then joined as axios's `buildFullPath` joins them.
 * Without query parameters (those are not part of where a request goes).
 * @example requestUrl({ url: '/users' }, http.defaults) // 'https://api.example.com/v1/users'
 */
export function requestUrl(config: UrlParts, defaults?: UrlParts): string {
  const baseURL = config.baseURL ?? defaults?.baseURL;
  // A `URL` object (JavaScript callers pass one where a string is typed) is its href; any other
  // non-string, or a URL whose href throws, is no URL at all: the engine refuses it before
  // anything is sent.
  const given: unknown = config.url;
  const requested = typeof given === 'string' ? given : given instanceof URL ? hrefOf(given) : '';
  if (
    baseURL &&
    joinsBase(baseURL, requested, config.allowAbsoluteUrls ?? defaults?.allowAbsoluteUrls)
  ) {
    if (!requested) return baseURL;
    let end = baseURL.length;
    while (end > 0 && baseURL.charCodeAt(end - 1) === 47) end--;
    return `${baseURL.slice(0, end)}/${requested.replace(/^\/+/, '')}`;
  }
  return requested;
}

/**
 * The scheme of `url` as a URL parser reads it (lower case, no colon), or `undefined` for a
 * relative URL.
 * @example schemeOf(' JavaScript:alert(1)') // 'javascript'
 */
export function schemeOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  // Hot path: a path ('/users', '//host') has no scheme, and needs no preprocessing.
  if (url.charCodeAt(0) === 47) return undefined;
  const match = SCHEME.exec(url.replace(LEADING, '').replace(TAB_NEWLINE, ''));
  return match?.[1]?.toLowerCase();
}

/** The page's origin (`location.origin`), or `undefined` outside a page or for an opaque one. */
export function pageOrigin(): string | undefined {
  const origin = (globalThis as { location?: { origin?: unknown } }).location?.origin;
  return typeof origin === 'string' && origin !== 'null' ? origin : undefined;
}

/**
 * The origin `url` resolves to (relative URLs against the page), or `undefined` when it does not
 * parse or has no real origin (`file:`, `data:`…): callers then fail closed.
 * @example originOf('https://api.example.com/v1') // 'https://api.example.com'
 */
export function originOf(url: string, base = pageOrigin()): string | undefined {
  try {
    const { origin } = new URL(url, base);
    return origin === 'null' ? undefined : origin;
  } catch {
    // Not a URL we can place: treat it as no origin, so nothing is sent to it.
    return undefined;
  }
}
