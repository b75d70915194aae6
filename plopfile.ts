import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ActionType, NodePlopAPI } from 'plop';
import { addToBarrel } from './scripts/generator/barrel';
import { GeneratorInputError } from './scripts/generator/errors';
import { parseFields } from './scripts/generator/fields';
import { checkPath, defaultPath, moduleNames } from './scripts/generator/names';
import {
  type Answers,
  buildPlan,
  checkExportClashes,
  checkNotExisting,
  OPERATIONS,
  parseOperations,
} from './scripts/generator/plan';
import { buildView } from './scripts/generator/view';

/**
 * `npx plop api <name> [path] [operations] [fields]` (or `npm run gen:api -- …`): a typed api
 * module, its msw handlers and a passing test. Every prompt can be answered on the command line,
 * by position or by name after `--`:
 *
 * @example
 * npx plop api invoice /invoices list,get,create "number:string, total:number, paidAt?:date"
 * npx plop api -- --name invoice --operations all --fields "number:string, total:number"
 */
export default function generator(plop: NodePlopAPI): void {
  const root = plop.getDestBasePath();
  const templates = join(plop.getPlopfilePath(), 'templates', 'api');

  // Prompt answers are checked one at a time here (inquirer re-asks; a command-line answer stops
  // plop with the message), and all together again in `actions` before anything is written.
  const check = (test: () => unknown): true | string => {
    try {
      test();
      return true;
    } catch (error) {
      if (error instanceof GeneratorInputError) return error.message;
      throw error;
    }
  };

  plop.setActionType('barrel', (_answers, config) => {
    const file = String((config as { file?: unknown }).file);
    const barrel = join(root, String((config as { barrel?: unknown }).barrel));
    const before = readFileSync(barrel, 'utf8');
    const after = addToBarrel(before, file);
    if (after === before) return `${config.path} already exports ./${file}`;
    writeFileSync(barrel, after);
    return String(config.path);
  });

  // Templates are laid out to Biome's taste, but a long enum or field list can still cross the
  // line width: the project's own formatter has the last word on the files just written.
  plop.setActionType('format', (_answers, config) => {
    const files = (config as { files?: string[] }).files ?? [];
    let biome: string;
    try {
      biome = createRequire(join(plop.getPlopfilePath(), 'package.json')).resolve(
        '@biomejs/biome/bin/biome',
      );
    } catch {
      // A project without Biome still gets the files, as the templates lay them out.
      return 'skipped (@biomejs/biome is not installed)';
    }
    const args = [biome, 'check', '--write', '--diagnostic-level=error', ...files];
    const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`biome check --write failed:\n${result.stdout}${result.stderr}`);
    }
    return files.join(', ');
  });

  // Plop's own `bypass` hook (not in inquirer's types): the checkbox read from the command line.
  const operationsPrompt = {
    type: 'checkbox' as const,
    name: 'operations',
    message: 'Operations:',
    choices: OPERATIONS.map((op) => ({ name: op, value: op, checked: true })),
    // On the command line: a comma-separated list, or `all` / '' for every operation.
    bypass: (value: string) => parseOperations(value),
    validate: (value: string[]) => check(() => parseOperations(value)),
  };

  plop.setGenerator('api', {
    description: 'a typed api module (src/api), its msw handlers (tests/mocks) and its test',
    prompts: [
      {
        type: 'input',
        name: 'name',
        message: 'Module name (camelCase, e.g. invoice or lineItem):',
        validate: (value: string) =>
          check(() => checkNotExisting(root, moduleNames(String(value)))),
      },
      {
        type: 'input',
        name: 'path',
        message: 'Resource path:',
        default: (answers: Answers) => safeDefaultPath(answers.name),
        validate: (value: string) =>
          check(() => String(value).trim() === '' || checkPath(String(value))),
      },
      operationsPrompt,
      {
        type: 'input',
        name: 'fields',
        message: 'Fields (e.g. number:string, total:number, paidAt?:date):',
        validate: (value: string) => check(() => parseFields(String(value))),
      },
    ],
    actions: (answers) => {
      // Throws (plop prints the message and exits 1) before the first action runs.
      const plan = buildPlan(root, (answers ?? {}) as Answers);
      const view = buildView(plan);
      const template = (file: string) => join(templates, file);
      checkExportClashes(
        root,
        plop.renderString(readFileSync(template('module.ts.hbs'), 'utf8'), view),
      );
      // Plop renders with the answers, which win over an action's `data`: the checked view
      // replaces the raw answers (`path: ''` becomes `/invoices`, `fields` a parsed list).
      Object.assign(answers ?? {}, view);
      const files = [plan.files.module, plan.files.mocks, plan.files.test];
      return [
        { type: 'add', path: plan.files.module, templateFile: template('module.ts.hbs') },
        { type: 'add', path: plan.files.mocks, templateFile: template('mocks.ts.hbs') },
        { type: 'add', path: plan.files.test, templateFile: template('test.ts.hbs') },
        { type: 'format', files } as ActionType,
        { type: 'barrel', path: plan.barrel, barrel: plan.barrel, file: plan.file } as ActionType,
      ];
    },
  });
}

function safeDefaultPath(name: unknown): string | undefined {
  try {
    return defaultPath(moduleNames(String(name ?? '')).name);
  } catch {
    // The name prompt reports a bad name; here it only means there is no default to offer.
    return undefined;
  }
}
