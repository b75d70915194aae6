import { redact } from './errors';
import { callHook } from './guard';

/**
 * Picks the server's own message out of a failed response's body (parsed JSON, or the raw text
 * when it was not JSON); `undefined` or blank text means the body gave none.
 * @example const rule: ServerMessageRule = (body) => (body as { error?: string })?.error
 */
export type ServerMessageRule = (body: unknown) => string | undefined;

// A server message becomes `ApiError.message`, which apps toast: keep it short and on one line.
const MAX_MESSAGE = 200;

/**
 * The default rule: the first non-blank string among `keys` (own properties only: a body's
 * `__proto__` or `constructor` is never read through the prototype) of a JSON object body.
 * @example messageKeysRule(['message', 'msg'])({ msg: 'Name taken' }) // 'Name taken'
 */
export function messageKeysRule(keys: readonly string[]): ServerMessageRule {
  return (body) => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
    for (const key of keys) {
      if (!Object.hasOwn(body, key)) continue;
      const value: unknown = (body as Record<string, unknown>)[key];
      if (typeof value === 'string' && value.trim() !== '') return value;
    }
    return undefined;
  };
}

/**
 * The server's message for `body` by `rule`, ready to be an `ApiError.message`: on one line,
 * at most 200 characters, and with the token the request carried (`secret`) cut out, should a
 * server echo it back. A rule that throws gives no message; its exception is rethrown on a fresh
 * task (as a hook's), so the failure keeps the table's text instead of turning into another error.
 *
 * @example serverMessageOf(rule, response.data, attempt.sentToken) ?? messageFor(messages, status)
 */
export function serverMessageOf(
  rule: ServerMessageRule | undefined,
  body: unknown,
  secret?: string,
): string | undefined {
  if (!rule) return undefined;
  let picked: unknown;
  callHook(() => {
    picked = rule(body);
  });
  if (typeof picked !== 'string') return undefined;
  const line = redact(picked.replace(/\s+/g, ' ').trim(), secret);
  if (!line) return undefined;
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}
