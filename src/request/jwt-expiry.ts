// Three base64url parts (RFC 7515 compact serialization); the payload is the second.
const JWT = /^[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]*$/;

/**
 * When a JWT expires, in ms since the epoch: its `exp` claim (seconds, RFC 7519 §4.1.4), or
 * `undefined` for a token that is not a JWT, has no numeric `exp`, or cannot be read. Nothing is
 * verified (the server does that): the kit only wants to know when to refresh.
 *
 * Hand-written rather than a dependency: it is one base64url decode and one `JSON.parse`, and
 * every runtime dependency is one more install line in the app that copies the kit.
 *
 * @example jwtExpiry(tokens.accessToken) // 1767603600000, or undefined for an opaque token
 */
export function jwtExpiry(token: string): number | undefined {
  const payload = JWT.exec(token)?.[1];
  if (!payload) return undefined;
  const claims = parseJson(decodeBase64Url(payload));
  if (typeof claims !== 'object' || claims === null || !Object.hasOwn(claims, 'exp')) {
    return undefined;
  }
  const exp = (claims as { exp: unknown }).exp;
  if (typeof exp !== 'number') return undefined;
  const ms = exp * 1000;
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** The text a base64url string encodes (UTF-8), or `undefined` when it is not valid base64url. */
function decodeBase64Url(text: string): string | undefined {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    // A length of 4n + 1 is no base64 at all: not a JWT.
    return undefined;
  }
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // A payload that is not JSON: an opaque token that happens to hold two dots.
    return undefined;
  }
}
