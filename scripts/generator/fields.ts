import { GeneratorInputError } from './errors';

/** Scalar field types the spec understands; each maps to one zod expression. */
export const FIELD_TYPES = [
  'string',
  'number',
  'int',
  'boolean',
  'date',
  'email',
  'url',
  'uuid',
  'enum',
] as const;

/** One of {@link FIELD_TYPES}. */
export type FieldType = (typeof FIELD_TYPES)[number];

/** A field of the generated resource, read from a spec entry such as `paidAt?:date`. */
export interface Field {
  /** Property name, a plain identifier. */
  name: string;
  type: FieldType;
  /** `name?:type`: the property may be missing. */
  optional: boolean;
  /** `name:type[]`: an array of that type. */
  array: boolean;
  /** The allowed values of an `enum(a|b|c)` field, in spec order. */
  values: string[];
}

const ENTRY = /^([A-Za-z_][A-Za-z0-9_]*)(\?)?\s*:\s*([a-z]+)(?:\(([^()]*)\))?(\[\])?$/;
const ENUM_VALUE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
// Property names that mean something else in an object literal or on every object.
const FORBIDDEN_FIELDS = new Set(['__proto__', 'constructor', 'prototype']);

/** The spec grammar in one line, for prompts and error messages. */
export const FIELD_SPEC_HELP =
  'name[?]:type[[]], comma-separated; types: string, number, int, boolean, date (ISO date-time ' +
  'string), email, url, uuid, enum(a|b|c); `?` = optional, `[]` = array. ' +
  'Example: number:string, total:number, paidAt?:date, status:enum(draft|sent|paid)';

/**
 * Read a field spec such as `number:string, total:number, paidAt?:date, email:email`.
 * `id` is not part of it: every generated resource has `id: idSchema`.
 * @throws GeneratorInputError naming the entry it cannot read.
 * @example parseFields('total:number, tags?:string[]')
 */
export function parseFields(spec: string): Field[] {
  const entries = splitEntries(spec);
  if (entries.length === 0) {
    throw new GeneratorInputError(`The field spec is empty. Expected ${FIELD_SPEC_HELP}`);
  }
  const fields: Field[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const field = parseEntry(entry);
    if (seen.has(field.name)) {
      throw new GeneratorInputError(`Field "${field.name}" is listed twice in the field spec.`);
    }
    seen.add(field.name);
    fields.push(field);
  }
  return fields;
}

// Commas inside `enum(...)` never occur (values are `|`-separated), so a plain split is enough;
// a trailing comma is forgiven, an empty entry in the middle is not.
function splitEntries(spec: string): string[] {
  const parts = spec.split(',').map((part) => part.trim());
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 1 && parts[0] === '') return [];
  if (parts.includes('')) {
    throw new GeneratorInputError(
      `The field spec "${spec}" has an empty entry (two commas in a row?). Expected ${FIELD_SPEC_HELP}`,
    );
  }
  return parts;
}

function parseEntry(entry: string): Field {
  const match = ENTRY.exec(entry);
  if (!match) {
    throw new GeneratorInputError(`Cannot read field "${entry}". Expected ${FIELD_SPEC_HELP}`);
  }
  const [, name = '', optional, type = '', args, array] = match;
  if (name === 'id') {
    throw new GeneratorInputError(
      `Field "${entry}": leave id out of the spec; every resource gets \`id: idSchema\` (an opaque string).`,
    );
  }
  if (FORBIDDEN_FIELDS.has(name)) {
    throw new GeneratorInputError(`Field "${entry}": "${name}" cannot be a property name.`);
  }
  if (!isFieldType(type)) {
    throw new GeneratorInputError(
      `Field "${entry}": unknown type "${type}" (known: ${FIELD_TYPES.join(', ')}).`,
    );
  }
  if (type !== 'enum' && args !== undefined) {
    throw new GeneratorInputError(`Field "${entry}": only enum takes values in parentheses.`);
  }
  const values = type === 'enum' ? parseEnumValues(entry, args) : [];
  return { name, type, optional: optional === '?', array: array === '[]', values };
}

function parseEnumValues(entry: string, args: string | undefined): string[] {
  const values = (args ?? '').split('|').map((value) => value.trim());
  if (args === undefined || values.some((value) => !ENUM_VALUE.test(value))) {
    throw new GeneratorInputError(
      `Field "${entry}": write enum values as enum(a|b|c), each letters, digits, _ . or -.`,
    );
  }
  if (new Set(values).size !== values.length) {
    throw new GeneratorInputError(`Field "${entry}": an enum value is listed twice.`);
  }
  return values;
}

function isFieldType(type: string): type is FieldType {
  return (FIELD_TYPES as readonly string[]).includes(type);
}
