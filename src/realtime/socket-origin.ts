import { originOf, pageOrigin } from '../request/url';

/** `ws:`/`wss:` URLs share the origin of the `http:`/`https:` API they belong to. */
function httpOrigin(url: string, base: string | undefined): string | undefined {
  const origin = originOf(url, base);
  return origin?.replace(/^ws(s?):/, 'http$1:');
}

/**
 * Whether a socket at `url` may carry the token of an instance whose baseURL is `baseURL`: the
 * same origin rule as a request (a relative baseURL means the page's origin; anything that does
 * not parse fails closed).
 * @example sendsTokenTo('wss://api.example.com/', 'https://api.example.com/v1') // true
 */
export function sendsTokenTo(url: string, baseURL: string | undefined): boolean {
  const page = pageOrigin();
  const api = httpOrigin(baseURL ?? '', page);
  return api !== undefined && httpOrigin(url, page) === api;
}
