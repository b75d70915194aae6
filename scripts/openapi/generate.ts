import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { GeneratorInputError } from '../generator/errors';
import { API_DIR } from '../generator/plan';
import { baseUrlNote } from './base-url';
import type { EnvelopeMode } from './envelope';
import { formatSource } from './format';
import { header } from './header';
import { loadDocument } from './load';
import { readOperations, type SkippedOperation } from './operations';
import { writeFiles } from './output';
import { planGeneration } from './plan';
import { renderModule, renderShared } from './render-module';
import { renderMocks, renderTest, type TestPaths } from './render-tests';
import { SUPPORT_SOURCE } from './support';

/** What `npm run gen:openapi` takes. */
export interface OpenApiOptions {
  /** The document: a path to a JSON or YAML file, or the http(s) URL a backend serves it at. */
  spec: string;
  /** The project to write into. @default process.cwd() */
  root?: string;
  /** Only these tags (names as the document writes them). @default every tag */
  tags?: string[];
  /** Unwrap `{ code, data, message|msg }` answers. @default 'auto' */
  envelope?: EnvelopeMode;
  /** The folder under src/api the modules go to. @default 'src/api' */
  out?: string;
}

/** What a run did, for the report. */
export interface OpenApiResult {
  title: string;
  sourceVersion: string;
  written: string[];
  unchanged: string[];
  modules: { file: string; api: string; endpoints: string[] }[];
  skipped: SkippedOperation[];
  /** Envelope message keys met (`message`, `msg`). */
  envelopes: string[];
  unused: string[];
  notes: string[];
}

/** The support file the generated mocks and tests share. */
export const SUPPORT_FILE = 'tests/mocks/openapi-support.ts';

function outFolder(out: string | undefined): string {
  const folder = posix.normalize((out ?? API_DIR).replace(/\\/g, '/')).replace(/\/+$/, '');
  if (folder !== API_DIR && !folder.startsWith(`${API_DIR}/`)) {
    throw new GeneratorInputError(
      `--out ${out} is not under ${API_DIR}: the modules import the kit's defineEndpoint from there.`,
    );
  }
  if (!/^[A-Za-z0-9/_-]+$/.test(folder)) {
    throw new GeneratorInputError(
      `--out ${out}: use letters, digits, "-" and "_" in folder names.`,
    );
  }
  return folder;
}

function importPath(fromFile: string, toFile: string): string {
  const path = posix.relative(posix.dirname(fromFile), toFile).replace(/\.ts$/, '');
  return path.startsWith('.') ? path : `./${path}`;
}

/**
 * Generate api modules, msw mocks and tests from an OpenAPI document (see the README's
 * "From an OpenAPI document"). Everything is rendered and checked first; a problem anywhere
 * writes nothing.
 * @throws GeneratorInputError with the reason, nothing written.
 */
export async function generateFromOpenApi(options: OpenApiOptions): Promise<OpenApiResult> {
  const root = options.root ?? process.cwd();
  const out = outFolder(options.out);
  if (!existsSync(join(root, API_DIR, 'define-endpoint.ts'))) {
    throw new GeneratorInputError(
      `There is no ${API_DIR}/define-endpoint.ts here: run the generator at the kit's (or the app's) root.`,
    );
  }
  const { document, sourceVersion } = await loadDocument(options.spec);
  const operations = readOperations(document, options.envelope ?? 'auto');
  const plan = planGeneration(document, operations, options.tags);
  if (plan.modules.length === 0) {
    const why = plan.skipped.length > 0 ? ' it can express' : '';
    throw new GeneratorInputError(
      `${options.spec} has no operation${why} to generate; nothing was written.${report(plan.skipped)}`,
    );
  }

  const sub = posix.relative(API_DIR, out);
  const mocksDir = posix.join('tests/mocks', sub);
  const testsDir = posix.join('tests/api', sub);
  const files = new Map<string, string>();
  const moduleFiles = new Map(plan.modules.map((m) => [m.name, m.file]));
  if (plan.shared) moduleFiles.set(plan.shared.name, plan.shared.file);
  const kitPath = (from: string) => (to: string) => importPath(from, `${API_DIR}/${to}.ts`);
  const top = header(plan.title);
  const add = (path: string, source: string, head = top) =>
    files.set(path, formatSource(root, path, `${head}${source}\n`));

  const modulePaths: string[] = [];
  if (plan.shared) {
    const path = `${out}/${plan.shared.file}.ts`;
    add(path, renderShared(plan, kitPath(path), moduleFiles));
    modulePaths.push(path);
  }
  plan.modules.forEach((module, index) => {
    const path = `${out}/${module.file}.ts`;
    const mocks = `${mocksDir}/${module.file}.ts`;
    const test = `${testsDir}/${module.file}.test.ts`;
    add(path, renderModule(plan, index, kitPath(path), moduleFiles).source);
    modulePaths.push(path);
    const paths: TestPaths = {
      mocksToModule: importPath(mocks, path),
      mocksToShared: importPath(mocks, 'tests/mocks/shared.ts'),
      mocksToSupport: importPath(mocks, SUPPORT_FILE),
      testToModule: importPath(test, path),
      testToMocks: importPath(test, mocks),
      testToSupport: importPath(test, SUPPORT_FILE),
      testToShared: importPath(test, 'tests/mocks/shared.ts'),
      testToSetup: importPath(test, 'tests/setup/msw.ts'),
      testToHelpers: importPath(test, 'tests/api/helpers.ts'),
    };
    add(mocks, renderMocks(plan, module, paths));
    add(test, renderTest(plan, module, paths));
  });
  add(SUPPORT_FILE, SUPPORT_SOURCE.trimEnd(), header('every document'));

  const entries = [...(plan.shared ? [plan.shared.file] : []), ...plan.modules.map((m) => m.file)];
  const { written, unchanged } = writeFiles(
    root,
    plan.title,
    files,
    new Set([SUPPORT_FILE]),
    { path: `${out}/index.ts`, entries },
    modulePaths,
  );
  return {
    title: plan.title,
    sourceVersion,
    written,
    unchanged,
    modules: plan.modules.map((m) => ({
      file: `${out}/${m.file}.ts`,
      api: m.api,
      endpoints: m.endpoints.map((e) => e.name),
    })),
    skipped: plan.skipped,
    envelopes: [...operations.envelopes],
    unused: plan.unused,
    notes: [
      ...new Set(plan.notes),
      ...[
        baseUrlNote(
          document,
          plan.modules.flatMap((m) => m.endpoints.map((e) => e.path)),
        ),
      ].filter((note): note is string => note !== undefined),
    ],
  };
}

/** The skipped operations as report lines. */
export function report(skipped: SkippedOperation[]): string {
  if (skipped.length === 0) return '';
  const lines = skipped.map(
    (s) => `  - ${s.method} ${s.path}${s.operationId ? ` (${s.operationId})` : ''}: ${s.reason}`,
  );
  return `\nOperations not generated (${skipped.length}):\n${lines.join('\n')}`;
}
