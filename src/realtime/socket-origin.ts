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

// socket.io-client's own test for a URL that has a scheme (lib/url.ts), case-insensitive here.
const SOCKET_IO_SCHEME = /^(https?|wss?):\/\//i;

/**
 * The URL socket.io-client connects to for `url`, written as a URL parser writes it. socket.io
 * reads a URL without a scheme as a host (`api.example.com/chat`, `127.0.0.1:3000`), where a URL
 * parser reads a path on the page's origin, and its own parser reads some forms otherwise (a `\`
 * before `@` is userinfo to it, the end of the host to a URL parser). The kit judges this URL and
 * hands socket.io this one, so both agree on where the handshake and its token go. A URL that
 * cannot be placed is returned as given (and then judged foreign).
 * @example socketIoTarget('api.example.com/chat') // 'https://api.example.com/chat' on an https page
 */
export function socketIoTarget(url: string): string {
  const page = (globalThis as { location?: { protocol?: unknown; host?: unknown } }).location;
  const protocol = typeof page?.protocol === 'string' ? page.protocol : 'https:';
  const host = typeof page?.host === 'string' ? page.host : undefined;
  let uri = url;
  if (uri.startsWith('//')) uri = `${protocol}${uri}`;
  else if (uri.startsWith('/') && host) uri = `${host}${uri}`;
  if (!SOCKET_IO_SCHEME.test(uri)) uri = `${protocol}//${uri}`;
  try {
    return new URL(uri).href;
  } catch {
    // Not a URL socket.io could reach either: judged (and refused) as given.
    return url;
  }
}
