// Browser bundle sizes: Vite (Rolldown) production builds of small generated entries, measured
// minified, gzipped and brotli'd. The entries are generated into node_modules/.cache: outside what
// tsc and biome check, yet resolving axios and zod from the project like a page of the app would.
import { mkdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';
import { describe } from './throughput';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outDir = join(root, 'node_modules', '.cache', 'axios-api-kit-bench');
const src = (path: string) => JSON.stringify(join(root, 'src', path));

/** The schemas and calls of the sample page, shared by the kit page and the floor. */
const schemas = `
const User = z.object({ id: z.string(), name: z.string(), email: z.string(), role: z.enum(['admin', 'member']) });
const Job = z.object({ id: z.string(), state: z.enum(['running', 'done', 'failed']), progress: z.number() });
`;

const kitPage = (withSse: boolean) => `
import * as z from 'zod';
import { http } from ${src('request')};
import { defineEndpoint } from ${src('api')};
import { pollUntil } from ${src('polling')};
${withSse ? `import { openEventStream } from ${src('realtime')};` : ''}
${schemas}
const getUser = defineEndpoint({ method: 'GET', path: '/users/:id', params: z.object({ id: z.string() }), response: User });
const jobStatus = defineEndpoint({ method: 'GET', path: '/jobs/:id', params: z.object({ id: z.string() }), response: Job });
export async function main(id: string): Promise<void> {
  const user = await getUser({ params: { id } });
  const job = await pollUntil(({ signal }) => jobStatus({ params: { id } }, { signal }), {
    until: (j) => j.state !== 'running', interval: 1000, timeout: 60_000,
  });
  document.body.textContent = user.name + ': ' + job.state;
  document.querySelector('button')?.addEventListener('click', () => http.cancelAll());
  ${withSse ? "openEventStream('/events', { onEvent: (e) => { document.title = e.data; } });" : ''}
}
`;

/** The page with SSE and a socket: the typical page, an event stream and a typed WebSocket. */
const kitRealtimePage = `
import * as z from 'zod';
import { http } from ${src('request')};
import { defineEndpoint } from ${src('api')};
import { pollUntil } from ${src('polling')};
import { createSocket, openEventStream } from ${src('realtime')};
${schemas}
const getUser = defineEndpoint({ method: 'GET', path: '/users/:id', params: z.object({ id: z.string() }), response: User });
const jobStatus = defineEndpoint({ method: 'GET', path: '/jobs/:id', params: z.object({ id: z.string() }), response: Job });
export async function main(id: string): Promise<void> {
  const user = await getUser({ params: { id } });
  const job = await pollUntil(({ signal }) => jobStatus({ params: { id } }, { signal }), {
    until: (j) => j.state !== 'running', interval: 1000, timeout: 60_000,
  });
  document.body.textContent = user.name + ': ' + job.state;
  document.querySelector('button')?.addEventListener('click', () => http.cancelAll());
  openEventStream('/events', { onEvent: (e) => { document.title = e.data; } });
  const socket = createSocket((token) => '/ws?token=' + token, { http, events: { chat: z.tuple([z.string(), z.number()]) } });
  socket.on('chat', (text, at) => { document.title = text + at; });
  socket.emit('chat', 'hello', Date.now());
}
`;

/**
 * The same page assembled from peers, as a team without the kit would: @zodios/core for the typed
 * endpoints, axios-retry, axios-auth-refresh for the 401 refresh, nprogress on interceptors, a
 * polling loop, @microsoft/fetch-event-source for SSE and partysocket (zod-checked messages).
 */
const peersPage = `
import axios from 'axios';
import axiosRetry from 'axios-retry';
import createAuthRefreshInterceptor from 'axios-auth-refresh';
import NProgress from 'nprogress';
import { Zodios, makeApi } from '@zodios/core';
import { fetchEventSource } from '@microsoft/fetch-event-source';
import { WebSocket as ReconnectingWebSocket } from 'partysocket';
import * as z from 'zod';
${schemas}
const tokens = { get: () => localStorage.getItem('token'), set: (t: string) => localStorage.setItem('token', t) };
const instance = axios.create({ baseURL: import.meta.env.VITE_API_BASE_URL ?? '/api', timeout: 15000 });
instance.interceptors.request.use((config) => {
  NProgress.start();
  const token = tokens.get();
  if (token) config.headers.Authorization = 'Bearer ' + token;
  return config;
});
instance.interceptors.response.use(
  (response) => { NProgress.done(); return response; },
  (error) => { NProgress.done(); return Promise.reject(error); },
);
axiosRetry(instance, { retries: 2, retryDelay: axiosRetry.exponentialDelay });
createAuthRefreshInterceptor(instance, async (failed) => {
  const { data } = await instance.post('/auth/refresh', { refreshToken: localStorage.getItem('refresh') });
  tokens.set(data.accessToken);
  failed.response.config.headers.Authorization = 'Bearer ' + data.accessToken;
});
const api = new Zodios(makeApi([
  { method: 'get', path: '/users/:id', alias: 'getUser', response: User },
  { method: 'get', path: '/jobs/:id', alias: 'jobStatus', response: Job },
]), { axiosInstance: instance });
async function pollUntil<T>(get: () => Promise<T>, until: (value: T) => boolean, interval: number, timeout: number): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await get();
    if (until(value)) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
const Chat = z.tuple([z.string(), z.number()]);
export async function main(id: string): Promise<void> {
  const user = await api.getUser({ params: { id } });
  const job = await pollUntil(() => api.jobStatus({ params: { id } }), (j) => j.state !== 'running', 1000, 60_000);
  document.body.textContent = user.name + ': ' + job.state;
  const controller = new AbortController();
  document.querySelector('button')?.addEventListener('click', () => controller.abort());
  fetchEventSource('/api/events', { headers: { Authorization: 'Bearer ' + tokens.get() }, onmessage: (e) => { document.title = e.data; } });
  const socket = new ReconnectingWebSocket(() => '/ws?token=' + tokens.get());
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data));
    if (message.name !== 'chat') return;
    const parsed = Chat.safeParse(message.data);
    if (parsed.success) document.title = parsed.data[0] + parsed.data[1];
  });
  socket.send(JSON.stringify({ name: 'chat', data: ['hello', Date.now()] }));
}
`;

/** What a page costs without the kit: axios + zod doing the same two calls. */
const floorPage = `
import axios from 'axios';
import * as z from 'zod';
${schemas}
const api = axios.create({ baseURL: import.meta.env.VITE_API_BASE_URL ?? '/api' });
export async function main(id: string): Promise<void> {
  const user = User.parse((await api.get('/users/' + encodeURIComponent(id))).data);
  const job = Job.parse((await api.get('/jobs/' + encodeURIComponent(id))).data);
  document.body.textContent = user.name + ': ' + job.state;
}
`;

const zodOnly = (form: 'namespace' | 'named') => `
import ${form === 'namespace' ? '* as z' : '{ z }'} from 'zod';
${schemas}
export const parse = (value: unknown) => ({ user: User.parse(value), job: Job.safeParse(value) });
`;

/** The kit's own code: every export of request, defineEndpoint and polling, its dependencies external. */
const kitCore = `
export * from ${src('request')};
export { defineEndpoint } from ${src('api/define-endpoint')};
export * from ${src('polling')};
`;
const kitWithModules = `
export * from ${src('request')};
export * from ${src('api')};
export * from ${src('polling')};
`;
const kitRealtime = `export * from ${src('realtime')};`;

const kitDependencies = [
  /^axios($|\/)/,
  /^zod($|\/)/,
  /^nprogress($|\/)/,
  /^eventsource-parser($|\/)/,
];

/** One bundle to build. */
export interface BundleEntry {
  key: string;
  title: string;
  source: string;
  external?: RegExp[];
  /**
   * Strings the built page must hold (its own URLs): proof that `main()` and what it calls are in
   * the output. webpack once dropped an unused entry export, and with it everything but module
   * top levels, so three different pages measured the same.
   */
  markers?: string[];
}

export const bundleEntries: BundleEntry[] = [
  {
    key: 'page',
    title: 'Typical page: http + 2 endpoints + pollUntil',
    source: kitPage(false),
    markers: ['/jobs/'],
  },
  {
    key: 'page-sse',
    title: 'Same page + openEventStream',
    source: kitPage(true),
    markers: ['/jobs/', '/events'],
  },
  {
    key: 'floor',
    title: 'Floor: axios + zod, same two calls',
    source: floorPage,
    markers: ['/jobs/'],
  },
  {
    key: 'page-realtime',
    title: 'Page with SSE and a socket: typical page + openEventStream + createSocket',
    source: kitRealtimePage,
    markers: ['/jobs/', '/events', '/ws?token='],
  },
  {
    key: 'peers',
    title:
      'Same page from peers: @zodios/core, axios-retry, axios-auth-refresh, nprogress, @microsoft/fetch-event-source, partysocket',
    source: peersPage,
    markers: ['/jobs/', '/events', '/ws?token='],
  },
  {
    key: 'kit-core',
    title: 'Kit code alone: request + defineEndpoint + polling (deps external)',
    source: kitCore,
    external: kitDependencies,
  },
  {
    key: 'kit-modules',
    title: 'Kit code + its domain modules (src/api barrel, deps external)',
    source: kitWithModules,
    external: kitDependencies,
  },
  {
    key: 'kit-realtime',
    title: 'Realtime alone (deps external)',
    source: kitRealtime,
    external: kitDependencies,
  },
  {
    key: 'nprogress',
    title: 'nprogress alone (the loading bar the kit brings)',
    source: "import NProgress from 'nprogress';\nexport const start = () => NProgress.start();\n",
  },
  { key: 'zod-namespace', title: "zod: `import * as z from 'zod'`", source: zodOnly('namespace') },
  { key: 'zod-named', title: "zod: `import { z } from 'zod'`", source: zodOnly('named') },
];

/** Sizes in bytes, or the reason the build failed. */
export interface BundleSize {
  key: string;
  title: string;
  bundler: string;
  /** What loads with the page: the entry chunk and its static imports, each chunk compressed alone. */
  minified?: number;
  gzip?: number;
  brotli?: number;
  /** Chunks only a dynamic `import()` loads (none since the default `http` refreshes by route). */
  lazy?: { minified: number; gzip: number; brotli: number; files: string[] };
  /** Whether the output holds the SSE code (its `Last-Event-ID` header or content type). */
  hasRealtime?: boolean;
  error?: string;
}

function sizes(code: string): { minified: number; gzip: number; brotli: number } {
  const buffer = Buffer.from(code);
  return {
    minified: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length,
  };
}

interface OutputChunkLike {
  type: string;
  fileName: string;
  code?: string;
  isEntry?: boolean;
  imports?: string[];
}

/** Built code, split into what the entry loads at once and what it may load later. */
export interface Built {
  initial: string[];
  lazy: { file: string; code: string }[];
  /** esbuild with `sourcemap`: each initial chunk's sourcemap (JSON), in `initial`'s order. */
  initialMaps?: string[];
  /** esbuild: the metafile's `bytesInOutput` of each input over the initial chunks, by path from the root. */
  initialInputs?: Record<string, number>;
}

/** How a page is built for a breakdown (bench/size-breakdown.ts); a bench run sets neither. */
export interface BuildOptions {
  /** esbuild only: an external sourcemap per chunk (no `sourceMappingURL` comment in the code). */
  sourcemap?: boolean;
  /** Rewrite the text of each kit source file (a .ts file under src/) before the bundler reads it. */
  rewrite?: (source: string, file: string) => string;
}

const srcDir = join(root, 'src');
const isKitSource = (file: string) => file.startsWith(srcDir) && file.endsWith('.ts');

/** Write a page's source where the bundlers read it; returns its path. */
export async function writeEntry(entry: BundleEntry, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${entry.key}.ts`);
  await writeFile(file, entry.source);
  return file;
}

export function total(codes: string[]): { minified: number; gzip: number; brotli: number } {
  const sum = { minified: 0, gzip: 0, brotli: 0 };
  for (const code of codes) {
    const one = sizes(code);
    sum.minified += one.minified;
    sum.gzip += one.gzip;
    sum.brotli += one.brotli;
  }
  return sum;
}

export async function viteBuild(
  file: string,
  external: RegExp[] | undefined,
  options: BuildOptions = {},
): Promise<Built> {
  const { rewrite } = options;
  const result = await build({
    configFile: false,
    root: dirname(file),
    logLevel: 'silent',
    mode: 'production',
    define: { 'import.meta.env.VITE_API_BASE_URL': 'undefined' },
    ...(rewrite
      ? {
          plugins: [
            {
              name: 'rewrite-kit-source',
              enforce: 'pre' as const,
              transform: (code: string, id: string) =>
                isKitSource(id) ? { code: rewrite(code, id), map: null } : undefined,
            },
          ],
        }
      : {}),
    // Vite's default browser target, as an app built with it gets.
    build: {
      write: false,
      minify: true,
      modulePreload: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: file,
        // An app's entry exports nothing, and Vite builds apps with `preserveEntrySignatures:
        // false`, which lets Rolldown put the modules a lazy chunk shares with the page into the
        // page's own chunk. 'allow-extension' does the same while keeping `main()`; 'strict' split
        // them into extra initial chunks (timers, the runtime), each gzipped alone: 0.3 KB no app pays.
        preserveEntrySignatures: 'allow-extension',
        ...(external ? { external } : {}),
      },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  const chunks = new Map<string, OutputChunkLike>();
  for (const out of outputs) {
    if (!('output' in out)) throw new Error('unexpected watcher result');
    for (const chunk of out.output as OutputChunkLike[]) {
      if (chunk.type === 'chunk') chunks.set(chunk.fileName, chunk);
    }
  }
  return splitByReach(chunks);
}

/** The bundlers a page is built with. */
export type Bundler = 'vite' | 'esbuild' | 'webpack';

/** What esbuild and webpack build too: the pages and zod alone (Vite builds every entry). */
const PAGE_KEYS = new Set([
  'page',
  'page-sse',
  'floor',
  'page-realtime',
  'peers',
  'zod-namespace',
  'zod-named',
]);

/**
 * esbuild (bundle, minify, tree-shake, code splitting on as an app that uses `import()` sets it),
 * as an app built with it (or with a tool on it) gets. The page is the entry chunk and the chunks
 * it imports statically; what only an `import()` reaches is lazy.
 */
async function esbuildBuild(
  file: string,
  external: RegExp[] | undefined,
  options: BuildOptions = {},
): Promise<Built> {
  const esbuild = await import('esbuild');
  const plugins = [
    ...(external ? [externalPlugin(external)] : []),
    ...(options.rewrite ? [rewritePlugin(options.rewrite)] : []),
  ];
  // esbuild names inputs relative to its working directory, after following symlinks: the entry is
  // named the same way here (a checkout whose node_modules is a symlink once made every page's
  // entry chunk unrecognised, so that the whole page counted as lazy and the page as 0 bytes).
  const workingDir = await realpath(root);
  const entryName = relative(workingDir, await realpath(file)).replaceAll('\\', '/');
  const result = await esbuild.build({
    absWorkingDir: workingDir,
    entryPoints: [file],
    bundle: true,
    minify: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    outdir: join(dirname(file), 'esbuild'),
    write: false,
    metafile: true,
    ...(options.sourcemap ? { sourcemap: 'external' as const, sourcesContent: false } : {}),
    logLevel: 'silent',
    define: { 'import.meta.env.VITE_API_BASE_URL': 'undefined' },
    plugins,
  });
  const outputs = result.metafile.outputs;
  const texts = new Map(
    result.outputFiles.map((f) => [relative(workingDir, f.path).replaceAll('\\', '/'), f.text]),
  );
  const chunks = new Map<string, OutputChunkLike>();
  for (const [name, meta] of Object.entries(outputs)) {
    if (!name.endsWith('.js')) continue;
    chunks.set(name, {
      type: 'chunk',
      fileName: name,
      code: texts.get(name) ?? '',
      // A chunk an `import()` starts has an entryPoint too: only the page's own is the entry.
      isEntry: meta.entryPoint === entryName,
      imports: meta.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path),
    });
  }
  const built = splitByReach(chunks);
  if (!options.sourcemap) return built;
  // The same walk again, for the names: which outputs are the page, their maps and their inputs.
  const initialNames = [...reach(chunks)];
  const inputs: Record<string, number> = {};
  for (const name of initialNames) {
    for (const [input, { bytesInOutput }] of Object.entries(outputs[name]?.inputs ?? {})) {
      inputs[input] = (inputs[input] ?? 0) + bytesInOutput;
    }
  }
  return {
    initial: initialNames.map((name) => chunks.get(name)?.code ?? ''),
    lazy: built.lazy,
    initialMaps: initialNames.map((name) => texts.get(`${name}.map`) ?? ''),
    initialInputs: inputs,
  };
}

/** Give esbuild the kit's sources through `rewrite`. */
function rewritePlugin(rewrite: (source: string, file: string) => string) {
  return {
    name: 'rewrite-kit-source',
    setup(build: {
      onLoad(
        o: { filter: RegExp },
        f: (a: { path: string }) => Promise<{ contents: string; loader: 'ts' } | undefined>,
      ): void;
    }) {
      build.onLoad({ filter: /\.ts$/ }, async (args) =>
        isKitSource(args.path)
          ? { contents: rewrite(await readFile(args.path, 'utf8'), args.path), loader: 'ts' }
          : undefined,
      );
    },
  };
}

/** Leave the modules `patterns` match out of an esbuild build, as Rolldown's `external` does. */
function externalPlugin(patterns: RegExp[]) {
  return {
    name: 'external',
    setup(build: { onResolve(o: { filter: RegExp }, f: (a: { path: string }) => unknown): void }) {
      build.onResolve({ filter: /.*/ }, (args) =>
        patterns.some((p) => p.test(args.path)) ? { path: args.path, external: true } : undefined,
      );
    },
  };
}

/** Walk static imports from the entries: what the browser fetches before the page runs. */
function reach(chunks: Map<string, OutputChunkLike>): Set<string> {
  const initial = new Set<string>();
  const visit = (name: string) => {
    if (initial.has(name)) return;
    initial.add(name);
    for (const next of chunks.get(name)?.imports ?? []) visit(next);
  };
  for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);
  return initial;
}

function splitByReach(chunks: Map<string, OutputChunkLike>): Built {
  const initial = reach(chunks);
  const built: Built = { initial: [], lazy: [] };
  for (const [name, chunk] of chunks) {
    if (initial.has(name)) built.initial.push(chunk.code ?? '');
    else built.lazy.push({ file: name.replace(/^.*\//, ''), code: chunk.code ?? '' });
  }
  return checked(built, [...chunks.keys()]);
}

/**
 * A build whose page loads nothing at once is a broken measurement, never a small page: fail with
 * what was built instead of reporting 0 bytes (which passes any budget).
 */
function checked(built: Built, files: string[]): Built {
  const code = built.initial.join('');
  if (code.trim().length === 0) {
    throw new Error(`no entry chunk with code among the outputs (${files.join(', ') || 'none'})`);
  }
  return built;
}

/**
 * webpack 5 in production mode (its defaults: Terser, tree-shaking, scope hoisting, a chunk per
 * `import()`), TypeScript stripped by esbuild's transform. The page is its initial chunks.
 */
async function webpackBuild(
  file: string,
  external: RegExp[] | undefined,
  options: BuildOptions = {},
): Promise<Built> {
  const { rewrite } = options;
  const { default: webpack } = await import('webpack');
  const out = join(dirname(file), 'webpack', basename(file, '.ts'));
  await rm(out, { recursive: true, force: true });
  const compiler = webpack({
    mode: 'production',
    entry: file,
    context: root,
    target: 'web',
    devtool: false,
    output: {
      path: out,
      filename: '[name].js',
      chunkFilename: '[name].[contenthash:8].js',
      library: { type: 'module' },
    },
    resolve: { extensions: ['.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } },
    module: {
      rules: [
        {
          test: /\.ts$/,
          loader: join(root, 'bench', 'ts-loader.cjs'),
          ...(rewrite
            ? {
                options: {
                  rewrite: (source: string, path: string) =>
                    isKitSource(path) ? rewrite(source, path) : source,
                },
              }
            : {}),
        },
      ],
    },
    // The entry's exports are kept, as Vite's `preserveEntrySignatures` and esbuild's ESM output
    // keep them: without an ESM library output webpack drops the unused exports of the entry, so
    // `main()` and everything only it calls (the endpoints, polling, realtime) left the page.
    experiments: { outputModule: true },
    ...(external
      ? {
          externals: (
            { request }: { request?: string },
            callback: (e?: null, r?: string) => void,
          ) =>
            request && external.some((p) => p.test(request))
              ? callback(null, `module ${request}`)
              : callback(),
          externalsType: 'module',
        }
      : {}),
    plugins: [
      new webpack.DefinePlugin({
        'import.meta.env.VITE_API_BASE_URL': 'undefined',
        'import.meta.env': '({})',
      }),
    ],
    performance: false,
    infrastructureLogging: { level: 'error' },
  });
  const stats = await new Promise<import('webpack').Stats>((resolve, reject) =>
    compiler.run((error, result) => {
      compiler.close(() => undefined);
      if (error || !result) reject(error ?? new Error('webpack gave no result'));
      else if (result.hasErrors())
        reject(new Error(result.toString({ all: false, errors: true }).slice(0, 500)));
      else resolve(result);
    }),
  );
  const json = stats.toJson({ all: false, chunks: true });
  const built: Built = { initial: [], lazy: [] };
  for (const chunk of json.chunks ?? []) {
    for (const name of chunk.files ?? []) {
      if (!name.endsWith('.js')) continue;
      const code = await readFile(join(out, name), 'utf8');
      if (chunk.initial) built.initial.push(code);
      else built.lazy.push({ file: name, code });
    }
  }
  return checked(
    built,
    (json.chunks ?? []).flatMap((c) => c.files ?? []),
  );
}

export async function measureBundles(
  log: (line: string) => void,
  bundlers: Bundler[] = ['vite', 'esbuild', 'webpack'],
  keys?: string[],
  /** Where the entries and the outputs go (the size guard uses its own, beside a bench run's). */
  dir = outDir,
): Promise<BundleSize[]> {
  await mkdir(dir, { recursive: true });
  const results: BundleSize[] = [];
  for (const entry of bundleEntries) {
    if (keys && !keys.includes(entry.key)) continue;
    const file = await writeEntry(entry, dir);
    for (const bundler of bundlers) {
      // esbuild and webpack build the pages and zod alone: what a page costs there (esbuild keeps
      // more of a namespace than Rolldown does, which is how `z.core.…` once pulled in all of zod).
      if (bundler !== 'vite' && !PAGE_KEYS.has(entry.key)) continue;
      try {
        const built = await buildPage(bundler, file, entry);
        results.push({
          key: entry.key,
          title: entry.title,
          bundler,
          ...total(built.initial),
          ...(built.lazy.length > 0
            ? {
                lazy: {
                  ...total(built.lazy.map((c) => c.code)),
                  files: built.lazy.map((c) => c.file.replace(/^assets\//, '')),
                },
              }
            : {}),
          hasRealtime: built.initial.some((code) => /last-event-id|text\/event-stream/i.test(code)),
        });
      } catch (error) {
        results.push({ key: entry.key, title: entry.title, bundler, error: describe(error) });
      }
      const last = results.at(-1)!;
      log(
        `  bundle ${entry.key} (${bundler}): ${
          last.error ?? `${last.minified} B min, ${last.gzip} B gzip, ${last.brotli} B br`
        }`,
      );
    }
  }
  return results;
}

/**
 * Build one page with one bundler, and check that the page holds its own code (its markers).
 * @example const built = await buildPage('esbuild', await writeEntry(entry, dir), entry)
 */
export async function buildPage(
  bundler: Bundler,
  file: string,
  entry: BundleEntry,
  options: BuildOptions = {},
): Promise<Built> {
  const built =
    bundler === 'vite'
      ? await viteBuild(file, entry.external, options)
      : bundler === 'esbuild'
        ? await esbuildBuild(file, entry.external, options)
        : await webpackBuild(file, entry.external, options);
  const missing = (entry.markers ?? []).filter(
    (marker) => !built.initial.some((code) => code.includes(marker)),
  );
  if (missing.length > 0) {
    throw new Error(`the page lost its own code: ${missing.join(', ')} not in the output`);
  }
  return built;
}

/** One source file's own weight: minified alone (no tree-shaking), then gzipped alone. */
export interface FileWeight {
  file: string;
  minified: number;
  gzip: number;
}

/**
 * Where the kit's bytes are: every file of request, the endpoint core and polling minified on its
 * own. Gzip of a file alone overstates its share of a bundle, but ranks the files correctly.
 */
export async function kitFileWeights(): Promise<FileWeight[]> {
  const esbuild = await import('esbuild');
  const { readdir, readFile } = await import('node:fs/promises');
  const files: string[] = [];
  for (const dir of ['request', 'polling']) {
    for (const name of await readdir(join(root, 'src', dir))) {
      if (name.endsWith('.ts') && name !== 'index.ts') files.push(`${dir}/${name}`);
    }
  }
  files.push('api/define-endpoint.ts', 'api/path.ts');
  const weights: FileWeight[] = [];
  for (const file of files) {
    const source = await readFile(join(root, 'src', file), 'utf8');
    const { code } = await esbuild.transform(source, { loader: 'ts', minify: true, format: 'esm' });
    weights.push({ file, minified: code.length, gzip: sizes(code).gzip });
  }
  return weights.sort((a, b) => b.gzip - a.gzip);
}
