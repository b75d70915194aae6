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

const identities = new WeakMap<object, number>();
let nextIdentity = 0;

function identity(value: object): string {
  let id = identities.get(value);
  if (id === undefined) {
    nextIdentity += 1;
    id = nextIdentity;
    identities.set(value, id);
  }
  return `#${id}`;
}

function serialize(value: unknown, seen: Set<object>): string {
  if (value === undefined) return 'u';
  if (value === null || typeof value !== 'object') {
    return typeof value === 'bigint' ? `${value}n` : (JSON.stringify(value) ?? String(value));
  }
  if (value instanceof Date) return `D${value.toISOString()}`;
  if (value instanceof URLSearchParams) return `Q${value.toString()}`;
  if (seen.has(value)) return '~';
  const proto = Object.getPrototypeOf(value);
  seen.add(value);
  try {
    if (Array.isArray(value)) return `[${value.map((item) => serialize(item, seen)).join(',')}]`;
    if (proto !== Object.prototype && proto !== null) return identity(value);
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${serialize(record[key], seen)}`).join(',')}}`;
  } finally {
    seen.delete(value);
  }
}

/**
 * The dedupe key of a request: method, full URL, params and body.
 * @example dedupeKey('get', '/api/users', { page: 1 }, undefined)
 */
export function dedupeKey(method: string, url: string, params: unknown, body: unknown): string {
  return `${method} ${url} ${stableKey(params)} ${stableKey(body)}`;
}
