import { patternSample } from './pattern-sample';
import { componentName, deref } from './refs';
import type { JsonSchema, OpenApiDocument } from './types';
import { mainType, regexLiteral, typesOf } from './zod';

/** How a sample is made: from the document's own examples first, or made up from the schema alone. */
export type SampleMode = 'example' | 'made';

/**
 * A form's file field in a sample: JSON has no file, so the samples carry this string and the
 * mocks' source turns it into a `Blob` (see render-tests.ts).
 */
export const FILE_SAMPLE = '<file: a Blob in the generated samples>';

/** A form field that is a file (as zod.ts reads it inside a form: a `Blob`). */
function isFile(schema: JsonSchema): boolean {
  return schema.format === 'binary' || typeof schema.contentMediaType === 'string';
}

/** Left out of its object or array: a cycle went deep enough. */
const OMIT = Symbol('omit');

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first example a schema or media type carries (`example`, or the first of `examples`). */
export function exampleOf(node: { example?: unknown; examples?: unknown } | undefined): unknown {
  if (!node) return undefined;
  if (node.example !== undefined) return node.example;
  const { examples } = node;
  if (Array.isArray(examples)) return examples[0];
  if (isObject(examples)) {
    const first = Object.values(examples)[0];
    return isObject(first) ? first.value : undefined;
  }
  return undefined;
}

/**
 * A JSON value the zod schema made from `schema` accepts, made from the schema: in `example` mode
 * the document's examples are taken where a schema has one; in `made` mode only the schema counts
 * (an example is still used for a `pattern` it matches, which nothing else could satisfy).
 * The mocks and tests try the candidates in order and use the first the schema accepts.
 * @example sampleOf({ type: 'string', format: 'email' }, document, 'made') // 'user@example.com'
 */
export function sampleOf(
  schema: JsonSchema | undefined,
  document: OpenApiDocument,
  mode: SampleMode,
  hint = 'value',
  form = false,
): unknown {
  const value = sample(schema, document, mode, hint, [], form);
  return value === OMIT ? null : value;
}

function sample(
  raw: JsonSchema | undefined,
  document: OpenApiDocument,
  mode: SampleMode,
  hint: string,
  stack: string[],
  form: boolean,
): unknown {
  if (!isObject(raw)) return 'value';
  let schema = raw;
  let nextStack = stack;
  if (typeof raw.$ref === 'string') {
    const name = componentName(raw.$ref) ?? raw.$ref;
    // A cycle is followed twice at most: deep enough to show its shape, never endless.
    if (stack.filter((seen) => seen === name).length >= 1) return OMIT;
    nextStack = [...stack, name];
    schema = deref(document, raw);
    if (!isObject(schema) || typeof schema.$ref === 'string') return 'value';
  }
  if (mode === 'example') {
    const example = exampleOf(schema);
    if (example !== undefined) return example;
  }
  if (Array.isArray(schema.enum)) {
    const first = schema.enum.find((value) => value !== null);
    return first === undefined ? null : first;
  }
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    const parts = [...schema.allOf];
    if (isObject(schema.properties))
      parts.push({ type: 'object', properties: schema.properties, required: schema.required });
    const values = parts.map((part) => sample(part, document, mode, hint, nextStack, form));
    if (values.every((value) => isObject(value))) return Object.assign({}, ...values);
    return values.find((value) => value !== OMIT) ?? OMIT;
  }
  const variants = (schema.oneOf ?? schema.anyOf)?.filter(
    (v) => isObject(v) && !(v.type === 'null' && !v.$ref),
  );
  if (variants && variants.length > 0) {
    const first = variants[0]!;
    const value = sample(first, document, mode, hint, nextStack, form);
    const property = schema.discriminator?.propertyName;
    if (property && isObject(value) && typeof first.$ref === 'string') {
      const mapping = Object.entries(schema.discriminator?.mapping ?? {});
      value[property] =
        mapping.find(([, ref]) => ref === first.$ref)?.[0] ?? componentName(first.$ref);
    }
    if (isObject(schema.properties) && isObject(value)) {
      const own = sample(
        { type: 'object', properties: schema.properties, required: schema.required },
        document,
        mode,
        hint,
        nextStack,
        form,
      );
      return isObject(own) ? { ...own, ...value } : value;
    }
    return value;
  }
  const { types } = typesOf(schema);
  const type = mainType(schema, types);
  switch (type) {
    case 'string':
      return form && isFile(schema) ? FILE_SAMPLE : sampleString(schema, hint);
    case 'integer':
    case 'number':
      return sampleNumber(schema, type);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      const items = Array.isArray(schema.items) ? undefined : schema.items;
      const item = sample(items, document, mode, hint, nextStack, form);
      if (item === OMIT || schema.maxItems === 0) return [];
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => item);
    }
    case 'object':
      return sampleObject(schema, document, mode, nextStack, form);
    default:
      return 'value';
  }
}

function sampleObject(
  schema: JsonSchema,
  document: OpenApiDocument,
  mode: SampleMode,
  stack: string[],
  form: boolean,
): unknown {
  const result: Record<string, unknown> = {};
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const [key, property] of Object.entries(properties)) {
    const value = sample(property, document, mode, key, stack, form);
    if (value !== OMIT) result[key] = value;
  }
  if (Object.keys(properties).length === 0 && isObject(schema.additionalProperties)) {
    const value = sample(schema.additionalProperties, document, mode, 'value', stack, form);
    if (value !== OMIT) result.key = value;
  }
  return result;
}

function sampleString(schema: JsonSchema, hint: string): string {
  switch (schema.format) {
    case 'date-time':
      return '2026-01-02T03:04:05.000Z';
    case 'date':
      return '2026-01-02';
    case 'email':
      return 'user@example.com';
    case 'uuid':
      return '3fa85f64-5717-4562-b3fc-2c963f66afa6';
    case 'uri':
    case 'url':
      return 'https://example.com/';
    default:
      break;
  }
  const made =
    typeof schema.pattern === 'string'
      ? patternSample(schema.pattern, schema.minLength, schema.maxLength)
      : undefined;
  const candidates = [
    exampleOf(schema),
    schema.default,
    hint,
    'value',
    'abc',
    'A1',
    '1',
    'a',
    // One the pattern itself describes (`^1[3-9]\d{9}$`), then a password that lookaheads accept.
    made,
    'Passw0rd!',
  ].filter((value): value is string => typeof value === 'string');
  const fits = (text: string) => {
    if (typeof schema.minLength === 'number' && text.length < schema.minLength) return false;
    if (typeof schema.maxLength === 'number' && text.length > schema.maxLength) return false;
    if (typeof schema.pattern === 'string' && regexLiteral(schema.pattern)) {
      return new RegExp(schema.pattern).test(text);
    }
    return true;
  };
  const found = candidates.find(fits);
  if (found !== undefined) return found;
  // Stretch or cut the hint to the length limits (a pattern nothing above matched stays unmet).
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Math.max(min, hint.length);
  return hint.padEnd(min, 'x').slice(0, Math.max(min, Math.min(max, hint.length)));
}

function sampleNumber(schema: JsonSchema, type: 'integer' | 'number'): number {
  const step =
    typeof schema.multipleOf === 'number' && schema.multipleOf > 0 ? schema.multipleOf : undefined;
  let low = -Infinity;
  let high = Infinity;
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema;
  const nudge = type === 'integer' ? 1 : 0.5;
  if (typeof exclusiveMinimum === 'number') low = exclusiveMinimum + nudge;
  else if (typeof minimum === 'number') low = exclusiveMinimum === true ? minimum + nudge : minimum;
  if (typeof exclusiveMaximum === 'number') high = exclusiveMaximum - nudge;
  else if (typeof maximum === 'number')
    high = exclusiveMaximum === true ? maximum - nudge : maximum;
  let value = type === 'integer' ? 1 : 1.5;
  if (typeof schema.default === 'number') value = schema.default;
  value = Math.min(Math.max(value, low), high);
  if (type === 'integer') value = Math.ceil(value);
  if (step) value = Math.ceil(value / step) * step;
  return value;
}
