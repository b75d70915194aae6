import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundle } from '@readme/openapi-parser';
import { convertObj } from 'swagger2openapi';
import { GeneratorInputError } from '../generator/errors';
import type { OpenApiDocument } from './types';

/** A document read, bundled and, for Swagger 2.0, converted: what the rest of the generator reads. */
export interface LoadedDocument {
  document: OpenApiDocument;
  /** The version the file was written in: `2.0`, `3.0.x` or `3.1.x`. */
  sourceVersion: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Read an OpenAPI 3.0 / 3.1 or Swagger 2.0 document (JSON or YAML), with every `$ref` to another
 * file bundled in (`@readme/openapi-parser`; references over the network are not followed), and
 * Swagger 2.0 converted to OpenAPI 3.0 (`swagger2openapi`, patching the small mistakes springfox
 * exports carry). The document is not validated strictly: only what cannot be read as OpenAPI at
 * all is refused.
 * @throws GeneratorInputError saying why the document cannot be read.
 */
export async function loadDocument(path: string): Promise<LoadedDocument> {
  const file = resolve(path);
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new GeneratorInputError(`Cannot read ${path}: there is no such file.`);
  }
  let raw: unknown;
  try {
    // References over the network are not followed (json-schema-ref-parser takes `http: false`;
    // the wrapper's types only show its options object).
    raw = await bundle(file, { resolve: { http: false } } as unknown as Parameters<
      typeof bundle
    >[1]);
  } catch (error) {
    throw new GeneratorInputError(`Cannot read ${path} as OpenAPI: ${reason(error)}`);
  }
  if (!isObject(raw)) {
    throw new GeneratorInputError(`Cannot read ${path}: it is not a JSON or YAML object.`);
  }
  const swagger = raw.swagger;
  if (swagger !== undefined) {
    if (String(swagger) !== '2.0') {
      throw new GeneratorInputError(`${path} says swagger: ${String(swagger)}; only 2.0 is read.`);
    }
    return { document: await convert(path, raw), sourceVersion: '2.0' };
  }
  const version = raw.openapi;
  if (typeof version !== 'string' || !/^3\.[01]\./.test(`${version}.`)) {
    throw new GeneratorInputError(
      `${path} is not an OpenAPI 3.0 / 3.1 or Swagger 2.0 document ` +
        `(its "openapi" field is ${JSON.stringify(version) ?? 'missing'}).`,
    );
  }
  checkShape(path, raw);
  return { document: raw as OpenApiDocument, sourceVersion: version };
}

async function convert(path: string, raw: Record<string, unknown>): Promise<OpenApiDocument> {
  try {
    // `patch` fixes what springfox gets wrong (a missing `info`, numbers as strings); `warnOnly`
    // keeps going past what it cannot fix instead of refusing the whole document.
    const options = await convertObj(raw as never, { patch: true, warnOnly: true } as never);
    const document = options.openapi as unknown as Record<string, unknown>;
    checkShape(path, document);
    return document as OpenApiDocument;
  } catch (error) {
    if (error instanceof GeneratorInputError) throw error;
    throw new GeneratorInputError(
      `Cannot convert the Swagger 2.0 document ${path}: ${reason(error)}`,
    );
  }
}

function checkShape(path: string, document: Record<string, unknown>): void {
  const { paths, webhooks } = document;
  if (paths !== undefined && !isObject(paths)) {
    throw new GeneratorInputError(`${path}: "paths" is not an object.`);
  }
  if (paths === undefined && !isObject(webhooks)) {
    throw new GeneratorInputError(`${path} has no "paths": there is nothing to generate.`);
  }
}

function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // The parsers put the absolute file name and a stack-like tail in their messages.
  return text.split('\n')[0]!.trim();
}
