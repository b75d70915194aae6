import { GeneratorInputError } from '../generator/errors';
import { moduleNames } from '../generator/names';

/** The words of a name: `find pet by id`, `get-board`, `Get_User`, `listUsingGET_1` split apart. */
function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '');
}

/**
 * camelCase identifier from any text: `find pet by id` → `findPetById`, `get-board` → `getBoard`.
 * ASCII letters and digits only; a leading digit gets an `n` in front. `''` when nothing is left.
 * @example camelCase('Get_User') // 'getUser'
 */
export function camelCase(text: string): string {
  // An all-caps word reads as one word: `Simple API overview` → `simpleApiOverview`.
  const parts = words(text).map((word) =>
    word.length > 1 && word === word.toUpperCase() ? word[0] + word.slice(1).toLowerCase() : word,
  );
  if (parts.length === 0) return '';
  const joined = parts
    .map((word, i) =>
      i === 0 ? word[0]!.toLowerCase() + word.slice(1) : word[0]!.toUpperCase() + word.slice(1),
    )
    .join('');
  return /^[0-9]/.test(joined) ? `n${joined}` : joined;
}

/** `petStore` → `PetStore`. */
export function pascalCase(text: string): string {
  const camel = camelCase(text);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

// Springfox names operations after the Java method plus its HTTP method: `listUsingGET_1`.
const SPRINGFOX_SUFFIX = /Using(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)(_\d+)?$/;

/**
 * The endpoint name of an operation: its `operationId` camelCased (springfox's `UsingGET_1`
 * suffix dropped), or method and path when it has none: `GET /pets/{id}` → `getPetsById`.
 */
export function operationName(operationId: string | undefined, method: string, path: string) {
  const fromId = camelCase((operationId ?? '').replace(SPRINGFOX_SUFFIX, ''));
  if (fromId !== '') return fromId;
  const segments = path
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      return param ? `by ${param[1]}` : segment;
    });
  return camelCase(`${method.toLowerCase()} ${segments.join(' ')}`) || method.toLowerCase();
}

/**
 * A module name for a tag: its ASCII words camelCased (`Pet Store` → `petStore`,
 * `user-controller` → `userController`), or, for a tag with none (`用户管理`), the last plain
 * segment its operations' paths share (`/api/user/list`, `/api/user/{id}` → `user`).
 * `undefined` when neither gives a name.
 */
export function tagModuleName(tag: string, paths: string[]): string | undefined {
  return camelCase(tag) || commonSegment(paths);
}

/** The last plain (not `{param}`) segment every path starts with, camelCased. */
export function commonSegment(paths: string[]): string | undefined {
  const split = paths.map((path) => path.split('/').filter((segment) => segment !== ''));
  const shared: string[] = [];
  for (let i = 0; split.length > 0 && split.every((parts) => i < parts.length); i++) {
    const segment = split[0]![i]!;
    if (!split.every((parts) => parts[i] === segment)) break;
    shared.push(segment);
  }
  const plain = shared.filter((segment) => !segment.includes('{')).map(camelCase);
  return plain.filter((name) => name !== '').pop();
}

/**
 * A usable module name from a wanted one: the kit's own rules (`moduleNames`: no reserved word,
 * no kit file), trying `<name>Endpoints` when the plain name is refused, and a number when it is
 * already taken in this run.
 */
export function freeModuleName(wanted: string, taken: Set<string>): string {
  for (const candidate of [wanted, `${wanted}Endpoints`]) {
    try {
      let name = moduleNames(candidate).name;
      for (let n = 2; taken.has(name); n++) name = moduleNames(`${candidate}${n}`).name;
      taken.add(name);
      return name;
    } catch (error) {
      if (!(error instanceof GeneratorInputError)) throw error;
    }
  }
  throw new GeneratorInputError(`No module name can be made from "${wanted}".`);
}

// Global names a generated type must not shadow inside the app (a `type Error` or `Date` export).
// biome-ignore format: a word list reads better packed
const GLOBAL_TYPES = new Set([
  'Error', 'Date', 'Map', 'Set', 'Record', 'Promise', 'Object', 'Array', 'String', 'Number',
  'Boolean', 'Function', 'Symbol', 'JSON', 'Response', 'Request', 'Headers', 'File', 'Blob', 'URL',
  'Event', 'Node', 'Element', 'Document', 'Location', 'Storage', 'Partial', 'Required', 'Pick',
  'Omit', 'Readonly', 'Awaited', 'Exclude', 'Extract', 'BigInt', 'RegExp', 'Math', 'Intl',
]);

/**
 * Hands out the exported names of one run, so that no two modules behind one barrel export the
 * same name. A schema `Error` becomes `ErrorModel` (a type named `Error` would shadow the global).
 */
export class NameRegistry {
  private readonly taken = new Set<string>();

  /** Take a PascalCase base (`Pet` → `petSchema`, `Pet`, `PetJson`), numbered when taken. */
  base(wanted: string): string {
    let base = pascalCase(wanted) || 'Schema';
    if (GLOBAL_TYPES.has(base)) base = `${base}Model`;
    let name = base;
    for (let n = 2; this.isTaken(name); n++) name = `${base}${n}`;
    for (const taken of exportsOf(name)) this.taken.add(taken);
    return name;
  }

  /** Reserve a name as is (the `<module>Api` tables). */
  reserve(name: string): void {
    this.taken.add(name);
  }

  private isTaken(base: string): boolean {
    return exportsOf(base).some((name) => this.taken.has(name));
  }
}

/** What a schema base name exports: `Pet` → `petSchema`, `Pet`, `PetJson`. */
export function exportsOf(base: string): string[] {
  return [schemaName(base), base, `${base}Json`];
}

/** `Pet` → `petSchema`. */
export function schemaName(base: string): string {
  return `${base.charAt(0).toLowerCase()}${base.slice(1)}Schema`;
}
