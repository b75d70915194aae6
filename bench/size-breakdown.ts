// Where the typical page's and the realtime page's bytes are (issue 14's size targets), as a
// command: `npm run bench:size` (`node --import tsx bench/size-breakdown.ts`). It builds the pages
// of bench/bundle.ts with esbuild (sourcemap on), and for each kit module gzips the page's initial
// chunks with and without the bytes the sourcemap gives that module: its marginal gzip. Then it
// builds each kit page once more with every `import()` under src/ replaced by an empty promise,
// under esbuild, Vite and webpack: what having lazy chunks at all costs the page. 14 builds, about
// 45 s here (--no-webpack: 10 s). Deterministic: the same tree prints the same figures.
// Options: --no-webpack  --json=<file> (the figures as JSON too)
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  type Built,
  type BundleEntry,
  type Bundler,
  buildPage,
  bundleEntries,
  total,
  writeEntry,
} from './bundle';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dir = join(root, 'node_modules', '.cache', 'axios-api-kit-size-breakdown');
const args = process.argv.slice(2);
const withWebpack = !args.includes('--no-webpack');
const jsonOut = args.find((a) => a.startsWith('--json='))?.slice('--json='.length);
const out = (line = '') => process.stdout.write(`${line}\n`);

/** A row of the table: the kit modules (paths under src/) it holds, grouped as bench/notes.md does. */
interface Group {
  name: string;
  modules: string[];
}

const groups: Group[] = [
  {
    name: 'token, origin rule, refresh, session, token store, cross-tab/refreshAhead loaders',
    modules: [
      'request/token-adapter.ts',
      'request/refresh.ts',
      'request/token-sync.ts',
      'request/session.ts',
      'request/token-store.ts',
      'request/http.ts',
      'request/token.ts',
      'request/adapter-cache.ts',
      'request/cross-tab-loader.ts',
      'request/token-pair.ts',
      'request/origin-rule.ts',
      'request/tab-environment.ts',
      'request/browser-tabs.ts',
      'request/jwt-expiry.ts',
      'request/refresh-ahead.ts',
      'request/cross-tab.ts',
    ],
  },
  {
    name: 'request lifecycle',
    modules: [
      'request/engine.ts',
      'request/calls.ts',
      'request/attempt.ts',
      'request/light-signal.ts',
      'core/timers.ts',
      'request/retry.ts',
      'core/backoff.ts',
      'core/until-aborted.ts',
      'request/final-adapter.ts',
    ],
  },
  {
    name: 'errors and messages',
    modules: [
      'core/errors.ts',
      'core/messages.ts',
      'core/to-api-error.ts',
      'core/invalid-url.ts',
      'request/url-guard.ts',
      'core/server-message.ts',
      'core/guard.ts',
    ],
  },
  {
    name: 'options and instance',
    modules: [
      'request/normalize.ts',
      'request/create-http.ts',
      'request/url.ts',
      'request/instance.ts',
      'request/xhr-rule.ts',
    ],
  },
  {
    name: 'defineEndpoint',
    modules: ['api/endpoint-input.ts', 'api/path.ts', 'api/define-endpoint.ts', 'api/form-data.ts'],
  },
  {
    name: 'pollUntil, its policy, reconnect policy and errors',
    modules: [
      'polling/poll-until.ts',
      'polling/poll-policy.ts',
      'polling/run.ts',
      'polling/abort.ts',
      'polling/errors.ts',
      'polling/visibility.ts',
      'polling/poll.ts',
      'polling/long-poll.ts',
      'core/reconnect-policy.ts',
    ],
  },
  { name: "dedupe and dedupe: 'share'", modules: ['request/dedupe-key.ts', 'request/share.ts'] },
  {
    name: 'envelope and binary bodies',
    modules: ['request/envelope.ts', 'request/binary-body.ts'],
  },
  { name: 'loading hook (nprogress itself is lazy)', modules: ['request/loading.ts'] },
  {
    name: 'socket parts',
    modules: [
      'realtime/socket.ts',
      'realtime/socket-message.ts',
      'realtime/socket-acks.ts',
      'realtime/socket-events.ts',
      'realtime/socket-reconnect.ts',
      'realtime/heartbeat.ts',
      'realtime/socket-origin.ts',
    ],
  },
  {
    name: 'SSE parts',
    modules: [
      'realtime/sse-parse.ts',
      'realtime/sse-connection.ts',
      'realtime/sse.ts',
      'realtime/endpoint-error.ts',
      'realtime/read-text.ts',
      'realtime/sse-decode.ts',
      'realtime/errors.ts',
      'realtime/reconnect-loop.ts',
      'realtime/stream-abort.ts',
      'realtime/event-queue.ts',
      'request/default-http.ts',
      'request/default-http-module.ts',
    ],
  },
];

/** The pages broken down, each against the page its target compares it with. */
const pages = [
  { key: 'page', against: 'floor', target: 8 },
  { key: 'page-realtime', against: 'peers', target: 4 },
] as const;

/** `import('…')` in a kit source (not `typeof import('…')`), as an empty promise: the page without lazy chunks. */
const IMPORT_CALL = /(?<!typeof )\bimport\((['"])[^'"]+\1\)/g;
const withoutImports = (source: string) =>
  source.replace(IMPORT_CALL, 'Promise.resolve(undefined as never)');

function entryOf(key: string): BundleEntry {
  const entry = bundleEntries.find((e) => e.key === key);
  if (!entry) throw new Error(`bench/bundle.ts has no page ${key}`);
  return entry;
}

const gzip = (code: string) => gzipSync(Buffer.from(code), { level: 9 }).length;
const gzipAll = (codes: string[]) => codes.reduce((sum, code) => sum + gzip(code), 0);
const kb = (bytes: number) => `${bytes < 0 ? '-' : '+'}${(Math.abs(bytes) / 1024).toFixed(2)} KB`;
const n = (bytes: number) => bytes.toLocaleString('en-US');

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** The base64 VLQ numbers of one sourcemap segment. */
function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`not a sourcemap segment: ${segment}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

/**
 * Who wrote each character of a chunk: the index into `sources` of the source its sourcemap
 * segment comes from (a segment runs to the next one on its line), -1 where nothing maps (the
 * bundler's runtime helpers, line ends). A chunk's licence comments and its import and export
 * statements get sources of their own, appended to the map's.
 */
function owners(code: string, mapText: string): { owner: Int32Array; sources: string[] } {
  const map = JSON.parse(mapText) as { sources: string[]; mappings: string; sourceRoot?: string };
  const owner = new Int32Array(code.length).fill(-1);
  const lines = map.mappings.split(';');
  let lineStart = 0;
  // Only the source index matters here; a segment's other fields are deltas of their own.
  let source = 0;
  for (const line of lines) {
    const lineEnd = code.indexOf('\n', lineStart);
    const end = lineEnd === -1 ? code.length : lineEnd;
    let column = 0;
    let runStart = -1;
    let runOwner = -1;
    for (const segment of line ? line.split(',') : []) {
      const [deltaColumn = 0, deltaSource] = decodeSegment(segment);
      column += deltaColumn;
      if (runStart >= 0) owner.fill(runOwner, lineStart + runStart, lineStart + column);
      runStart = column;
      if (deltaSource === undefined) runOwner = -1;
      else {
        source += deltaSource;
        runOwner = source;
      }
    }
    if (runStart >= 0) owner.fill(runOwner, lineStart + runStart, end);
    if (lineEnd === -1) break;
    lineStart = lineEnd + 1;
  }
  // esbuild names sources relative to the map's directory: name them from the project root.
  const mapDir = join(dir, 'esbuild');
  const sources = map.sources.map((s) =>
    relative(root, resolve(mapDir, map.sourceRoot ?? '', s)).replaceAll('\\', '/'),
  );
  // The licence comments esbuild gathers at the end of a chunk map to nothing: name them.
  const legal = code.indexOf('/*! Bundled license information:');
  const codeEnd = legal >= 0 ? legal : code.length;
  if (legal >= 0) {
    const end = code.indexOf('*/\n', legal);
    owner.fill(sources.length, legal, end === -1 ? code.length : end + 3);
    sources.push(LICENCES);
  }
  // A chunk's own imports and exports (between the page's chunks, and `main`) map to the module
  // beside them (a shared chunk's export list to its last module): name them too.
  const imports = /^(?:import\s*(?:\{[^}]*\}\s*from\s*)?"[^"]*";)+/.exec(code);
  const exports = /export\s*\{[^}]*\};?\s*$/.exec(code.slice(0, codeEnd));
  if (imports || exports) {
    if (imports) owner.fill(sources.length, 0, imports[0].length);
    if (exports) owner.fill(sources.length, exports.index, codeEnd);
    sources.push(LINKS);
  }
  return { owner, sources };
}

/** What no sourcemap segment names: the bundler's glue. */
const UNMAPPED = '(unmapped)';
/** esbuild's end-of-chunk licence comments (`legalComments: 'eof'`, its default when bundling). */
const LICENCES = '(licence comments)';
/** The import and export statements of a chunk: what code splitting writes between chunks. */
const LINKS = '(chunk imports and exports)';

/** A page's initial chunks, each character tagged with the file it came from. */
interface Attributed {
  chunks: { code: string; owner: Int32Array; sources: string[] }[];
  gzip: number;
}

function attribute(built: Built): Attributed {
  const maps = built.initialMaps ?? [];
  const chunks = built.initial.map((code, i) => ({ code, ...owners(code, maps[i] ?? '') }));
  return { chunks, gzip: gzipAll(built.initial) };
}

/** Bytes (characters) of each file in the page, as the sourcemap places them. */
function bytesByFile(page: Attributed): Map<string, number> {
  const bytes = new Map<string, number>();
  for (const { owner, sources } of page.chunks) {
    for (const index of owner) {
      const name = index < 0 ? UNMAPPED : (sources[index] ?? UNMAPPED);
      bytes.set(name, (bytes.get(name) ?? 0) + 1);
    }
  }
  return bytes;
}

/** The page's gzip less the page's gzip without the characters of the files `drop` accepts. */
function marginal(page: Attributed, drop: (file: string) => boolean): number {
  let without = 0;
  for (const { code, owner, sources } of page.chunks) {
    const dropped = sources.map(drop);
    const droppedUnmapped = drop(UNMAPPED);
    let kept = '';
    let from = 0;
    for (let i = 0; i <= code.length; i++) {
      const gone = i < code.length && (owner[i]! < 0 ? droppedUnmapped : dropped[owner[i]!]);
      if (gone || i === code.length) {
        if (i > from) kept += code.slice(from, i);
        from = i + 1;
      }
    }
    without += gzip(kept);
  }
  return page.gzip - without;
}

interface ModuleRow {
  module: string;
  minified: number;
  gzip: number;
}
interface GroupRow {
  name: string;
  together: number;
  modules: ModuleRow[];
}
interface PageReport {
  key: string;
  title: string;
  gzip: number;
  against: { key: string; gzip: number };
  excess: number;
  target: number;
  groups: GroupRow[];
  sumOfRows: number;
  allKitAtOnce: number;
  kitMinified: number;
  /** `against`: the same row's bytes on the page compared with. */
  outside: { name: string; bytes: number; marginal: number; against: number | undefined }[];
  metafileCheck: { sourcemap: number; bytesInOutput: number; disagree: string[] };
  importCost: Partial<Record<Bundler, { page: number; without: number; imports: number }>>;
}

/** The row of the "not kit code" table a file counts in; undefined for kit code. */
function notKit(file: string, pageFile: string): string | undefined {
  if (file.startsWith('src/')) return undefined;
  const named: Record<string, string> = {
    [UNMAPPED]: 'unmapped (the bundler: runtime helpers, line ends)',
    [LICENCES]: 'licence comments at the end of a chunk',
    [LINKS]: "the chunks' import and export statements",
    [pageFile]: "the page's own code",
  };
  if (named[file]) return named[file];
  const parts = file.split('/');
  if (parts[0] === 'node_modules') {
    return parts.slice(0, parts[1]?.startsWith('@') ? 3 : 2).join('/');
  }
  return `other (${file})`;
}

const kitModule = (file: string) => (file.startsWith('src/') ? file.slice(4) : undefined);

async function breakdown(
  key: string,
  againstKey: string,
  target: number,
  bundlers: Bundler[],
): Promise<PageReport> {
  const entry = entryOf(key);
  const file = await writeEntry(entry, dir);
  const built = await buildPage('esbuild', file, entry, { sourcemap: true });
  const against = entryOf(againstKey);
  const againstFile = await writeEntry(against, dir);
  const againstBuilt = await buildPage('esbuild', againstFile, against, { sourcemap: true });
  const againstGzip = total(againstBuilt.initial).gzip;
  const againstBytes = new Map<string, number>();
  const againstPage = relative(root, againstFile).replaceAll('\\', '/');
  for (const [input, count] of bytesByFile(attribute(againstBuilt))) {
    const name = notKit(input, againstPage);
    if (name) againstBytes.set(name, (againstBytes.get(name) ?? 0) + count);
  }
  const page = attribute(built);
  if (page.gzip !== total(built.initial).gzip) throw new Error('gzip differs from bench/bundle.ts');
  const bytes = bytesByFile(page);

  // Cross-check the sourcemap's placement against the metafile's own count of each input.
  const inputs = built.initialInputs ?? {};
  let fromMap = 0;
  let fromMeta = 0;
  const disagree: string[] = [];
  for (const [name, count] of Object.entries(inputs)) {
    if (!name.startsWith('src/')) continue;
    fromMeta += count;
    fromMap += bytes.get(name) ?? 0;
    const delta = (bytes.get(name) ?? 0) - count;
    if (Math.abs(delta) > 8) disagree.push(`${name} ${delta > 0 ? '+' : ''}${delta}`);
  }

  const onPage = [...bytes.keys()].flatMap((f) => kitModule(f) ?? []);
  const grouped = new Set(groups.flatMap((g) => g.modules));
  const rest = onPage.filter((m) => !grouped.has(m)).sort();
  const rows: GroupRow[] = [];
  for (const group of [...groups, { name: 'other kit code', modules: rest }]) {
    const present = group.modules.filter((m) => onPage.includes(m));
    if (present.length === 0) continue;
    const members = new Set(present.map((m) => `src/${m}`));
    rows.push({
      name: group.name,
      together: marginal(page, (f) => members.has(f)),
      modules: present
        .map((m) => ({
          module: m,
          minified: bytes.get(`src/${m}`) ?? 0,
          gzip: marginal(page, (f) => f === `src/${m}`),
        }))
        .sort((a, b) => b.gzip - a.gzip),
    });
  }

  const pageFile = relative(root, file).replaceAll('\\', '/');
  const outsideOf = (f: string) => notKit(f, pageFile);
  const outside = new Map<string, number>();
  for (const [f, count] of bytes) {
    const name = outsideOf(f);
    if (name) outside.set(name, (outside.get(name) ?? 0) + count);
  }
  const outsideRows = [...outside]
    .map(([name, count]) => ({
      name,
      bytes: count,
      marginal: marginal(page, (f) => outsideOf(f) === name),
      against: againstBytes.get(name),
    }))
    .sort((a, b) => b.marginal - a.marginal);

  const importCost: PageReport['importCost'] = {};
  for (const bundler of bundlers) {
    const asIs = bundler === 'esbuild' ? built : await buildPage(bundler, file, entry);
    let imports = 0;
    const plain = await buildPage(bundler, file, entry, {
      rewrite: (source) => {
        imports += source.match(IMPORT_CALL)?.length ?? 0;
        return withoutImports(source);
      },
    });
    importCost[bundler] = {
      page: total(asIs.initial).gzip,
      without: total(plain.initial).gzip,
      // Each bundler reads a kit file once per build: these are the calls in the files it read.
      imports,
    };
  }

  return {
    key,
    title: entry.title,
    gzip: page.gzip,
    against: { key: againstKey, gzip: againstGzip },
    excess: page.gzip - againstGzip,
    target,
    groups: rows,
    sumOfRows: rows.reduce((sum, r) => sum + r.together, 0),
    allKitAtOnce: marginal(page, (f) => f.startsWith('src/')),
    kitMinified: onPage.reduce((sum, m) => sum + (bytes.get(`src/${m}`) ?? 0), 0),
    outside: outsideRows,
    metafileCheck: { sourcemap: fromMap, bytesInOutput: fromMeta, disagree },
    importCost,
  };
}

function print(report: PageReport): void {
  out(`## ${report.title} (${report.key})`);
  out();
  out(
    `esbuild, gzip -9 of each initial chunk: ${n(report.gzip)} B; ${report.against.key} ${n(report.against.gzip)} B; ` +
      `excess ${n(report.excess)} B = ${kb(report.excess)} (target ≤ +${report.target} KB)`,
  );
  out();
  out('| kit code on the page (marginal gzip of each module alone) | group removed at once |');
  out('|---|--:|');
  for (const row of report.groups) {
    const parts = row.modules.map((m) => `${m.module.replace(/^.*\//, '')} ${n(m.gzip)}`);
    out(`| ${row.name} (${parts.join(', ')}) | ${n(row.together)} |`);
  }
  out(`| sum of the rows | ${n(report.sumOfRows)} |`);
  out(
    `| all kit code removed at once (${n(report.kitMinified)} B minified) | ${n(report.allKitAtOnce)} |`,
  );
  out();
  out(`| not kit code | bytes minified | on the ${report.against.key} page | marginal gzip |`);
  out('|---|--:|--:|--:|');
  for (const row of report.outside) {
    const against = row.against === undefined ? '–' : n(row.against);
    out(`| ${row.name} | ${n(row.bytes)} | ${against} | ${n(row.marginal)} |`);
  }
  out();
  const check = report.metafileCheck;
  out(
    `kit bytes placed by the sourcemap ${n(check.sourcemap)}, by the metafile's bytesInOutput ${n(check.bytesInOutput)}` +
      (check.disagree.length > 0 ? ` (apart by more than 8: ${check.disagree.join(', ')})` : ''),
  );
  out();
  const costs = Object.entries(report.importCost);
  if (costs.length > 0) {
    out(
      'What `import()` costs the page (gzip of the page as built less the page built with each ' +
        "`import('…')` under src/ replaced by an empty promise):",
    );
    out();
    out('| bundler | page | without import() | import() costs | import() calls rewritten |');
    out('|---|--:|--:|--:|--:|');
    for (const [bundler, cost] of costs) {
      out(
        `| ${bundler} | ${n(cost.page)} | ${n(cost.without)} | ${n(cost.page - cost.without)} | ${cost.imports} |`,
      );
    }
    out();
  }
}

function revision(): string {
  const git = (...a: string[]) => execFileSync('git', a, { cwd: root, encoding: 'utf8' }).trim();
  const dirty = git('status', '--porcelain', '--', 'src', 'bench') !== '';
  return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes in src/ or bench/' : ''}`;
}

const started = performance.now();
const bundlers: Bundler[] = ['esbuild', 'vite', ...(withWebpack ? (['webpack'] as const) : [])];
out(`# Size breakdown at ${revision()}`);
out();
out(
  '`npm run bench:size` (bench/size-breakdown.ts). Bytes; gzip -9, each initial chunk gzipped ' +
    'alone as bench/bundle.ts does. Marginal gzip of a module: the page less the page without ' +
    "the module's generated characters (located by esbuild's sourcemap).",
);
out();
const reports: PageReport[] = [];
for (const { key, against, target } of pages) {
  const report = await breakdown(key, against, target, bundlers);
  reports.push(report);
  print(report);
}
const [typical, realtime] = reports;
if (typical && realtime) {
  out('What the `import()` of the default instance (`loadDefaultHttp`) adds on the realtime page:');
  for (const bundler of bundlers) {
    const a = typical.importCost[bundler];
    const b = realtime.importCost[bundler];
    if (a && b) out(`- ${bundler}: ${n(b.page - b.without - (a.page - a.without))} B gzip`);
  }
  out();
}
out(`${((performance.now() - started) / 1000).toFixed(0)} s`);
if (jsonOut) await writeFile(jsonOut, `${JSON.stringify(reports, null, 2)}\n`);
