import { GeneratorInputError } from './errors';

// ECMAScript reserved and strict-mode words, and TypeScript's type keywords: a module named after
// one reads badly and its type name (`Class`, `String`, `Date`) shadows or confuses a builtin.
// biome-ignore format: a word list reads better packed
const RESERVED = new Set([
  'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete',
  'do', 'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import',
  'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try',
  'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements', 'interface',
  'package', 'private', 'protected', 'public', 'arguments', 'eval', 'undefined', 'any', 'unknown',
  'never', 'string', 'number', 'boolean', 'bigint', 'symbol', 'object', 'type', 'as', 'async',
  'declare', 'keyof', 'readonly', 'infer', 'is', 'namespace', 'module', 'require', 'global',
  'constructor', 'prototype', 'array', 'date', 'error', 'map', 'set', 'promise', 'record',
  'partial', 'required', 'pick', 'omit', 'regexp', 'json', 'math', 'reflect', 'proxy',
]);

// File names the api folder already gives a meaning to.
const KIT_FILES = new Set([
  'index',
  'defineEndpoint',
  'endpoint',
  'schemas',
  'path',
  'http',
  'request',
  'api',
]);

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]*$/;

/** Every name the templates derive from the module name. */
export interface ModuleNames {
  /** camelCase module name: `lineItem`. */
  name: string;
  /** kebab-case file name without extension: `line-item`. */
  file: string;
  /** PascalCase type name: `LineItem`. */
  type: string;
  /** The endpoint table: `lineItemApi`. */
  api: string;
}

/**
 * Check a module name and derive the names the generated files use.
 * `Invoice` and `invoice` are the same module; `line-item`, `2fa` or `class` are refused.
 * @throws GeneratorInputError saying why the name cannot be used.
 * @example moduleNames('lineItem') // { name: 'lineItem', file: 'line-item', type: 'LineItem', api: 'lineItemApi' }
 */
export function moduleNames(raw: string): ModuleNames {
  const input = raw.trim();
  if (!IDENTIFIER.test(input)) {
    throw new GeneratorInputError(
      `Module name "${raw}" is not an identifier: use letters and digits, starting with a letter, ` +
        'camelCase for several words (e.g. invoice, lineItem).',
    );
  }
  const name = input[0]!.toLowerCase() + input.slice(1);
  if (RESERVED.has(name.toLowerCase())) {
    throw new GeneratorInputError(
      `Module name "${raw}" is a reserved word in JavaScript or TypeScript; pick a domain noun (e.g. invoice).`,
    );
  }
  if (KIT_FILES.has(name)) {
    throw new GeneratorInputError(
      `Module name "${raw}" is taken by the kit itself (src/api/${toKebab(name)}.ts); pick a domain noun.`,
    );
  }
  return {
    name,
    file: toKebab(name),
    type: name[0]!.toUpperCase() + name.slice(1),
    api: `${name}Api`,
  };
}

/** `lineItem` → `line-item`. */
export function toKebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

const IRREGULAR: Record<string, string> = {
  person: 'people',
  child: 'children',
  man: 'men',
  woman: 'women',
  mouse: 'mice',
  datum: 'data',
};

/**
 * A small English plural, good for resource paths: `invoice` → `invoices`, `category` →
 * `categories`, `address` → `addresses`, `person` → `people`. Words that are already plural or
 * uncountable are not recognised: pass the path explicitly for those.
 * @example pluralize('box') // 'boxes'
 */
export function pluralize(word: string): string {
  const lower = word.toLowerCase();
  const irregular = IRREGULAR[lower];
  if (irregular) return word.slice(0, 1) + irregular.slice(1);
  if (/[^aeiou]y$/.test(lower)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${word}es`;
  return `${word}s`;
}

/**
 * The default resource path of a module: its kebab-case plural, `lineItem` → `/line-items`.
 * @example defaultPath('category') // '/categories'
 */
export function defaultPath(name: string): string {
  const words = toKebab(name).split('-');
  const last = words.pop() ?? '';
  return `/${[...words, pluralize(last)].join('-')}`;
}

const PATH = /^(\/[A-Za-z0-9._~-]+)+$/;

/**
 * Check a resource path such as `/invoices` or `/billing/invoices` (the item path adds `/:id`).
 * @throws GeneratorInputError for anything else (params, query, trailing slash, spaces).
 */
export function checkPath(path: string): string {
  const trimmed = path.trim();
  if (!PATH.test(trimmed) || /(^|\/)\.{1,2}(\/|$)/.test(trimmed)) {
    throw new GeneratorInputError(
      `Resource path "${path}" is not a plain path: write it as /invoices or /billing/invoices ` +
        '(no :params, query, trailing slash, spaces, . or .. segments).',
    );
  }
  return trimmed;
}

/**
 * The order Biome keeps sources and named imports in: natural and case-insensitive first, then by
 * code point. The generator writes barrels and imports already sorted this way.
 * @example ['b', 'A10', 'a2'].sort(biomeOrder) // ['a2', 'A10', 'b']
 */
export function biomeOrder(a: string, b: string): number {
  return (
    a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0)
  );
}
