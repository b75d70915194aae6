import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npx plop api …` in a throw-away copy of the project (node_modules linked, not copied), then the
// copy's own type-check, lint and vitest on what it wrote; bad answers must leave the copy as it was.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SKIP = new Set(['node_modules', '.git', 'coverage', 'dist', 'test-results']);
const GENERATED = ['invoice', 'line-item', 'category'];
const ALL_TYPES =
  'number:string, total:number, count:int, paid:boolean, paidAt?:date, email:email, ' +
  'site?:url, ref:uuid, tags?:string[], ' +
  // Too long for one line: the generator's format step must wrap it.
  'status:enum(draft|sent|paid|overdue|cancelled|refunded|disputed|archived)';

let dir: string;
let barrelBefore: string;

// The child processes are a user's shell, not this test run: no vitest or NODE_ENV markers.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(VITEST|VITE_|NODE_ENV$|TEST$)/.test(key)),
);

function run(
  command: string,
  args: string[],
  timeout = 60_000,
): { status: number; output: string } {
  const result: SpawnSyncReturns<string> = spawnSync(command, args, {
    cwd: dir,
    env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout,
  });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

const plop = (...args: string[]) => run('node', ['node_modules/plop/bin/plop.js', ...args]);

/** One hash over every path and content of the copy (node_modules aside). */
function treeHash(): string {
  const hash = createHash('sha256');
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(at, entry.name);
      if (entry.name === 'node_modules') continue;
      hash.update(`${relative(dir, path)}\0`);
      if (entry.isDirectory()) walk(path);
      else hash.update(readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kit-generator-'));
  cpSync(ROOT, dir, {
    recursive: true,
    filter: (source) =>
      !relative(ROOT, source)
        .split(sep)
        .some((part) => SKIP.has(part)),
  });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  barrelBefore = readFileSync(join(dir, 'src/api/index.ts'), 'utf8');
});

afterAll(() => {
  // rm unlinks the node_modules symlink; it does not follow it.
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npx plop api', () => {
  it('writes modules that type-check, lint clean and pass their own tests', () => {
    const invoice = run('npx', ['plop', 'api', 'invoice', '', 'all', ALL_TYPES]);
    expect(invoice.output).toContain('++ /src/api/invoice.ts');
    expect(invoice.status).toBe(0);

    const lineItem = run('npm', [
      'run',
      'gen:api',
      '--',
      'lineItem',
      '/billing/line-items',
      'list,get',
      'sku:string, qty:int',
    ]);
    expect(lineItem.status, lineItem.output).toBe(0);

    const category = run('npx', [
      'plop',
      'api',
      '--',
      '--name',
      'category',
      '--path',
      '',
      '--operations',
      'update,remove',
      '--fields',
      'label:string, rank?:int',
    ]);
    expect(category.status, category.output).toBe(0);

    for (const file of GENERATED) {
      for (const path of [
        `src/api/${file}.ts`,
        `tests/mocks/${file}.ts`,
        `tests/api/${file}.test.ts`,
      ]) {
        expect(existsSync(join(dir, path)), path).toBe(true);
      }
    }
    const module = readFileSync(join(dir, 'src/api/invoice.ts'), 'utf8');
    expect(module).toContain("path: '/invoices/:id'");
    expect(module).toContain('paidAt: isoDate.optional(),');
    // Written on one line by the template, broken by the project's formatter; wrapped so that a
    // bundler drops the schemas a page does not use.
    expect(module).toContain(
      "export const invoiceStatusSchema = /* @__PURE__ */ (() =>\n  z.enum(['draft', 'sent',",
    );
    expect(readFileSync(join(dir, 'src/api/line-item.ts'), 'utf8')).toContain(
      "path: '/billing/line-items/:id'",
    );
    expect(readFileSync(join(dir, 'src/api/category.ts'), 'utf8')).toContain(
      "path: '/categories/:id'",
    );

    // The barrel gains exactly the three re-exports, everything else as it was.
    const barrel = readFileSync(join(dir, 'src/api/index.ts'), 'utf8');
    for (const file of GENERATED) expect(barrel).toContain(`export * from './${file}';\n`);
    const stripped = GENERATED.reduce(
      (text, file) => text.replace(`export * from './${file}';\n`, ''),
      barrel,
    );
    expect(stripped).toBe(barrelBefore);

    const files = GENERATED.flatMap((f) => [
      `src/api/${f}.ts`,
      `tests/mocks/${f}.ts`,
      `tests/api/${f}.test.ts`,
    ]);
    const lint = run('node_modules/.bin/biome', [
      'check',
      '--error-on-warnings',
      'src/api/index.ts',
      ...files,
    ]);
    expect(lint.status, lint.output).toBe(0);

    // Type-check what was written and everything it imports (the whole project is CI's job).
    writeFileSync(
      join(dir, 'tsconfig.generated.json'),
      JSON.stringify({
        extends: './tsconfig.json',
        include: ['src/api/index.ts', ...files.filter((f) => f.startsWith('tests/'))],
      }),
    );
    const tsc = run('node', [
      'node_modules/typescript/bin/tsc',
      '--noEmit',
      '-p',
      'tsconfig.generated.json',
    ]);
    expect(tsc.status, tsc.output).toBe(0);

    const tests = run('node', [
      'node_modules/vitest/vitest.mjs',
      'run',
      '--project',
      'unit',
      ...GENERATED.map((f) => `tests/api/${f}.test.ts`),
    ]);
    expect(tests.status, tests.output).toBe(0);
    expect(tests.output).toMatch(/Test Files\s+3 passed/);
  });

  it('never overwrites an existing module, even with --force', () => {
    const before = treeHash();
    const again = plop('--force', 'api', 'invoice', '', 'all', 'number:string');
    expect(again.status).not.toBe(0);
    expect(again.output).toContain('Module "invoice" already exists');
    expect(treeHash()).toBe(before);
  });

  it.each([
    ['a name that is not an identifier', ['line-item'], /"line-item" is not an identifier/],
    ['a reserved word', ['class'], /"class" is a reserved word/],
    ['an existing hand-written module', ['user'], /Module "user" already exists/],
    ['an unknown field type', ['receipt', '', 'all', 'total:numbr'], /unknown type "numbr"/],
    [
      'an unreadable field spec',
      ['receipt', '', 'all', 'total number'],
      /Cannot read field "total number"/,
    ],
    ['an empty field spec', ['receipt', '', 'all', ' '], /field spec is empty/],
    ['an unknown operation', ['receipt', '', 'list,lst', 'a:string'], /Unknown operation "lst"/],
    ['a path with a param', ['receipt', '/receipts/:id', 'all', 'a:string'], /not a plain path/],
    [
      'a module whose exports clash through the barrel',
      ['userPage', '', 'all', 'title:string'],
      /would export "userPageSchema", which src\/api\/user\.ts already exports/,
    ],
    [
      'a bad answer given by name after --',
      ['--', '--name', 'my receipt', '--fields', 'a:string'],
      /"my receipt" is not an identifier/,
    ],
  ])('refuses %s with a clear message and leaves the tree unchanged', (_, args, message) => {
    const before = treeHash();
    const result = plop('api', ...args);
    expect(result.output).toMatch(message);
    expect(result.status).not.toBe(0);
    expect(treeHash()).toBe(before);
  });
});
