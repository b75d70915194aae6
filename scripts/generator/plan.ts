import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GeneratorInputError } from './errors';
import { type Field, parseFields } from './fields';
import { checkPath, defaultPath, type ModuleNames, moduleNames } from './names';

/** The operations a module can have, in the order the generated files list them. */
export const OPERATIONS = ['list', 'get', 'create', 'update', 'remove'] as const;

/** One of {@link OPERATIONS}. */
export type Operation = (typeof OPERATIONS)[number];

/** The raw answers of the `api` generator, from the prompts or the command line. */
export interface Answers {
  name?: unknown;
  path?: unknown;
  operations?: unknown;
  fields?: unknown;
}

/** Everything the templates need, checked: building one is the last step before any write. */
export interface Plan extends ModuleNames {
  /** Resource path, e.g. `/invoices`. */
  path: string;
  operations: Operation[];
  /** The fields besides `id`, in spec order. */
  fields: Field[];
  /** Files the generator creates, relative to the project root. */
  files: { module: string; mocks: string; test: string };
  /** The barrel it adds the module to, relative to the project root. */
  barrel: string;
}

/** Where the kit keeps its api modules, relative to the project root. */
export const API_DIR = 'src/api';

/**
 * Read the operations answer: an array (from the checkbox) or a comma-separated string (from the
 * command line), where `all` or an empty string means every operation.
 * @throws GeneratorInputError for an unknown operation or an empty choice.
 */
export function parseOperations(value: unknown): Operation[] {
  const list = Array.isArray(value)
    ? value.map(String)
    : String(value ?? '')
        .split(',')
        .map((op) => op.trim())
        .filter((op) => op !== '');
  if (list.length === 0 || (list.length === 1 && list[0]?.toLowerCase() === 'all')) {
    if (Array.isArray(value)) {
      throw new GeneratorInputError(
        'Choose at least one operation (list, get, create, update, remove).',
      );
    }
    return [...OPERATIONS];
  }
  const unknown = list.filter(
    (op) => !(OPERATIONS as readonly string[]).includes(op.toLowerCase()),
  );
  if (unknown.length > 0) {
    throw new GeneratorInputError(
      `Unknown operation "${unknown.join('", "')}": choose from ${OPERATIONS.join(', ')} (or all).`,
    );
  }
  const chosen = new Set(list.map((op) => op.toLowerCase()));
  return OPERATIONS.filter((op) => chosen.has(op));
}

/** The files a module would be written to, relative to the project root. */
export function moduleFiles(file: string): Plan['files'] {
  return {
    module: `${API_DIR}/${file}.ts`,
    mocks: `tests/mocks/${file}.ts`,
    test: `tests/api/${file}.test.ts`,
  };
}

/**
 * Refuse a module whose files already exist: the generator never overwrites.
 * @throws GeneratorInputError naming the files that exist.
 */
export function checkNotExisting(root: string, names: ModuleNames): void {
  const existing = Object.values(moduleFiles(names.file)).filter((file) =>
    existsSync(join(root, file)),
  );
  if (existing.length > 0) {
    throw new GeneratorInputError(
      `Module "${names.name}" already exists (${existing.join(', ')}). ` +
        'The generator never overwrites: pick another name or remove those files first.',
    );
  }
}

/**
 * Check every answer against the project at `root` and turn them into a {@link Plan}.
 * Runs in the prompts' `validate` (one answer at a time) and once more, whole, before any action.
 * @throws GeneratorInputError with a message for the user; nothing is written then.
 * @example buildPlan(process.cwd(), { name: 'invoice', path: '', operations: 'all', fields: 'total:number' })
 */
export function buildPlan(root: string, answers: Answers): Plan {
  const names = moduleNames(String(answers.name ?? ''));
  checkNotExisting(root, names);
  const barrel = `${API_DIR}/index.ts`;
  if (!existsSync(join(root, barrel))) {
    throw new GeneratorInputError(
      `There is no ${barrel} to add the module to: run the generator at the kit's root.`,
    );
  }
  const rawPath = String(answers.path ?? '').trim();
  const path = rawPath === '' ? defaultPath(names.name) : checkPath(rawPath);
  const operations = parseOperations(answers.operations);
  const fields = parseFields(String(answers.fields ?? ''));
  return { ...names, path, operations, fields, files: moduleFiles(names.file), barrel };
}

const DECLARED_EXPORT =
  /^export\s+(?:declare\s+)?(?:async\s+)?(?:const|let|function\*?|class|type|interface|enum)\s+([A-Za-z_$][\w$]*)/gm;
const EXPORT_LIST = /^export\s+(?:type\s+)?\{([^}]*)\}/gm;

/** The names a TypeScript source exports by declaration or export list (not `export *`). */
export function exportedNames(source: string): string[] {
  const names: string[] = [];
  for (const match of source.matchAll(DECLARED_EXPORT)) names.push(match[1]!);
  for (const match of source.matchAll(EXPORT_LIST)) {
    for (const part of match[1]!.split(',')) {
      const name = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name) names.push(name);
    }
  }
  return names;
}

/**
 * Refuse a module whose exports would clash with another module's through the barrel's
 * `export *` (TypeScript reports that as an error in the barrel, far from its cause).
 * @throws GeneratorInputError naming the clashing export and the file that has it.
 */
export function checkExportClashes(root: string, moduleSource: string): void {
  const ours = new Set(exportedNames(moduleSource));
  const dir = join(root, API_DIR);
  for (const entry of readdirSync(dir).sort()) {
    if (!/\.tsx?$/.test(entry) || /\.d\.ts$/.test(entry)) continue;
    const theirs = exportedNames(readFileSync(join(dir, entry), 'utf8'));
    const clash = theirs.find((name) => ours.has(name));
    if (clash) {
      throw new GeneratorInputError(
        `The new module would export "${clash}", which ${API_DIR}/${entry} already exports ` +
          '(the barrel re-exports both): pick another name.',
      );
    }
  }
}
