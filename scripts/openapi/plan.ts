import { GeneratorInputError } from '../generator/errors';
import { moduleNames } from '../generator/names';
import { camelCase, commonSegment, freeModuleName, NameRegistry, tagModuleName } from './naming';
import type { EndpointModel, OperationList, SkippedOperation } from './operations';
import { cyclesOf, refsIn } from './refs';
import type { JsonSchema, OpenApiDocument } from './types';

/** One module to write: a tag's endpoints and the component schemas only it uses. */
export interface ModulePlan {
  /** camelCase module name (`pet`), its file (`pet`) and its endpoint table (`petApi`). */
  name: string;
  file: string;
  api: string;
  /** The tag it comes from; `undefined` for the untagged operations. */
  tag?: string;
  description?: string;
  endpoints: EndpointModel[];
  /** Component schemas it defines, each after those it needs. */
  components: string[];
}

/** Everything to write for one document, decided before any file is rendered. */
export interface GenerationPlan {
  document: OpenApiDocument;
  title: string;
  modules: ModulePlan[];
  /** The module of schemas used by several tags, when there are any. */
  shared?: { name: string; file: string; components: string[] };
  /** Where each component schema lives (a module name) and its exported base name (`Pet`). */
  home: Map<string, string>;
  base: Map<string, string>;
  cycles: Map<string, Set<string>>;
  registry: NameRegistry;
  skipped: SkippedOperation[];
  /** Components no generated endpoint uses (not written). */
  unused: string[];
  /** What the conversion left out, for the report. */
  notes: string[];
}

/**
 * Group the operations into modules (one per tag, the untagged ones together), name everything
 * once for the whole document so that no two exports clash behind the barrel, and place each
 * component schema: in the one module that uses it, or in the shared module when several do.
 * @throws GeneratorInputError for a `--tags` entry the document does not have.
 */
export function planGeneration(
  document: OpenApiDocument,
  operations: OperationList,
  tags: string[] | undefined,
): GenerationPlan {
  const title = document.info?.title?.trim() || 'OpenAPI document';
  let endpoints = operations.endpoints;
  let skipped = operations.skipped;
  if (tags) {
    const known = new Set([...endpoints, ...skipped].map((e) => e.tag ?? ''));
    const wanted = new Set(tags.map((tag) => tag.toLowerCase()));
    const missing = tags.filter(
      (tag) => ![...known].some((k) => k.toLowerCase() === tag.toLowerCase()),
    );
    if (missing.length > 0) {
      throw new GeneratorInputError(
        `The document has no tag ${missing.map((t) => `"${t}"`).join(', ')} (its tags: ${[...known].filter(Boolean).join(', ') || 'none'}).`,
      );
    }
    endpoints = endpoints.filter((e) => wanted.has((e.tag ?? '').toLowerCase()));
    skipped = skipped.filter((e) => wanted.has((e.tag ?? '').toLowerCase()));
  }

  // Modules, in the order the document lists its tags, then the tags only operations name.
  const order = [
    ...(document.tags ?? []).map((t) => t.name).filter((n): n is string => typeof n === 'string'),
    ...endpoints.map((e) => e.tag).filter((n): n is string => n !== undefined),
  ];
  const groups = new Map<string | undefined, EndpointModel[]>();
  for (const tag of [...new Set(order)]) {
    const members = endpoints.filter((e) => e.tag === tag);
    if (members.length > 0) groups.set(tag, members);
  }
  const untagged = endpoints.filter((e) => e.tag === undefined);
  if (untagged.length > 0) groups.set(undefined, untagged);

  const taken = new Set<string>();
  const registry = new NameRegistry();
  const modules: ModulePlan[] = [];
  for (const [tag, members] of groups) {
    const paths = members.map((e) => e.documentPath);
    const wanted =
      (tag === undefined ? commonSegment(paths) : tagModuleName(tag, paths)) ||
      camelCase(title) ||
      'endpoints';
    const names = moduleNames(freeModuleName(wanted, taken));
    registry.reserve(names.api);
    const description = document.tags?.find((t) => t.name === tag)?.description?.trim();
    modules.push({
      name: names.name,
      file: names.file,
      api: names.api,
      ...(tag !== undefined && { tag }),
      ...(description && { description }),
      endpoints: uniqueNames(members),
      components: [],
    });
  }

  // Which modules use each component, through every reference it makes in turn.
  const schemas = document.components?.schemas ?? {};
  const direct = new Map(Object.entries(schemas).map(([name, s]) => [name, refsIn(s)]));
  const closure = (start: Set<string>) => {
    const all = new Set<string>();
    const queue = [...start];
    while (queue.length > 0) {
      const name = queue.pop()!;
      if (all.has(name) || !(name in schemas)) continue;
      all.add(name);
      queue.push(...(direct.get(name) ?? []));
    }
    return all;
  };
  const users = new Map<string, Set<string>>();
  for (const module of modules) {
    const used = new Set<string>();
    for (const e of module.endpoints) {
      for (const part of [e.params?.schema, e.query?.schema, e.body?.schema, e.response.schema]) {
        refsIn(part, used);
      }
    }
    for (const name of closure(used)) {
      users.set(name, (users.get(name) ?? new Set()).add(module.name));
    }
  }

  const home = new Map<string, string>();
  const base = new Map<string, string>();
  const sharedName = [...users.values()].some((u) => u.size > 1)
    ? moduleNames(freeModuleName('models', taken))
    : undefined;
  for (const name of Object.keys(schemas).sort()) {
    const usedBy = users.get(name);
    if (!usedBy) continue;
    home.set(name, usedBy.size > 1 ? sharedName!.name : [...usedBy][0]!);
    base.set(name, registry.base(name));
  }
  const cycles = cyclesOf(schemas);
  const ordered = topologicalOrder([...home.keys()], direct, cycles);
  for (const module of modules)
    module.components = ordered.filter((n) => home.get(n) === module.name);
  return {
    document,
    title,
    modules,
    ...(sharedName && {
      shared: {
        name: sharedName.name,
        file: sharedName.file,
        components: ordered.filter((n) => home.get(n) === sharedName.name),
      },
    }),
    home,
    base,
    cycles,
    registry,
    skipped,
    unused: Object.keys(schemas).filter((name) => !home.has(name)),
    notes: [],
  };
}

// Endpoint names are unique within their module: `getPet`, `getPet2`.
function uniqueNames(endpoints: EndpointModel[]): EndpointModel[] {
  const seen = new Set<string>();
  return endpoints.map((e) => {
    let name = e.name;
    for (let n = 2; seen.has(name); n++) name = `${e.name}${n}`;
    seen.add(name);
    return { ...e, name };
  });
}

/** Each component after the ones it refers to; references inside a cycle do not count (they are lazy). */
function topologicalOrder(
  names: string[],
  direct: Map<string, Set<string>>,
  cycles: Map<string, Set<string>>,
): string[] {
  const result: string[] = [];
  const done = new Set<string>();
  const visit = (name: string) => {
    if (done.has(name)) return;
    done.add(name);
    for (const next of [...(direct.get(name) ?? [])].sort()) {
      if (cycles.get(name)?.has(next)) continue;
      if (names.includes(next)) visit(next);
    }
    result.push(name);
  };
  for (const name of names) visit(name);
  return result;
}

/** The schema of a component, for the renderers. */
export function componentSchema(document: OpenApiDocument, name: string): JsonSchema {
  return (document.components?.schemas?.[name] ?? {}) as JsonSchema;
}
