import { biomeOrder } from '../generator/names';
import type { EndpointModel } from './operations';
import type { GenerationPlan, ModulePlan } from './plan';
import { deref } from './refs';
import { FILE_SAMPLE, sampleOf } from './sample';
import type { JsonSchema } from './types';

/** Import paths from the generated mocks and tests to the files they use. */
export interface TestPaths {
  /** From the mocks file: the module, `./shared`, the support file. */
  mocksToModule: string;
  mocksToShared: string;
  mocksToSupport: string;
  /** From the test file: the module, the mocks, the support file, shared, the msw setup, helpers. */
  testToModule: string;
  testToMocks: string;
  testToSupport: string;
  testToShared: string;
  testToSetup: string;
  testToHelpers: string;
}

function candidates(
  plan: GenerationPlan,
  schema: JsonSchema | undefined,
  example: unknown,
  hint: string,
  form = false,
): unknown[] {
  const list = [
    example,
    sampleOf(schema, plan.document, 'example', hint, form),
    sampleOf(schema, plan.document, 'made', hint, form),
  ];
  const seen = new Set<string>();
  return list.filter((value) => {
    if (value === undefined) return false;
    const key = JSON.stringify(value);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function samplesOf(plan: GenerationPlan, e: EndpointModel): string {
  const fields: string[] = [];
  if (e.params)
    fields.push(
      `params: ${JSON.stringify(candidates(plan, e.params.schema, e.params.example, 'id'))}`,
    );
  if (e.query)
    fields.push(
      `query: ${JSON.stringify(candidates(plan, e.query.schema, e.query.example, 'value'))}`,
    );
  if (e.body) {
    const body = JSON.stringify(
      candidates(plan, e.body.schema, e.body.example, 'value', e.body.encoding === 'multipart'),
    );
    // A form's file field: the samples are source, so the file is a real Blob there.
    fields.push(`body: ${body.replaceAll(JSON.stringify(FILE_SAMPLE), FILE_SOURCE)}`);
  }
  const { response } = e;
  const kind = response.kind === 'void' || response.kind === 'unknown' ? 'empty' : response.kind;
  const reply =
    kind === 'empty' ? [] : candidates(plan, response.schema, response.example, 'value');
  fields.push(`reply: ${JSON.stringify(reply)}`, `status: ${response.status}`, `kind: '${kind}'`);
  return `  ${e.name}: {\n${fields.map((f) => `    ${f},`).join('\n')}\n  },`;
}

const FILE_SOURCE = "new Blob(['sample file'], { type: 'text/plain' })";

/** The schema an endpoint's reply is checked with: its response, or a stream's events. */
function replySchema(e: EndpointModel): string {
  return `d.${e.name}.definition.${e.response.kind === 'stream' ? 'events' : 'response'}`;
}

/** The msw handlers of a module: every endpoint answers from its samples; bodies are validated. */
export function renderMocks(plan: GenerationPlan, module: ModulePlan, paths: TestPaths): string {
  const { api, name } = module;
  const handlers = module.endpoints.map((e) => {
    const answer = `replyWith(${replySchema(e)}, s.${e.name})`;
    if (!e.body) return `    route(d.${e.name}, () => ${answer}, base),`;
    if (e.body.encoding !== 'json') {
      const type =
        e.body.encoding === 'multipart'
          ? 'multipart/form-data'
          : 'application/x-www-form-urlencoded';
      return `    route(d.${e.name}, ({ request }) => sentAs(request, '${type}') ?? ${answer}, base),`;
    }
    return [
      `    route(`,
      `      d.${e.name},`,
      `      async ({ request }) => {`,
      `        const b = validate(d.${e.name}.definition.body, await jsonBody(request));`,
      `        if (!b.ok) return b.response;`,
      `        return ${answer};`,
      `      },`,
      `      base,`,
      `    ),`,
    ].join('\n');
  });
  const shared = ['API_BASE', 'errorJson', 'route'];
  if (module.endpoints.some((e) => e.body?.encoding === 'json'))
    shared.push('jsonBody', 'validate');
  const support = ['replyWith', 'type Samples'];
  if (module.endpoints.some((e) => e.body && e.body.encoding !== 'json')) support.unshift('sentAs');
  return [
    [
      "import type { HttpHandler } from 'msw';",
      `import { ${api} } from '${paths.mocksToModule}';`,
      `import { ${support.join(', ')} } from '${paths.mocksToSupport}';`,
      `import { ${shared.sort(biomeOrder).join(', ')} } from '${paths.mocksToShared}';`,
    ].join('\n'),
    `/**\n * Inputs and replies for every \`${api}\` endpoint: the document's examples first, values made up\n * from the schemas after them (the first one a schema accepts is used).\n */\nexport const ${name}Samples = {\n${module.endpoints.map((e) => samplesOf(plan, e)).join('\n')}\n} satisfies Record<keyof typeof ${api}, Samples>;`,
    `/**\n * msw handlers for \`${api}\`: each answers with its endpoint's sample reply and the document's\n * status; a body that fails the endpoint's schema gets a 422 with the issues.\n */\nexport function ${name}Handlers(base: string = API_BASE): HttpHandler[] {\n  const d = ${api};\n  const s = ${name}Samples;\n  return [\n${handlers.join('\n')}\n  ];\n}`,
    `/**\n * msw handlers answering every \`${api}\` route with \`status\` (a 500 by default): the server\n * failing. Put them in front: \`server.use(...${name}FailureHandlers())\`.\n */\nexport function ${name}FailureHandlers(status = 500, base: string = API_BASE): HttpHandler[] {\n  return Object.values(${api}).map((endpoint) =>\n    route(endpoint, () => errorJson(status, 'The server failed'), base),\n  );\n}`,
  ].join('\n\n');
}

/** The call of an endpoint with its first valid samples, as test source. */
function callOf(e: EndpointModel, config = ''): string {
  const parts: string[] = [];
  for (const part of ['params', 'query', 'body'] as const) {
    if (e[part])
      parts.push(`${part}: firstValid(d.${e.name}.definition.${part}, s.${e.name}.${part})`);
  }
  const input = parts.length > 0 ? `{ ${parts.join(', ')} }` : config ? 'undefined' : '';
  return wrapStream(e, `d.${e.name}(${input}${config ? `, ${config}` : ''})`);
}

/** A stream is iterated to its end: its events, or the error that ended it. */
function wrapStream(e: EndpointModel, call: string): string {
  return e.response.kind === 'stream' ? `collect(${call})` : call;
}

function expectedOf(e: EndpointModel): string {
  const helper = e.response.kind === 'stream' ? 'expectedEvents' : 'expectedReply';
  return `${helper}(${replySchema(e)}, s.${e.name})`;
}

function rejectsEmptyInput(plan: GenerationPlan, e: EndpointModel): boolean {
  if (e.params || e.query?.required) return true;
  if (!e.body?.required) return false;
  const body = deref(plan.document, e.body.schema);
  return body.type === 'object' || body.type === 'array' || body.properties !== undefined;
}

/** The module's test: every endpoint against its mock, bad input refused unsent, a failing server. */
export function renderTest(plan: GenerationPlan, module: ModulePlan, paths: TestPaths): string {
  const { api, name } = module;
  const cases = module.endpoints.map(
    (e) =>
      `  it(${JSON.stringify(`${e.name}: ${e.method} ${e.documentPath}`)}, async () => {\n    await expect(${callOf(e)}).resolves.toEqual(${expectedOf(e)});\n  });`,
  );
  const strict = module.endpoints.find((e) => rejectsEmptyInput(plan, e));
  if (strict) {
    cases.push(
      `  it('refuses input its schemas reject without sending it', async () => {\n    // Input the types refuse too: the run-time check is what stands between it and the server.\n    await expect(${wrapStream(strict, `d.${strict.name}({} as never)`)}).rejects.toMatchObject({ kind: 'validation' });\n    expect(counter.count).toBe(0);\n  });`,
    );
  }
  const first = module.endpoints[0]!;
  cases.push(
    `  it('rejects a failing server with an http 500', async () => {\n    server.use(...${name}FailureHandlers(500));\n    // Retries are off so the test sees the first answer instead of waiting out the backoff.\n    await expect(${callOf(first, '{ retry: false }')}).rejects.toMatchObject({\n      name: 'ApiError',\n      kind: 'http',\n      status: 500,\n    });\n  });`,
  );
  const helpers = new Set<string>();
  for (const e of module.endpoints) {
    if (e.params || e.query || e.body) helpers.add('firstValid');
    if (e.response.kind === 'stream') helpers.add('collect').add('expectedEvents');
    else helpers.add('expectedReply');
  }
  if (strict?.response.kind === 'stream' || first.response.kind === 'stream')
    helpers.add('collect');
  const support = [...helpers].sort(biomeOrder).join(', ');
  return [
    [
      "import { afterEach, beforeEach, describe, expect, it } from 'vitest';",
      `import { ${api} } from '${paths.testToModule}';`,
      `import { ${name}FailureHandlers, ${name}Handlers, ${name}Samples } from '${paths.testToMocks}';`,
      `import { ${support} } from '${paths.testToSupport}';`,
      `import { server } from '${paths.testToSetup}';`,
      `import { countRequests } from '${paths.testToHelpers}';`,
    ].join('\n'),
    `const d = ${api};\nconst s = ${name}Samples;\nlet counter: ReturnType<typeof countRequests>;\nbeforeEach(() => {\n  server.use(...${name}Handlers());\n  counter = countRequests();\n});\nafterEach(() => counter.stop());`,
    `describe(${JSON.stringify(`${api} (generated from ${plan.title})`)}, () => {\n${cases.join('\n\n')}\n});`,
  ].join('\n\n');
}
