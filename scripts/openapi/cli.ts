/**
 * `npm run gen:openapi -- <spec.json|spec.yaml|http(s)://…/api-docs> [--tags a,b] [--envelope auto|none] [--out src/api/<folder>]`
 *
 * Writes, per tag of the document, `src/api/<tag>.ts` (zod schemas and one `defineEndpoint` per
 * operation), `tests/mocks/<tag>.ts` and `tests/api/<tag>.test.ts`, and adds the modules to the barrel.
 */
import { pathToFileURL } from 'node:url';
import { GeneratorInputError } from '../generator/errors';
import type { EnvelopeMode } from './envelope';
import { generateFromOpenApi, type OpenApiOptions, type OpenApiResult, report } from './generate';

const USAGE =
  'Usage: npm run gen:openapi -- <spec.json|spec.yaml|http(s)://…/api-docs> [--tags a,b] [--envelope auto|none] [--out src/api/<folder>]';

/**
 * Read the command line into options.
 * @throws GeneratorInputError for an unknown flag, a flag without its value, or no document.
 */
export function parseArgs(args: string[]): OpenApiOptions {
  const positional: string[] = [];
  const options: Omit<OpenApiOptions, 'spec'> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    if (!flag!.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || value.startsWith('--')) {
      throw new GeneratorInputError(`${flag} needs a value. ${USAGE}`);
    }
    if (flag === '--tags')
      options.tags = value
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
    else if (flag === '--out') options.out = value;
    else if (flag === '--envelope') {
      if (value !== 'auto' && value !== 'none') {
        throw new GeneratorInputError(`--envelope is auto or none, not "${value}".`);
      }
      options.envelope = value as EnvelopeMode;
    } else throw new GeneratorInputError(`Unknown option ${flag}. ${USAGE}`);
  }
  if (positional.length !== 1) {
    throw new GeneratorInputError(
      positional.length === 0 ? USAGE : `One document at a time. ${USAGE}`,
    );
  }
  return { ...options, spec: positional[0]! };
}

/** The report printed after a run. */
export function describeResult(result: OpenApiResult): string {
  const lines = [
    `${result.title} (${result.sourceVersion === '2.0' ? 'Swagger 2.0, converted' : `OpenAPI ${result.sourceVersion}`})`,
  ];
  for (const module of result.modules) {
    lines.push(`  ${module.file}: ${module.api} (${module.endpoints.length} endpoints)`);
  }
  lines.push(
    result.written.length > 0
      ? `Written:\n${result.written.map((f) => `  ${f}`).join('\n')}`
      : 'Nothing changed.',
  );
  if (result.unchanged.length > 0) lines.push(`Unchanged: ${result.unchanged.length} files`);
  const skipped = report(result.skipped);
  if (skipped) lines.push(skipped.trimStart());
  if (result.envelopes.length > 0) {
    const key = result.envelopes.includes('msg') ? "message: 'msg'" : "message: 'message'";
    lines.push(
      `Responses come in a { code, data, ${result.envelopes.join('|')} } envelope: the modules describe its data.`,
      `  Create the instance with envelope: { ${key} } (and isOk when ok is not code 0): in the app, createHttp in src/request/http.ts.`,
    );
  }
  if (result.unused.length > 0) {
    lines.push(`Schemas no generated endpoint uses (not written): ${result.unused.join(', ')}`);
  }
  for (const note of result.notes) lines.push(`Note: ${note}`);
  return lines.join('\n');
}

async function main() {
  try {
    const result = await generateFromOpenApi(parseArgs(process.argv.slice(2)));
    console.log(describeResult(result));
  } catch (error) {
    if (error instanceof GeneratorInputError) {
      console.error(`gen:openapi: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
