import type { JsonSchema, OpenApiDocument } from './types';

const COMPONENT = /^#\/components\/schemas\/([^/]+)$/;

/** The component name a `$ref` points at (`#/components/schemas/Pet` → `Pet`), if it does. */
export function componentName(ref: string): string | undefined {
  const match = COMPONENT.exec(ref);
  return match ? unescapePointer(match[1]!) : undefined;
}

function unescapePointer(part: string): string {
  let decoded = part;
  try {
    decoded = decodeURIComponent(part);
  } catch {
    // Not percent-encoded after all: the raw text is the name.
  }
  return decoded.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Follow a local JSON pointer (`#/components/parameters/limit`) in the document; `undefined` when
 * it leads nowhere (bundling has already turned references to other files into local ones).
 */
export function resolvePointer(document: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = unescapePointer(raw);
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Follow `$ref`s (a few hops at most, so a reference loop ends) to the object they name. */
export function deref<T extends { $ref?: string }>(document: OpenApiDocument, value: T): T {
  let current: T = value;
  for (let hops = 0; hops < 20 && typeof current?.$ref === 'string'; hops++) {
    const next = resolvePointer(document, current.$ref);
    if (typeof next !== 'object' || next === null) return current;
    current = next as T;
  }
  return current;
}

/** Every component a schema refers to, directly or deep inside it. */
export function refsIn(schema: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) {
    for (const item of schema) refsIn(item, found);
  } else if (typeof schema === 'object' && schema !== null) {
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string') {
        const name = componentName(value);
        if (name !== undefined) found.add(name);
      } else if (key !== 'example' && key !== 'examples' && key !== 'default') {
        refsIn(value, found);
      }
    }
  }
  return found;
}

/**
 * The components that take part in a reference cycle, each mapped to its cycle (Tarjan's strongly
 * connected components over `$ref`s). A reference between two members of one cycle must be lazy.
 */
export function cyclesOf(schemas: Record<string, JsonSchema>): Map<string, Set<string>> {
  const edges = new Map(Object.entries(schemas).map(([name, s]) => [name, [...refsIn(s)]]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const result = new Map<string, Set<string>>();
  let counter = 0;
  const visit = (name: string) => {
    index.set(name, counter);
    low.set(name, counter);
    counter++;
    stack.push(name);
    onStack.add(name);
    for (const next of edges.get(name) ?? []) {
      if (!edges.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(name, Math.min(low.get(name)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(name, Math.min(low.get(name)!, index.get(next)!));
      }
    }
    if (low.get(name) === index.get(name)) {
      const members = new Set<string>();
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        members.add(member);
      } while (member !== name);
      const selfLoop = edges.get(name)?.includes(name) ?? false;
      if (members.size > 1 || selfLoop) for (const m of members) result.set(m, members);
    }
  };
  for (const name of edges.keys()) if (!index.has(name)) visit(name);
  return result;
}
