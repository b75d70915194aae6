/**
 * Whether a failure is a URL that could not be parsed: Node's `new URL()` TypeError (code
 * `ERR_INVALID_URL`), as axios's Node adapter lets it through, or axios's own error of that code,
 * or the same TypeError a few causes down: Node's fetch wraps it in "Failed to parse URL from …",
 * which axios's fetch adapter wraps again. The chain is followed by code, never by message, and
 * only a few links deep (a cause chain can be cyclic).
 */
export function isInvalidUrl(error: unknown): boolean {
  let link: unknown = error;
  for (let depth = 0; depth < 4 && typeof link === 'object' && link !== null; depth++) {
    if ((link as { code?: unknown }).code === 'ERR_INVALID_URL') return true;
    link = (link as { cause?: unknown }).cause;
  }
  return false;
}

// An absolute URL (a scheme, or protocol-relative): one a URL parser must read on its own.
const ABSOLUTE = /^(?:[a-z][a-z\d+.-]*:|\/\/)/i;

// A host still holding a percent-encoded forbidden domain code point of the URL Standard (C0,
// space, # % / : < > ? @ [ \ ] ^ | DEL), which only a lenient parser leaves there.
const FORBIDDEN_HOST = /%(?:[01][\da-f]|2[035f]|3[acef]|40|5[b-e]|7[cf])/i;

/**
 * Whether `url` is absolute and the URL Standard refuses it (`http://[::1/x`, a space in the
 * host, a port past 65535), resolved against the page when there is one. A relative URL is never
 * judged here (Node has no page to resolve it against: `isInvalidUrl` sees that failure by its
 * code). Chromium's parser is more lenient than the standard (and Node): it reads
 * `http://exa mple.com` as the host `exa%20mple.com`; such a host is refused here too.
 * @example isUnparseableUrl('http://exa mple.test/x') // true
 */
export function isUnparseableUrl(url: string): boolean {
  if (!ABSOLUTE.test(url)) return false;
  try {
    const base = (globalThis as { location?: { href?: string } }).location?.href;
    return FORBIDDEN_HOST.test(new URL(url, base).hostname);
  } catch {
    // The point of the check: the parser refused it.
    return true;
  }
}

/**
 * Why `url` cannot be requested, for `ApiError.detail`: a relative URL with no page to resolve it
 * against (Node, vitest, server rendering) or an address that is not well formed.
 * @example invalidUrlDetail('/api/orders') // 'Invalid URL "/api/orders": it is relative, …'
 */
export function invalidUrlDetail(url: string): string {
  const shown = JSON.stringify(url.length > 200 ? `${url.slice(0, 200)}…` : url);
  return `Invalid URL ${shown}: ${
    ABSOLUTE.test(url)
      ? 'it is not a well-formed address (check its host, port, spaces and brackets).'
      : 'it is relative and there is no page to resolve it against (Node, tests, SSR): give the instance an absolute baseURL (VITE_API_BASE_URL).'
  }`;
}
