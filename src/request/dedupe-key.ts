/**
 * A serialisation that is the same for equal values whatever their key order, used to spot
 * identical requests. Bodies it cannot compare (FormData, Blob, streams, buffers) get an identity
 * of their own, so two such requests are never taken for duplicates.
 *
 * @example stableKey({ b: 1, a: [2, { d: 3, c: 4 }] }) === stableKey({ a: [2, { c: 4, d: 3 }], b: 1 })
 */
export function stableKey(value: unknown): string {
  return serialize(value, new Set());
}

const identities = new WeakMap<object, string>();
let nextIdentity = 0;

function identity(value: object): string {
  let id = identities.get(value);
  if (id === undefined) {
    nextIdentity += 1;
    id = `#${nextIdentity}`;
    identities.set(value, id);
  }
  return id;
}

// `seen` holds the arrays and plain objects being serialised (a cycle is written `~`); it is the
// call's own, so a getter that throws half-way leaves nothing behind.
function serialize(value: unknown, seen: Set<object>): string {
  if (typeof value === 'bigint') return `${value}n`;
  // `undefined`, functions and symbols, which JSON leaves out, as their String().
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  // The time, not toISOString(), which throws on an invalid date.
  if (value instanceof Date) return `D${value.getTime()}`;
  if (value instanceof URLSearchParams) return `Q${value}`;
  const array = Array.isArray(value);
  const proto = Object.getPrototypeOf(value);
  if (!array && proto !== Object.prototype && proto !== null) return identity(value);
  if (seen.has(value)) return '~';
  seen.add(value);
  const record = value as Record<string, unknown>;
  const text = array
    ? `[${value.map((item) => serialize(item, seen))}]`
    : `{${Object.keys(record)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${serialize(record[key], seen)}`)}}`;
  seen.delete(value);
  return text;
}

/**
 * The dedupe key of a request: method, full URL, params and body.
 * @example dedupeKey('get', '/api/users', { page: 1 }, undefined)
 */
export function dedupeKey(method: string, url: string, params: unknown, body: unknown): string {
  return `${method} ${url} ${stableKey(params)} ${stableKey(body)}`;
}
