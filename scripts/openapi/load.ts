import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
 * Read an OpenAPI 3.0 / 3.1 or Swagger 2.0 document (JSON or YAML; a file, or an http(s) URL the
 * backend serves it at), with every `$ref` to another file bundled in (`@readme/openapi-parser`; references over the network are not followed), and
 * Swagger 2.0 converted to OpenAPI 3.0 (`swagger2openapi`, patching the small mistakes springfox
 * exports carry). The document is not validated strictly: only what cannot be read as OpenAPI at
 * all is refused.
 * @throws GeneratorInputError saying why the document cannot be read.
 */
export async function loadDocument(path: string): Promise<LoadedDocument> {
  if (/^https?:\/\//i.test(path)) return loadUrl(path);
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

/** The longest a document's server may take to answer, and the most it may send. */
const FETCH_TIMEOUT_MS = 30_000;
const MAX_BYTES = 50 * 1024 * 1024;

/**
 * A document served over HTTP (Springdoc's `/v3/api-docs`, the demo's `/api/openapi.json`): fetched
 * once, then read as a file would be (references to other files are not followed from a URL).
 * @throws GeneratorInputError when it cannot be fetched, or is not a document.
 */
async function loadUrl(url: string): Promise<LoadedDocument> {
  let text: string;
  try {
    const response = await fetchOnce(url).catch((error: unknown) => {
      // A GET is safe to send again: a kept-alive connection the server had just closed
      // (ECONNRESET) is no reason to give up on the document.
      if (error instanceof TypeError) return fetchOnce(url);
      throw error;
    });
    if (!response.ok) {
      throw new GeneratorInputError(`Cannot read ${url}: the server answered ${response.status}.`);
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > MAX_BYTES) throw new GeneratorInputError(`Cannot read ${url}: it is too large.`);
    text = await response.text();
  } catch (error) {
    if (error instanceof GeneratorInputError) throw error;
    throw new GeneratorInputError(`Cannot fetch ${url}: ${reason(error)}`);
  }
  if (text.length > MAX_BYTES)
    throw new GeneratorInputError(`Cannot read ${url}: it is too large.`);
  // The parser reads JSON and YAML from a file: a file of its own, removed once read.
  const dir = mkdtempSync(join(tmpdir(), 'gen-openapi-'));
  const file = join(dir, text.trimStart().startsWith('{') ? 'document.json' : 'document.yaml');
  try {
    writeFileSync(file, text);
    return await loadDocument(file);
  } catch (error) {
    if (error instanceof GeneratorInputError) {
      throw new GeneratorInputError(error.message.split(file).join(url));
    }
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function fetchOnce(url: string): Promise<Response> {
  return fetch(url, {
    headers: { Accept: 'application/json, application/yaml;q=0.9, */*;q=0.1' },
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  });
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
