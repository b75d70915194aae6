import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoState } from '../../demo/backend/state';
import { type DemoServer, startDemoServer } from '../../demo/server';
import { generateFromOpenApi, type OpenApiResult } from '../../scripts/openapi/generate';
import { type CallInput, expectSent } from './openapi/call-check';
import {
  type EndpointSamples,
  type GeneratedEndpoint,
  type SampleRoute,
  startSampleServer,
} from './openapi/sample-server';
import { GeneratedWorkspace, ROOT } from './openapi/workspace';

// `gen:openapi` on every fixture document and on the demo backend's own document (fetched from
// the running backend), into one workspace, each in a folder of its own; then ONE type-check and
// ONE vitest run over everything generated; every generated endpoint called through a real
// createHttp against a real loopback server; and the demo's modules against the demo backend.

const FIXTURES = join(ROOT, 'tests/generator/fixtures');
const DOCUMENTS: Record<string, string> = {
  petstore: 'oai-v3.0-petstore.yaml',
  'petstore-expanded': 'oai-v3.0-petstore-expanded.json',
  examples: 'oai-v3.0-api-with-examples.yaml',
  uspto: 'oai-v3.0-uspto.yaml',
  museum: 'redocly-museum.yaml',
  swagger2: 'swagger2-petstore.yaml',
  admin: 'knife4j-admin.json',
  kit: 'kit-streams-forms.yaml',
};

let workspace: GeneratedWorkspace;
const demoUrl = () => `${demo.url}/api/openapi.json`;
let demo: DemoServer;
let demoDocument: Record<string, unknown>;
const results = new Map<string, OpenApiResult>();

beforeAll(async () => {
  workspace = new GeneratedWorkspace();
  demo = await startDemoServer({
    port: 0,
    log: false,
    tickIntervalMs: 50,
    // A job stays queued, then running, for the whole test; the feed only carries what it does.
    jobDurationMs: 600_000,
    feedIntervalMs: 600_000,
    sseDropAfterMs: 5_000,
  });
  const answer = await fetch(demoUrl());
  expect(answer.status).toBe(200);
  demoDocument = (await answer.json()) as Record<string, unknown>;
  const documents = Object.entries(DOCUMENTS).map(([folder, file]) => [
    folder,
    join(FIXTURES, file),
  ]);
  // The demo's document straight from the running backend, as `npm run gen:openapi -- <url>` reads it.
  for (const [folder, spec] of [...documents, ['demo', demoUrl()]] as const) {
    results.set(
      folder,
      await generateFromOpenApi({ spec, root: workspace.dir, out: `src/api/${folder}` }),
    );
  }
});

afterAll(async () => {
  await demo?.close();
  workspace?.remove();
});

interface Support {
  firstValid(schema: unknown, candidates: readonly unknown[] | undefined): unknown;
  expectedReply(schema: unknown, samples: EndpointSamples): unknown;
  expectedEvents(schema: unknown, samples: EndpointSamples): unknown[];
  collect(stream: unknown): Promise<unknown[]>;
}

interface Kit {
  support: Support;
  createHttp(options: Record<string, unknown>): unknown;
  /** The endpoint sent through `http` instead of the default instance. */
  bind(endpoint: GeneratedEndpoint, http: unknown): GeneratedEndpoint;
}

/** The workspace's own copy of the kit (the generated modules import that copy). */
async function kit(): Promise<Kit> {
  const support = (await import(workspace.path('tests/mocks/openapi-support.ts'))) as Support;
  const { createHttp } = await import(workspace.path('src/request/index.ts'));
  const { defineEndpoint } = await import(workspace.path('src/api/define-endpoint.ts'));
  const { defineStream } = await import(workspace.path('src/realtime/define-stream.ts'));
  return {
    support,
    createHttp,
    bind: (endpoint, http) =>
      (endpoint.definition.events ? defineStream : defineEndpoint)({
        ...endpoint.definition,
        http,
      }),
  };
}

/** A generated module's endpoint table, by module file and table name. */
async function table(file: string, api: string): Promise<Record<string, GeneratedEndpoint>> {
  return (await import(workspace.path(file)))[api] as Record<string, GeneratedEndpoint>;
}

describe('gen:openapi on every fixture document and on the demo backend document', () => {
  it('lists what it cannot express, with the reason', () => {
    const skipped = [...results.values()].flatMap((r) => r.skipped);
    const reasons = skipped.map((s) => `${s.operationId ?? s.path}: ${s.reason}`);
    expect(reasons).toContainEqual(expect.stringMatching(/^accountLog: .*not described as JSON/));
    expect(reasons).toContainEqual(
      expect.stringMatching(/^importCsv: .*text\/csv: neither JSON, multipart/),
    );
    expect(reasons).toContainEqual(expect.stringMatching(/^downloadUsingGET: .*a download/));
    // Forms (multipart and url-encoded) and event streams are generated, wherever they are.
    const generated = ['uploadFile', 'uploadUsingPOST', 'uploadFiles', 'setAvatar', 'searchFiles'];
    for (const id of [
      ...generated,
      'updatePetWithForm',
      'perform-search',
      'chat',
      'accountActivity',
    ]) {
      expect(reasons.join('\n')).not.toContain(`${id}:`);
    }
    // The demo's one download (a CSV export, for defineDownload) is listed; everything else is generated.
    expect(results.get('demo')!.skipped.map((s) => `${s.operationId}: ${s.reason}`)).toEqual([
      expect.stringMatching(/^exportUsers: .*a download/),
    ]);
  });

  it('writes modules that type-check and whose generated tests pass (one tsc, one vitest)', async () => {
    const modules = [...results.values()].flatMap((r) => r.modules);
    expect(modules.length).toBeGreaterThanOrEqual(20);
    const [tsc, tests] = await Promise.all([workspace.typecheck(), workspace.test()]);
    expect(tsc.status, tsc.output).toBe(0);
    expect(tests.status, tests.output).toBe(0);
    expect(tests.output).toMatch(new RegExp(`Test Files\\s+${modules.length} passed`));
  });

  it('calls a real loopback server correctly through every generated endpoint of the fixtures', async () => {
    const { support, createHttp, bind } = await kit();
    let calls = 0;
    for (const folder of Object.keys(DOCUMENTS)) {
      const routes: (SampleRoute & { name: string; input: CallInput })[] = [];
      for (const module of results.get(folder)!.modules) {
        const endpoints = await table(module.file, module.api);
        const mocks = module.file.replace(/^src\/api\//, 'tests/mocks/');
        const name = module.api.replace(/Api$/, '');
        const samples = (await import(workspace.path(mocks)))[`${name}Samples`] as Record<
          string,
          EndpointSamples
        >;
        for (const [key, endpoint] of Object.entries(endpoints)) {
          const s = samples[key]!;
          const { definition } = endpoint;
          const input: CallInput = {};
          for (const part of ['params', 'query', 'body'] as const) {
            if (definition[part]) input[part] = support.firstValid(definition[part], s[part]);
          }
          const reply =
            s.kind === 'empty'
              ? undefined
              : support.firstValid(definition.events ?? definition.response, s.reply);
          routes.push({ endpoint, samples: s, reply, input, name: `${module.api}.${key}` });
        }
      }
      const server = await startSampleServer(routes);
      try {
        const http = createHttp({ baseURL: server.url, retry: false, loading: false });
        for (const route of routes) {
          const { definition } = route.endpoint;
          const bound = bind(route.endpoint, http);
          const before = server.received.length;
          const where = `${folder}: ${route.name}`;
          if (definition.events) {
            await expect(support.collect(bound(route.input)), where).resolves.toEqual(
              support.expectedEvents(definition.events, route.samples),
            );
          } else {
            await expect(bound(route.input), where).resolves.toEqual(
              support.expectedReply(definition.response, route.samples),
            );
          }
          expect(server.received.length, where).toBe(before + 1);
          await expectSent(route.endpoint, route.input, server.received.at(-1));
          calls++;
        }
      } finally {
        await server.close();
      }
    }
    expect(calls).toBeGreaterThanOrEqual(50);
  });

  it('keeps int64 safe: an id past 2^53 from a real server is refused, never rounded', async () => {
    const { createHttp, bind } = await kit();
    const module = results.get('kit')!.modules.find((m) => m.api === 'accountsApi')!;
    const getAccount = (await table(module.file, module.api)).getAccount!;
    const samples: EndpointSamples = { reply: [], status: 200, kind: 'json' };
    const answer = async (raw: string) => {
      const server = await startSampleServer([
        { endpoint: getAccount, reply: undefined, raw, samples },
      ]);
      try {
        const http = createHttp({ baseURL: server.url, retry: false, loading: false });
        return await bind(getAccount, http)({ params: { accountId: 42 } });
      } finally {
        await server.close();
      }
    };
    // 9007199254740993 parses as 9007199254740992 in JavaScript: z.int() refuses it.
    await expect(answer('{"id":9007199254740993,"name":"Ada"}')).rejects.toMatchObject({
      kind: 'validation',
      part: 'response',
    });
    // The largest safe id passes: the refusal is about precision, not about the field.
    await expect(answer('{"id":9007199254740991,"name":"Ada"}')).resolves.toEqual({
      id: 9_007_199_254_740_991,
      name: 'Ada',
    });
  });

  it('changes nothing when run again on the same documents', async () => {
    // Two of them (each run formats every file again): the converted Swagger 2.0 and the demo's.
    for (const [folder, spec] of [
      ['swagger2', join(FIXTURES, DOCUMENTS.swagger2!)],
      ['demo', demoUrl()],
    ] as const) {
      const again = await generateFromOpenApi({
        spec,
        root: workspace.dir,
        out: `src/api/${folder}`,
      });
      expect(again.written, folder).toEqual([]);
    }
  });

  it('refuses a URL that does not serve a document, with the reason, and writes nothing', async () => {
    const before = readdirSync(workspace.path('src/api')).sort();
    const into = { root: workspace.dir, out: 'src/api/nope' };
    await expect(
      generateFromOpenApi({ ...into, spec: `${demo.url}/api/nope.json` }),
    ).rejects.toThrow(`Cannot read ${demo.url}/api/nope.json: the server answered 404.`);
    await expect(generateFromOpenApi({ ...into, spec: `${demo.url}/api/health` })).rejects.toThrow(
      `${demo.url}/api/health is not an OpenAPI 3.0 / 3.1 or Swagger 2.0 document`,
    );
    expect(readdirSync(workspace.path('src/api')).sort()).toEqual(before);
  });
});

describe('the round trip: the demo backend document, its generated modules, the demo backend', () => {
  it('documents every HTTP route of the demo backend, and nothing else', async () => {
    const { createRoutes } = await import('../../demo/backend/routes');
    const state = new DemoState({});
    try {
      const routes = createRoutes(state).map(
        (r) => `${r.method} ${r.path.replace(/^\/api/, '').replace(/:(\w+)/g, '{$1}')}`,
      );
      const paths = demoDocument.paths as Record<string, Record<string, unknown>>;
      const documented = Object.entries(paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
      );
      expect(documented.sort()).toEqual([...new Set(routes)].sort());
    } finally {
      state.stop();
    }
  });

  it('calls the demo backend through the modules generated from its document', async () => {
    const { createHttp, bind, support } = await kit();
    const modules = new Map(
      await Promise.all(
        results.get('demo')!.modules.map(async (m) => [m.api, await table(m.file, m.api)] as const),
      ),
    );
    const api = (name: string) => modules.get(name)!;
    const baseURL = `${demo.url}/api`;
    let token: string | null = null;
    const http = createHttp({
      baseURL,
      retry: false,
      loading: false,
      auth: { getToken: () => token },
    });
    const call = (module: string, name: string, input?: CallInput) =>
      bind(api(module)[name]!, http)(input) as Promise<Record<string, unknown>>;

    const tokens = await call('authApi', 'login', { body: { username: 'demo', password: 'demo' } });
    expect(tokens.accessToken).toEqual(expect.any(String));
    token = tokens.accessToken as string;
    const me = await call('authApi', 'me');
    expect(me).toMatchObject({ id: 'usr_1', createdAt: expect.any(Date) });

    // Users: the whole lifecycle, with the generated schemas on both sides.
    const { cursor } = await call('feedApi', 'pollFeed', { query: { wait: 0 } });
    const created = await call('usersApi', 'createUser', {
      body: { name: 'Round Trip', email: 'round.trip@example.com' },
    });
    expect(created).toMatchObject({
      name: 'Round Trip',
      role: 'member',
      createdAt: expect.any(Date),
    });
    const id = created.id as string;
    await expect(call('usersApi', 'getUser', { params: { id } })).resolves.toEqual(created);
    const page = await call('usersApi', 'listUsers', { query: { search: 'round trip' } });
    expect(page).toMatchObject({ total: 1, page: 1, pageSize: 20, items: [created] });
    await expect(
      call('usersApi', 'updateUser', { params: { id }, body: { role: 'admin' } }),
    ).resolves.toMatchObject({ id, role: 'admin' });
    await expect(
      call('usersApi', 'replaceUser', { params: { id }, body: { name: 'Trip' } }),
    ).resolves.toMatchObject({ id, name: 'Trip', role: 'admin' });
    // The document's `format: email` became z.email(): bad input never leaves.
    const before = await call('usersApi', 'listUsers');
    await expect(
      call('usersApi', 'createUser', { body: { name: 'Nobody', email: 'not-an-email' } }),
    ).rejects.toMatchObject({ kind: 'validation', part: 'body' });
    await expect(call('usersApi', 'listUsers')).resolves.toMatchObject({ total: before.total });
    await expect(call('usersApi', 'deleteUser', { params: { id } })).resolves.toBeUndefined();
    await expect(call('usersApi', 'getUser', { params: { id } })).rejects.toMatchObject({
      kind: 'http',
      status: 404,
    });

    // Jobs (a oneOf of states) and the long-poll feed, which saw the user come and go.
    const job = await call('jobsApi', 'startJob', { body: { kind: 'export' } });
    expect(job).toMatchObject({ kind: 'export', state: 'queued' });
    await expect(
      call('jobsApi', 'getJob', { params: { id: job.id as string } }),
    ).resolves.toMatchObject({ id: job.id, state: expect.stringMatching(/queued|running/) });
    const feed = await call('feedApi', 'pollFeed', {
      query: { cursor: cursor as string, wait: 0 },
    });
    const types = (feed.events as { type: string; at: unknown }[]).map((e) => e.type);
    expect(types).toEqual([
      'user.created',
      'user.updated',
      'user.updated',
      'user.deleted',
      'job.updated',
    ]);

    // Streams: chunked text, server-sent ticks (GET), the chat completion (POST) and its 429.
    const story = (await call('realtimeApi', 'story', { query: { delay: 0 } })) as unknown;
    expect(story).toMatch(/^The kit turns one axios instance into a request layer/);
    const ticks = bind(api('realtimeApi').ticks!, http)() as AsyncIterable<{
      data: { symbol: string; at: unknown };
    }> & { close(): void };
    for await (const tick of ticks) {
      expect(tick.data).toMatchObject({ symbol: 'KIT', at: expect.any(Date) });
      break;
    }
    const chat = bind(api('realtimeApi').chatCompletions!, http);
    const question = {
      model: 'demo',
      messages: [{ role: 'user', content: 'hello' }],
      stream: true,
    };
    const chunks: { choices: { delta: { content?: string } }[] }[] = [];
    for await (const event of chat({ body: question }) as AsyncIterable<{
      data: (typeof chunks)[number];
    }>) {
      chunks.push(event.data);
      if (chunks.length === 3) break;
    }
    expect(chunks[0]).toMatchObject({ choices: [{ delta: { role: 'assistant', content: '' } }] });
    expect(chunks[1]!.choices[0]!.delta.content).toBe('defineStream');
    await expect(
      support.collect(chat({ body: question, query: { simulate: 'rate-limit' } })),
    ).rejects.toMatchObject({ kind: 'http', status: 429, message: /Rate limit reached/ });

    // `security: []` (sign-in, refresh) became withToken: false: a refused refresh token is a
    // plain 401, with no token sent and no refresh started by it.
    let refreshes = 0;
    const refreshing = createHttp({
      baseURL,
      retry: false,
      loading: false,
      auth: {
        getToken: () => token,
        refresh: async () => {
          refreshes++;
          return token as string;
        },
      },
    });
    await expect(
      bind(api('authApi').refresh!, refreshing)({ body: { refreshToken: 'not-a-token' } }),
    ).rejects.toMatchObject({ kind: 'http', status: 401 });
    expect(refreshes).toBe(0);
    expect(api('authApi').me!.definition).not.toHaveProperty('config');
    await expect(bind(api('authApi').me!, refreshing)()).resolves.toMatchObject({ id: 'usr_1' });

    // The envelope the document describes: unwrapped by an instance that has one.
    const enveloped = createHttp({ baseURL, retry: false, loading: false, envelope: {} });
    await expect(bind(api('failuresApi').failBusiness!, enveloped)()).rejects.toMatchObject({
      kind: 'business',
      code: 40_013,
      message: 'Your plan does not include exports.',
    });
    await expect(call('failuresApi', 'failMalformed')).rejects.toMatchObject({
      kind: 'validation',
    });
    await expect(call('failuresApi', 'failNotFound')).rejects.toMatchObject({
      kind: 'http',
      status: 404,
    });
    await expect(call('metaApi', 'health')).resolves.toEqual({ ok: true });
    await expect(call('metaApi', 'openApiDocument')).resolves.toEqual(demoDocument);
  });
});
