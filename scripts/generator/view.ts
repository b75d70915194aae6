import type { Field } from './fields';
import { biomeOrder, pluralize, toKebab } from './names';
import { OPERATIONS, type Operation, type Plan } from './plan';

/** What the templates render: the plan plus the code fragments built here, where they are testable. */
export interface View extends Plan {
  /** PascalCase plural: `LineItems`. */
  plural: string;
  /** camelCase plural, the name of the mocks' table: `lineItems`. */
  pluralName: string;
  /** Prose: `line item`, `line items`, `a line item`, and capitalised forms. */
  words: string;
  pluralWords: string;
  aWords: string;
  capitalizedWords: string;
  capitalizedAWords: string;
  capitalizedPluralWords: string;
  /** Flags per operation, for `{{#if has.create}}`. */
  has: Record<Operation, boolean>;
  /** Whether any operation works on one item (`/path/:id`). */
  hasItemPath: boolean;
  /** The operations in prose: `list, read, create, update and delete`. */
  operationsText: string;
  /** The resource's enums, exported as schemas of their own (`invoiceStatusSchema`). */
  enums: { schema: string; type: string; values: string; field: string }[];
  /** The resource schema's properties, one `name: expr,` each. */
  properties: string[];
  /** Names imported from `./schemas`. */
  schemaImports: string;
  /** Two seeded items as wire JSON, one `name: value,` line per property. */
  samples: string[][];
  /** Their ids. */
  ids: string[];
  /** A create body (the first sample without its id), as an object literal. */
  createBody: string;
  /** The `@example` lines of `create` (required fields only; one per line when long). */
  createExample: string[];
  /** A one-field update body, taking the second sample's value. */
  updateBody: string;
  /** A create body whose first field has the wrong type. */
  badBody: string;
  /** A reply the response schema rejects (the first sample with its first field broken). */
  badReply: string;
  /** How the test proves bad input sends nothing: a bad body, a bad id, or a bad page. */
  bad: { body?: Operation; withId?: boolean; bodyType?: string; params?: Operation };
  /** The response-mismatch test: which endpoint, called how. */
  responseCheck?: { op: Operation; call: string };
  /** The call that meets a 404, when an operation takes an id. */
  notFound?: string;
  /** The call that meets the failure handlers' 500. */
  failureCall: string;
  /** Names the test and the mocks import, sorted as Biome sorts them. */
  testApiImports: string;
  mocksApiImports: string;
  sharedImports: string;
  /** Whether the mocks answer with one item (get, create, update). */
  hasReply: boolean;
  /** Whether the mocks encode replies with zod (any operation but remove). */
  encodes: boolean;
  endpointList: string;
}

const ZOD: Record<Exclude<Field['type'], 'enum'>, string> = {
  string: 'z.string()',
  number: 'z.number()',
  int: 'z.number().int()',
  boolean: 'z.boolean()',
  date: 'isoDate',
  email: 'z.email()',
  url: 'z.url()',
  uuid: 'z.uuid()',
};

/** Build everything the templates need from a checked plan. */
export function buildView(plan: Plan): View {
  const { api, type } = plan;
  const plural = pluralize(type);
  const words = plan.file.replace(/-/g, ' ');
  const pluralWords = pluralize(words);
  const aWords = `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`;
  const has = Object.fromEntries(
    OPERATIONS.map((op) => [op, plan.operations.includes(op)]),
  ) as Record<Operation, boolean>;

  const enums = plan.fields
    .filter((field) => field.type === 'enum')
    .map((field) => {
      const enumType = `${type}${capitalize(field.name)}`;
      return {
        schema: `${lowerFirst(enumType)}Schema`,
        type: enumType,
        values: field.values.map(quote).join(', '),
        field: field.name,
      };
    });
  const enumSchema = new Map(enums.map((e) => [e.field, e.schema]));
  const properties = [
    'id: idSchema,',
    ...plan.fields.map((field) => {
      let expr = enumSchema.get(field.name) ?? ZOD[field.type as Exclude<Field['type'], 'enum'>];
      if (field.array) expr = `z.array(${expr})`;
      if (field.optional) expr = `${expr}.optional()`;
      return `${field.name}: ${expr},`;
    }),
  ];
  const schemaImports = ['idSchema'];
  if (plan.fields.some((field) => field.type === 'date')) schemaImports.push('isoDate');

  const ids = [1, 2].map((n) => `${plan.file}-${n}`);
  const entries = (n: number) =>
    plan.fields.map((field) => `${field.name}: ${sampleOf(field, n, plan.file)}`);
  const first = plan.fields[0]!;
  const broken = [`${first.name}: ${wrongValueOf(first)}`, ...entries(1).slice(1)];
  const createBody = objectLiteral(entries(1));
  const required = plan.fields.filter((field) => !field.optional);
  const exampleEntries = (required.length > 0 ? required : plan.fields).map(
    (field) => `${field.name}: ${sampleOf(field, 1, plan.file)}`,
  );
  const call = `const ${plan.name} = await ${api}.create({ body:`;
  const oneLine = `@example ${call} ${objectLiteral(exampleEntries)} });`;
  // `   * ` before it: a line that fits the 100 columns the rest of the file keeps to.
  const createExample =
    oneLine.length + 5 <= 100
      ? [oneLine]
      : ['@example', `${call} {`, ...exampleEntries.map((entry) => `  ${entry},`), '} });'];
  const updateBody = objectLiteral([`${first.name}: ${sampleOf(first, 2, plan.file)}`]);
  const badItem = objectLiteral([`id: ${quote(ids[0]!)}`, ...broken]);
  const byId = `{ params: { id: ${quote(ids[0]!)} } }`;

  const calls: Record<Operation, string> = {
    list: `${api}.list({})`,
    get: `${api}.get(${byId})`,
    create: `${api}.create({ body: ${createBody} })`,
    update: `${api}.update({ params: { id: ${quote(ids[0]!)} }, body: ${updateBody} })`,
    remove: `${api}.remove(${byId})`,
  };
  const bodyOp = has.create ? 'create' : has.update ? 'update' : undefined;
  const paramsOp = (['get', 'remove'] as const).find((op) => has[op]);
  const checkOp = (['get', 'list', 'create', 'update'] as const).find((op) => has[op]);
  const missingOp = (['get', 'update', 'remove'] as const).find((op) => has[op]);
  const firstOp = plan.operations[0]!;

  const testApiImports = [api];
  if (has.create) testApiImports.push(`type Create${type}Body`, `create${type}BodySchema`);
  if (has.update) testApiImports.push(`type Update${type}Body`, `update${type}BodySchema`);
  const sharedImports = ['API_BASE', 'errorJson', 'route'];
  if (has.list || has.get || has.create || has.update) sharedImports.push('okBody');
  if (has.create || has.update) sharedImports.push('jsonBody');
  if (has.list) sharedImports.push('queryOf');
  if (has.list || has.create || has.update) sharedImports.push('validate');

  return {
    ...plan,
    plural,
    pluralName: lowerFirst(plural),
    words,
    pluralWords,
    aWords,
    capitalizedWords: capitalize(words),
    capitalizedAWords: capitalize(aWords),
    capitalizedPluralWords: capitalize(pluralWords),
    has,
    hasItemPath: has.get || has.update || has.remove,
    operationsText: prose(
      plan.operations.map((op) => (op === 'get' ? 'read' : op === 'remove' ? 'delete' : op)),
    ),
    enums,
    properties,
    schemaImports: schemaImports.join(', '),
    samples: [1, 2].map((n) => [`id: ${quote(ids[n - 1]!)},`, ...entries(n).map((e) => `${e},`)]),
    ids,
    createBody,
    createExample,
    updateBody,
    badBody: objectLiteral(broken),
    badReply:
      checkOp === 'list' ? `{ items: [${badItem}], total: 1, page: 1, pageSize: 20 }` : badItem,
    bad: bodyOp
      ? { body: bodyOp, withId: bodyOp === 'update', bodyType: `${capitalize(bodyOp)}${type}Body` }
      : paramsOp
        ? { params: paramsOp }
        : {},
    ...(checkOp && { responseCheck: { op: checkOp, call: calls[checkOp] } }),
    ...(missingOp && { notFound: calls[missingOp].replace(quote(ids[0]!), quote('missing')) }),
    failureCall: calls[firstOp].replace(/\)$/, ', { retry: false })'),
    testApiImports: sortNames(testApiImports),
    mocksApiImports: sortNames([`type ${type}`, `type ${type}Json`, api, `${plan.name}Schema`]),
    hasReply: has.get || has.create || has.update,
    encodes: has.list || has.get || has.create || has.update,
    sharedImports: sortNames(sharedImports),
    endpointList: plan.operations.map((op) => `${api}.${op}`).join(', '),
  };
}

/**
 * A value of `field` on the wire, as TypeScript source: item `n` of a deterministic fixture
 * (two items differ in every field, so a test that mixes them up fails).
 * @example sampleOf({ name: 'paidAt', type: 'date', optional: true, array: false, values: [] }, 1, 'invoice')
 * // "'2026-01-01T09:30:00.000Z'"
 */
export function sampleOf(field: Field, n: number, file: string): string {
  const one = scalarSample(field, n, file);
  return field.array ? `[${one}]` : one;
}

function scalarSample(field: Field, n: number, file: string): string {
  const kebab = toKebab(field.name);
  switch (field.type) {
    case 'string':
      return quote(`${kebab}-${n}`);
    case 'number':
      return `${n * 10}.5`;
    case 'int':
      return String(n * 10);
    case 'boolean':
      return n % 2 === 1 ? 'true' : 'false';
    case 'date':
      return quote(`2026-01-0${n}T09:30:00.000Z`);
    case 'email':
      return quote(`${kebab}-${n}@example.com`);
    case 'url':
      return quote(`https://example.com/${file}/${n}`);
    case 'uuid':
      return quote(`00000000-0000-4000-8000-00000000000${n}`);
    case 'enum':
      return quote(field.values[(n - 1) % field.values.length]!);
  }
}

// A value the field's schema rejects: a number where text is expected, text elsewhere.
function wrongValueOf(field: Field): string {
  const textual = ['string', 'email', 'url', 'uuid', 'date', 'enum'].includes(field.type);
  return textual ? '42' : quote('not valid');
}

function objectLiteral(entries: string[]): string {
  return `{ ${entries.join(', ')} }`;
}

function prose(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

// Biome sorts named imports by name, a `type` modifier aside.
function sortNames(names: string[]): string {
  const key = (name: string) => name.replace(/^type\s+/, '');
  return [...names].sort((a, b) => biomeOrder(key(a), key(b))).join(', ');
}
