import { componentName, deref, resolvePointer } from './refs';
import type { JsonSchema, OpenApiDocument } from './types';

/** What converting a schema needs to know about the rest of the document. */
export interface ZodContext {
  document: OpenApiDocument;
  /** The exported const of a component schema (`Pet` → `petSchema`). */
  schemaConst(component: string): string;
  /** Whether a reference from the component being written to `target` closes a cycle. */
  isCyclic(target: string): boolean;
  /** Names the generated module must import from the kit's `schemas` (`isoDate`). */
  kitImports: Set<string>;
  /** Things the conversion had to leave out, said to the user. */
  notes: string[];
  /**
   * Which way the schema being converted travels, when it is an endpoint's own (inline) part:
   * `readOnly` properties are left out of what is sent, `writeOnly` ones out of what comes back.
   * `undefined` for a component schema, which serves both ways: there both are optional.
   */
  side?: 'request' | 'response';
  /** Converting a `multipart/form-data` body: a `binary` string is a file, a `Blob`. */
  form?: boolean;
}

/** A zod expression as source, and whether it refers back into a cycle (so it must be deferred). */
export interface ZodSource {
  expr: string;
  /** True when evaluating `expr` at module load would read a schema not defined yet. */
  deferred: boolean;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `name` as an object-literal key: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  // A literal `__proto__:` key would set the prototype instead of a property.
  if (name === '__proto__') return `['__proto__']`;
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** A JSDoc block for a description, or nothing; `*\/` inside it cannot end the comment. */
export function docComment(text: string | undefined, indent = ''): string {
  const clean = (text ?? '').replace(/\*\//g, '*\\/').trim();
  if (clean === '') return '';
  const lines = clean.split(/\r?\n/).map((line) => line.trimEnd());
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((line) => `${indent} *${line ? ` ${line}` : ''}`).join('\n')}\n${indent} */\n`;
}

/** A JSON value as TypeScript source. */
export function literal(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The types a schema allows, `null` aside, and whether it allows `null` (3.0 `nullable`, 3.1 arrays). */
export function typesOf(schema: JsonSchema): { types: string[]; nullable: boolean } {
  const raw = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const nullable =
    schema.nullable === true ||
    raw.includes('null') ||
    (Array.isArray(schema.enum) && schema.enum.includes(null)) ||
    (schema.oneOf ?? schema.anyOf ?? []).some((v) => isObject(v) && v.type === 'null' && !v.$ref);
  return { types: raw.filter((type) => type !== 'null'), nullable };
}

/** The type a schema is read as: its first non-null type, else what its keywords imply (no type: any). */
export function mainType(schema: JsonSchema, types: string[]): string | undefined {
  if (types[0] !== undefined) return types[0];
  if (schema.properties || schema.additionalProperties) return 'object';
  return schema.items ? 'array' : undefined;
}

/** Whether a schema (after `$ref`s) is a plain object a zod `.extend()` can build on. */
export function isPlainObject(document: OpenApiDocument, schema: JsonSchema): boolean {
  const target = deref(document, schema);
  if (!isObject(target) || target.allOf || target.oneOf || target.anyOf) return false;
  const { types, nullable } = typesOf(target);
  if (nullable || target.enum) return false;
  return (
    (types.length === 0 && isObject(target.properties)) ||
    (types.length === 1 && types[0] === 'object' && target.additionalProperties === undefined)
  );
}

/**
 * Convert a JSON Schema (OpenAPI 3.0 or 3.1) to zod v4 source. `inProperty` says whether the
 * expression lands inside an object property, where a reference into a cycle can wait in a getter;
 * anywhere else such a reference is wrapped in `z.lazy`.
 * @example toZod({ type: 'string', format: 'email' }, ctx).expr // 'z.email()'
 */
export function toZod(
  schema: JsonSchema | undefined,
  ctx: ZodContext,
  inProperty = false,
  seen: ReadonlySet<string> = new Set(),
): ZodSource {
  if (!isObject(schema)) return { expr: 'z.unknown()', deferred: false };
  if (typeof schema.$ref === 'string') return refToZod(schema.$ref, ctx, inProperty, seen);
  const { types, nullable } = typesOf(schema);
  const base = baseToZod(schema, types, ctx, inProperty, seen);
  return nullable && base.expr !== 'z.unknown()' && base.expr !== 'z.null()'
    ? { expr: `${base.expr}.nullable()`, deferred: base.deferred }
    : base;
}

function refToZod(
  ref: string,
  ctx: ZodContext,
  inProperty: boolean,
  seen: ReadonlySet<string>,
): ZodSource {
  const component = componentName(ref);
  if (component !== undefined && ctx.document.components?.schemas?.[component] !== undefined) {
    const name = ctx.schemaConst(component);
    if (!ctx.isCyclic(component)) return { expr: name, deferred: false };
    return inProperty
      ? { expr: name, deferred: true }
      : { expr: `z.lazy(() => ${name})`, deferred: false };
  }
  // A reference into another part of the document (or a missing component): converted in place.
  const target = resolvePointer(ctx.document, ref);
  if (!isObject(target) || seen.has(ref)) {
    ctx.notes.push(
      `$ref ${ref} ${isObject(target) ? 'refers to itself' : 'leads nowhere'}: read as unknown`,
    );
    return { expr: 'z.unknown()', deferred: false };
  }
  return toZod(target as JsonSchema, ctx, inProperty, new Set([...seen, ref]));
}

function baseToZod(
  schema: JsonSchema,
  types: string[],
  ctx: ZodContext,
  inProperty: boolean,
  seen: ReadonlySet<string>,
): ZodSource {
  if (Array.isArray(schema.enum)) return enumToZod(schema.enum.filter((value) => value !== null));
  if (schema.const !== undefined) return enumToZod([schema.const]);
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    return allOfToZod(schema, ctx, inProperty, seen);
  }
  const variants = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(variants) && variants.length > 0) {
    return unionToZod(schema, variants, ctx, inProperty, seen);
  }
  if (types.length > 1) {
    const parts = types.map((type) =>
      baseToZod({ ...schema, type }, [type], ctx, inProperty, seen),
    );
    return {
      expr: `z.union([${parts.map((part) => part.expr).join(', ')}])`,
      deferred: parts.some((part) => part.deferred),
    };
  }
  const type = mainType(schema, types);
  switch (type) {
    case 'string':
      return { expr: stringToZod(schema, ctx), deferred: false };
    case 'integer':
    case 'number':
      return { expr: numberToZod(schema, type), deferred: false };
    case 'boolean':
      return { expr: 'z.boolean()', deferred: false };
    case 'null':
      return { expr: 'z.null()', deferred: false };
    case 'array':
      return arrayToZod(schema, ctx, inProperty, seen);
    case 'object':
      return objectToZod(schema, ctx, seen);
    default:
      return { expr: 'z.unknown()', deferred: false };
  }
}

function enumToZod(values: unknown[]): ZodSource {
  if (values.length === 0) return { expr: 'z.unknown()', deferred: false };
  const primitive = values.filter((v) => ['string', 'number', 'boolean'].includes(typeof v));
  if (primitive.length === 0) return { expr: 'z.unknown()', deferred: false };
  const unique = [...new Set(primitive)];
  if (unique.every((v) => typeof v === 'string')) {
    return { expr: `z.enum([${unique.map(literal).join(', ')}])`, deferred: false };
  }
  if (unique.length === 1) return { expr: `z.literal(${literal(unique[0])})`, deferred: false };
  return { expr: `z.literal([${unique.map(literal).join(', ')}])`, deferred: false };
}

function stringToZod(schema: JsonSchema, ctx: ZodContext): string {
  // A file field of a form (Swagger 2.0's `type: file` arrives converted to this).
  if (ctx.form && (schema.format === 'binary' || typeof schema.contentMediaType === 'string')) {
    return 'z.instanceof(Blob)';
  }
  switch (schema.format) {
    case 'date-time':
      ctx.kitImports.add('isoDate');
      return 'isoDate';
    case 'date':
      return 'z.iso.date()';
    case 'email':
      return 'z.email()';
    case 'uuid':
      return 'z.uuid()';
    default:
      break;
  }
  let expr = 'z.string()';
  if (typeof schema.minLength === 'number') expr += `.min(${schema.minLength})`;
  if (typeof schema.maxLength === 'number') expr += `.max(${schema.maxLength})`;
  if (typeof schema.pattern === 'string') {
    const regex = regexLiteral(schema.pattern);
    if (regex) expr += `.regex(${regex})`;
    else
      ctx.notes.push(
        `pattern ${JSON.stringify(schema.pattern)} is not a JavaScript regex: left out`,
      );
  }
  return expr;
}

/**
 * A regex literal matching what `new RegExp(pattern)` matches, or `undefined` when the pattern is
 * not a JavaScript regex or cannot sit in a literal (a line break). Unescaped `/` are escaped, so
 * the pattern can never end the literal early.
 */
export function regexLiteral(pattern: string): string | undefined {
  if (/[\r\n\u2028\u2029]/.test(pattern)) return undefined;
  try {
    new RegExp(pattern);
  } catch {
    return undefined;
  }
  let body = '';
  let escaped = false;
  let inClass = false;
  for (const char of pattern) {
    if (escaped) {
      body += char;
      escaped = false;
      continue;
    }
    if (char === '\\') escaped = true;
    else if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    body += char === '/' && !inClass ? '\\/' : char;
  }
  return body === '' ? undefined : `/${body}/`;
}

function numberToZod(schema: JsonSchema, type: 'integer' | 'number'): string {
  // int64 stays a number: JSON has no bigint, and `z.int()` refuses what is past 2^53 instead of
  // letting it arrive rounded.
  let expr = type === 'number' ? 'z.number()' : schema.format === 'int32' ? 'z.int32()' : 'z.int()';
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = schema;
  if (typeof exclusiveMinimum === 'number') expr += `.gt(${exclusiveMinimum})`;
  else if (typeof minimum === 'number')
    expr += exclusiveMinimum === true ? `.gt(${minimum})` : `.min(${minimum})`;
  if (typeof exclusiveMaximum === 'number') expr += `.lt(${exclusiveMaximum})`;
  else if (typeof maximum === 'number')
    expr += exclusiveMaximum === true ? `.lt(${maximum})` : `.max(${maximum})`;
  if (typeof multipleOf === 'number' && multipleOf > 0) expr += `.multipleOf(${multipleOf})`;
  return expr;
}

function arrayToZod(
  schema: JsonSchema,
  ctx: ZodContext,
  inProperty: boolean,
  seen: ReadonlySet<string>,
): ZodSource {
  const items = Array.isArray(schema.items) ? undefined : schema.items;
  const item = toZod(items, ctx, inProperty, seen);
  let expr = `z.array(${item.expr})`;
  if (typeof schema.minItems === 'number' && schema.minItems > 0)
    expr += `.min(${schema.minItems})`;
  if (typeof schema.maxItems === 'number') expr += `.max(${schema.maxItems})`;
  return { expr, deferred: item.deferred };
}

/** Whether a property is required: listed in `required`, or springfox's `required: true` on it. */
function isRequired(schema: JsonSchema, key: string, property: JsonSchema): boolean {
  return (
    (Array.isArray(schema.required) && schema.required.includes(key)) || property.required === true
  );
}

/** `.default(value)` when the document's default fits the property, `undefined` otherwise. */
function defaultOf(
  property: JsonSchema,
  document: OpenApiDocument,
  expr: string,
): string | undefined {
  const target = deref(document, property);
  const value = target.default;
  if (value === undefined || value === null || expr.startsWith('isoDate')) return undefined;
  const { types } = typesOf(target);
  const fits =
    (Array.isArray(target.enum) && target.enum.includes(value)) ||
    (!target.enum &&
      ((types[0] === 'string' && typeof value === 'string' && !target.format && !target.pattern) ||
        (types[0] === 'boolean' && typeof value === 'boolean') ||
        (types[0] === 'number' && typeof value === 'number') ||
        (types[0] === 'integer' && Number.isSafeInteger(value))));
  return fits ? `.default(${literal(value)})` : undefined;
}

/** The `key: expr,` lines of an object's properties (getters for those that wait on a cycle). */
export function propertyLines(
  schema: JsonSchema,
  ctx: ZodContext,
  seen: ReadonlySet<string> = new Set(),
  optionalAll = false,
): string[] {
  const lines: string[] = [];
  for (const [key, raw] of Object.entries(schema.properties ?? {})) {
    const property = (isObject(raw) ? raw : {}) as JsonSchema;
    const access = accessOf(ctx.document, property);
    const away = ctx.side === 'request' ? 'readOnly' : ctx.side === 'response' ? 'writeOnly' : '';
    if (access !== undefined && access === away) continue;
    const value = toZod(property, ctx, true, seen);
    const fallback = defaultOf(property, ctx.document, value.expr);
    // In a component, which serves both ways, a readOnly or writeOnly property is absent one way.
    const oneWay = access !== undefined && ctx.side === undefined;
    const required = !optionalAll && !oneWay && isRequired(schema, key, property);
    const expr = fallback
      ? `${value.expr}${fallback}`
      : required
        ? value.expr
        : `${value.expr}.optional()`;
    const doc = docComment(deref(ctx.document, property).description ?? property.description, '  ');
    const name = propertyKey(key);
    lines.push(
      value.deferred
        ? `${doc}  get ${name}() {\n    return ${expr};\n  },`
        : `${doc}  ${name}: ${expr},`,
    );
  }
  return lines;
}

function objectToZod(schema: JsonSchema, ctx: ZodContext, seen: ReadonlySet<string>): ZodSource {
  const extra = schema.additionalProperties;
  const hasProperties = isObject(schema.properties) && Object.keys(schema.properties).length > 0;
  if (!hasProperties) {
    if (isObject(extra)) {
      const value = toZod(extra as JsonSchema, ctx, true, seen);
      return { expr: `z.record(z.string(), ${value.expr})`, deferred: value.deferred };
    }
    if (extra === false) return { expr: 'z.object({})', deferred: false };
    return { expr: 'z.record(z.string(), z.unknown())', deferred: false };
  }
  const body = `{\n${propertyLines(schema, ctx, seen).join('\n')}\n}`;
  if (extra === true) return { expr: `z.looseObject(${body})`, deferred: false };
  if (isObject(extra)) {
    const value = toZod(extra as JsonSchema, ctx, false, seen);
    return { expr: `z.object(${body}).catchall(${value.expr})`, deferred: false };
  }
  return { expr: `z.object(${body})`, deferred: false };
}

function allOfToZod(
  schema: JsonSchema,
  ctx: ZodContext,
  inProperty: boolean,
  seen: ReadonlySet<string>,
): ZodSource {
  const parts: JsonSchema[] = [...(schema.allOf ?? [])].filter(isObject);
  // Properties written beside `allOf` belong to the same object.
  if (isObject(schema.properties)) {
    parts.push({ type: 'object', properties: schema.properties, required: schema.required });
  }
  if (parts.length === 1) return toZod(parts[0], ctx, inProperty, seen);
  const inline = parts.filter((part) => part.$ref === undefined);
  const refs = parts.filter((part) => part.$ref !== undefined);
  const plainInline = inline.every(
    (part) => !part.allOf && !part.oneOf && !part.anyOf && isObject(part.properties),
  );
  const extendable =
    refs.length === 1 &&
    plainInline &&
    isPlainObject(ctx.document, refs[0]!) &&
    !refToZod(refs[0]!.$ref!, ctx, true, seen).deferred;
  if (extendable) {
    const base = toZod(refs[0], ctx, inProperty, seen).expr;
    const lines = inline.flatMap((part) => propertyLines(part, ctx, seen));
    return { expr: `${base}.extend({\n${lines.join('\n')}\n})`, deferred: false };
  }
  if (refs.length === 0 && plainInline) {
    const merged: JsonSchema = {
      type: 'object',
      properties: Object.assign({}, ...inline.map((part) => part.properties)),
      required: inline.flatMap((part) => (Array.isArray(part.required) ? part.required : [])),
    };
    return objectToZod(merged, ctx, seen);
  }
  const converted = parts.map((part) => toZod(part, ctx, inProperty, seen));
  const expr = converted
    .map((part) => part.expr)
    .reduce((left, right) => `z.intersection(${left}, ${right})`);
  return { expr, deferred: converted.some((part) => part.deferred) };
}

function unionToZod(
  schema: JsonSchema,
  variants: JsonSchema[],
  ctx: ZodContext,
  inProperty: boolean,
  seen: ReadonlySet<string>,
): ZodSource {
  const options = variants.filter(isObject).filter((v) => !(v.type === 'null' && !v.$ref));
  let result: ZodSource;
  const property = schema.discriminator?.propertyName ?? '';
  const tagged =
    property !== '' &&
    options.length > 1 &&
    options.every(
      (v) =>
        typeof v.$ref === 'string' &&
        componentName(v.$ref) !== undefined &&
        isPlainObject(ctx.document, v) &&
        !refToZod(v.$ref, ctx, true, seen).deferred,
    );
  if (options.length === 0) {
    result = { expr: 'z.unknown()', deferred: false };
  } else if (options.length === 1) {
    result = toZod(options[0], ctx, inProperty, seen);
  } else if (tagged) {
    // Each variant gets its tag as a literal: documents type the property as a plain string.
    const mapping = Object.entries(schema.discriminator?.mapping ?? {});
    const parts = options.map((v) => {
      const tag = mapping.find(([, ref]) => ref === v.$ref)?.[0] ?? componentName(String(v.$ref))!;
      return `${toZod(v, ctx, inProperty, seen).expr}.extend({ ${propertyKey(property)}: z.literal(${literal(tag)}) })`;
    });
    result = {
      expr: `z.discriminatedUnion(${literal(property)}, [${parts.join(', ')}])`,
      deferred: false,
    };
  } else {
    const parts = options.map((v) => toZod(v, ctx, inProperty, seen));
    result = {
      expr: `z.union([${parts.map((part) => part.expr).join(', ')}])`,
      deferred: parts.some((part) => part.deferred),
    };
  }
  if (isObject(schema.properties) && Object.keys(schema.properties).length > 0) {
    const own = objectToZod(
      { type: 'object', properties: schema.properties, required: schema.required },
      ctx,
      seen,
    );
    return { expr: `z.intersection(${own.expr}, ${result.expr})`, deferred: result.deferred };
  }
  return result;
}

/** `readOnly` or `writeOnly` when the property (or the schema it refers to) says so. */
function accessOf(
  document: OpenApiDocument,
  property: JsonSchema,
): 'readOnly' | 'writeOnly' | undefined {
  const target = deref(document, property);
  if (property.readOnly === true || target.readOnly === true) return 'readOnly';
  if (property.writeOnly === true || target.writeOnly === true) return 'writeOnly';
  return undefined;
}

/**
 * The top-level properties of a referenced plain object component that do not travel `side`'s
 * way (readOnly ones in a request, writeOnly ones in a response): the use site `.omit()`s them.
 */
export function oneWayKeys(
  document: OpenApiDocument,
  schema: JsonSchema | undefined,
  side: 'request' | 'response',
): string[] {
  if (!isObject(schema) || typeof schema.$ref !== 'string' || !isPlainObject(document, schema)) {
    return [];
  }
  const target = deref(document, schema);
  const unwanted = side === 'request' ? 'readOnly' : 'writeOnly';
  return Object.entries(target.properties ?? {})
    .filter(([, property]) => isObject(property) && accessOf(document, property) === unwanted)
    .map(([key]) => key);
}

/** `expr.omit({ a: true })` for the keys, or `expr` when there are none. */
export function omitted(expr: string, keys: string[]): string {
  if (keys.length === 0) return expr;
  return `${expr}.omit({ ${keys.map((key) => `${propertyKey(key)}: true`).join(', ')} })`;
}
