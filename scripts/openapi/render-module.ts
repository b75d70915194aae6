import { biomeOrder } from '../generator/names';
import { exportsOf, schemaName } from './naming';
import type { EndpointModel } from './operations';
import { componentSchema, type GenerationPlan } from './plan';
import { docComment, omitted, oneWayKeys, toZod, type ZodContext } from './zod';

/** The import path from one module of the output folder to another file, `./x` or `../x`. */
export type ImportPath = (to: string) => string;

/** Zod source of one endpoint's parts, and the named schemas they need declared before the table. */
export interface EndpointSource {
  model: EndpointModel;
  fields: string[];
}

function context(
  plan: GenerationPlan,
  module: string,
  current: string | undefined,
  uses: Map<string, Set<string>>,
  kitImports: Set<string>,
): ZodContext {
  return {
    document: plan.document,
    schemaConst(component) {
      const name = schemaName(plan.base.get(component)!);
      const home = plan.home.get(component)!;
      if (home !== module) {
        uses.set(home, (uses.get(home) ?? new Set()).add(name));
      }
      return name;
    },
    isCyclic: (target) => current !== undefined && (plan.cycles.get(current)?.has(target) ?? false),
    kitImports,
    notes: plan.notes,
  };
}

function componentBlock(plan: GenerationPlan, component: string, ctx: ZodContext): string {
  const schema = componentSchema(plan.document, component);
  const base = plan.base.get(component)!;
  const [schemaConst, type, json] = exportsOf(base);
  const { expr } = toZod(schema, ctx, false);
  const about = schema.description?.trim() || schema.title?.trim();
  return [
    `${docComment(about ?? `\`${component}\` as the API sends it.`)}export const ${schemaConst} = ${pure(expr)};`,
    `/** \`${component}\` in the app. */\nexport type ${type} = z.output<typeof ${schemaConst}>;`,
    `/** \`${component}\` as JSON on the wire. */\nexport type ${json} = z.input<typeof ${schemaConst}>;`,
  ].join('\n');
}

function importLines(
  uses: Map<string, Set<string>>,
  kitImports: Set<string>,
  path: ImportPath,
  files: Map<string, string>,
  define: { endpoint: boolean; stream: boolean },
): string {
  const lines = ["import * as z from 'zod';"];
  if (define.endpoint) lines.push(`import { defineEndpoint } from '${path('define-endpoint')}';`);
  // The one place an api module reaches into realtime (no cycle: see the README's stream section).
  if (define.stream) {
    lines.push(`import { defineStream } from '${path('../realtime/define-stream')}';`);
  }
  for (const [module, names] of [...uses].sort(([a], [b]) => biomeOrder(a, b))) {
    lines.push(
      `import { ${[...names].sort(biomeOrder).join(', ')} } from './${files.get(module)}';`,
    );
  }
  if (kitImports.size > 0)
    lines.push(
      `import { ${[...kitImports].sort(biomeOrder).join(', ')} } from '${path('schemas')}';`,
    );
  return lines.join('\n');
}

/** The shared module: the component schemas several tags use. */
export function renderShared(
  plan: GenerationPlan,
  path: ImportPath,
  files: Map<string, string>,
): string {
  const shared = plan.shared!;
  const uses = new Map<string, Set<string>>();
  const kitImports = new Set<string>();
  const blocks = shared.components.map((c) =>
    componentBlock(plan, c, context(plan, shared.name, c, uses, kitImports)),
  );
  return [
    importLines(uses, kitImports, path, files, { endpoint: false, stream: false }),
    `// Schemas that several modules of ${JSON.stringify(plan.title)} use, kept here so the barrel exports each once.`,
    ...blocks,
  ].join('\n\n');
}

/** A tag's module: its component schemas, its endpoints' inline schemas, and its endpoint table. */
export function renderModule(
  plan: GenerationPlan,
  index: number,
  path: ImportPath,
  files: Map<string, string>,
): { source: string; endpoints: EndpointSource[] } {
  const module = plan.modules[index]!;
  const uses = new Map<string, Set<string>>();
  const kitImports = new Set<string>();
  const blocks = module.components.map((c) =>
    componentBlock(plan, c, context(plan, module.name, c, uses, kitImports)),
  );
  const ctx = context(plan, module.name, undefined, uses, kitImports);
  const endpoints: EndpointSource[] = [];
  const entries: string[] = [];
  for (const model of module.endpoints) {
    // `userApi.list`'s query is `UserListQuery`; `petApi.findPets`'s is `FindPetsQuery`.
    const prefix = model.name.toLowerCase().includes(module.name.toLowerCase())
      ? ''
      : `${module.name} `;
    const fields = [`method: '${model.method}'`, `path: ${JSON.stringify(model.path)}`];
    if (model.params) fields.push(`params: ${toZod(model.params.schema, ctx).expr}`);
    if (model.query) {
      const named = namedPart(
        plan,
        blocks,
        `${prefix}${model.name} query`,
        toZod(model.query.schema, ctx).expr,
        `Query of \`${module.api}.${model.name}\`.`,
        'input',
      );
      fields.push(`query: ${named}${model.query.required ? '' : '.prefault({})'}`);
    }
    if (model.body) {
      const { body } = model;
      const expr = omitted(
        toZod(body.schema, { ...ctx, side: 'request', form: body.encoding === 'multipart' }).expr,
        oneWayKeys(plan.document, body.schema, 'request'),
      );
      const named = /^\w+$/.test(expr)
        ? expr
        : namedPart(
            plan,
            blocks,
            `${prefix}${model.name} body`,
            expr,
            `Body of \`${module.api}.${model.name}\`.`,
            'input',
          );
      // An optional form is an empty one: `form: true` always sends an object of fields.
      const optional = body.encoding === 'multipart' ? '.prefault({})' : '.optional()';
      fields.push(`body: ${named}${body.required ? '' : optional}`);
    }
    const stream = model.response.kind === 'stream';
    fields.push(
      `${stream ? 'events' : 'response'}: ${responseExpr(plan, blocks, module.api, model, ctx, prefix)}`,
    );
    if (model.body?.encoding === 'multipart') fields.push('form: true');
    const config: string[] = [];
    if (model.anonymous) config.push('withToken: false');
    if (model.body?.encoding === 'urlencoded') {
      // axios writes an object body as `a=1&b=2` under this Content-Type, arrays as repeated keys.
      config.push(
        "headers: { 'Content-Type': 'application/x-www-form-urlencoded' }",
        'formSerializer: { indexes: null }',
      );
    }
    // A text/plain answer is not JSON: axios must not try to parse it.
    if (model.response.kind === 'text') config.push("responseType: 'text'");
    // OpenAPI's default form style repeats the key (`tags=a&tags=b`); axios would send `tags[]=a`.
    if (model.query?.arrays) config.push('paramsSerializer: { indexes: null }');
    if (config.length > 0) fields.push(`config: { ${config.join(', ')} }`);
    endpoints.push({ model, fields });
    entries.push(
      `${endpointDoc(model)}  ${model.name}: ${model.response.kind === 'stream' ? 'defineStream' : 'defineEndpoint'}({\n${fields.map((f) => `    ${f},`).join('\n')}\n  }),`,
    );
  }
  const about =
    module.description ??
    (module.tag ? `The \`${module.tag}\` operations.` : 'The operations without a tag.');
  const table = `${docComment(about)}export const ${module.api} = ${pure(`({\n${entries.join('\n')}\n})`)};`;
  return {
    source: [
      importLines(uses, kitImports, path, files, {
        endpoint: module.endpoints.some((e) => e.response.kind !== 'stream'),
        stream: module.endpoints.some((e) => e.response.kind === 'stream'),
      }),
      ...blocks,
      table,
    ].join('\n\n'),
    endpoints,
  };
}

function namedPart(
  plan: GenerationPlan,
  blocks: string[],
  wanted: string,
  expr: string,
  about: string,
  side: 'input' | 'output',
): string {
  const base = plan.registry.base(wanted);
  const schemaConst = schemaName(base);
  blocks.push(
    `/** ${about} */\nexport const ${schemaConst} = ${pure(expr)};\n/** ${about} */\nexport type ${base} = z.${side}<typeof ${schemaConst}>;`,
  );
  return schemaConst;
}

function responseExpr(
  plan: GenerationPlan,
  blocks: string[],
  api: string,
  model: EndpointModel,
  ctx: ZodContext,
  prefix: string,
): string {
  const { response } = model;
  if (response.kind === 'void') return 'z.void()';
  if (response.kind === 'unknown') return 'z.unknown()';
  const expr = omitted(
    toZod(response.schema, { ...ctx, side: 'response' }).expr,
    oneWayKeys(plan.document, response.schema, 'response'),
  );
  const simple = /^(\w+|z\.array\(\w+\)|z\.(string|number|int|int32|boolean|unknown)\(\))$/.test(
    expr,
  );
  const named = simple
    ? expr
    : namedPart(
        plan,
        blocks,
        `${prefix}${model.name} ${response.kind === 'stream' ? 'event' : 'response'}`,
        expr,
        response.kind === 'stream'
          ? `The data of each event \`${api}.${model.name}\` streams.`
          : `What \`${api}.${model.name}\` resolves with.`,
        'output',
      );
  return response.optional ? `${named}.optional()` : named;
}

function endpointDoc(model: EndpointModel): string {
  const lines: string[] = [];
  if (model.summary) lines.push(model.summary);
  if (model.description && model.description !== model.summary) {
    if (lines.length > 0) lines.push('');
    lines.push(...model.description.split(/\r?\n/));
  }
  if (lines.length > 0) lines.push('');
  lines.push(`\`${model.method} ${model.documentPath}\``);
  for (const note of model.notes) lines.push(`Note: ${note}.`);
  if (model.deprecated) lines.push('@deprecated');
  const body = lines.map((line) => line.replace(/\*\//g, '*\\/').trimEnd());
  return `  /**\n${body.map((line) => `   *${line ? ` ${line}` : ''}`).join('\n')}\n   */\n`;
}

/**
 * A module-level definition a bundler may drop when a page does not use it: zod and
 * `defineEndpoint` calls are side effects to a bundler unless marked, and an app's package.json
 * (the kit and these modules are copied source) does not say `"sideEffects": false`.
 */
function pure(expr: string): string {
  return `/* @__PURE__ */ (() => ${expr})()`;
}
