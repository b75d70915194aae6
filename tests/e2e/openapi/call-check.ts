import { expect } from 'vitest';
import type * as z from 'zod';
import type { GeneratedEndpoint, ReceivedRequest } from './sample-server';

/** An endpoint's input: the parts it takes, as the caller writes them. */
export interface CallInput {
  params?: unknown;
  query?: unknown;
  body?: unknown;
}

/**
 * Check that the request the server received is the one the endpoint's definition describes for
 * `input`: its method, its path with every `:name` filled, each query value (arrays as repeated
 * keys, as OpenAPI's default `form` style sends them) and the body (JSON, or multipart fields).
 */
export async function expectSent(
  endpoint: GeneratedEndpoint,
  input: CallInput,
  request: ReceivedRequest | undefined,
): Promise<void> {
  const { definition } = endpoint;
  const where = `${definition.method} ${definition.path}`;
  expect(request, `${where} reached the server`).toBeDefined();
  const sent = request!;
  expect(sent.method, where).toBe(definition.method);

  const params = (definition.params?.parse(input.params) ?? {}) as Record<string, unknown>;
  const want = definition.path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? String(params[segment.slice(1)]) : segment));
  const got = sent.url.pathname.split('/').map((segment) => decodeURIComponent(segment));
  expect(got, `${where}: path`).toEqual(want);

  const query = (definition.query?.parse(input.query) ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      expect(sent.url.searchParams.getAll(key), `${where}: query ${key}`).toEqual(
        value.map(String),
      );
    } else if (value === null || typeof value !== 'object') {
      expect(sent.url.searchParams.get(key), `${where}: query ${key}`).toBe(String(value));
    }
  }

  const body = definition.body ? (definition.body as z.ZodType).parse(input.body) : undefined;
  if (body === undefined) return;
  if (definition.form) {
    expect(sent.contentType, `${where}: content type`).toMatch(/^multipart\/form-data; boundary=/);
    const form = await new Response(new Uint8Array(sent.body), {
      headers: { 'Content-Type': sent.contentType },
    }).formData();
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (value === undefined || value === null) continue;
      // An array repeats its key, one part per item (files included).
      const items = Array.isArray(value) ? value : [value];
      const fields = form.getAll(key);
      expect(fields.length, `${where}: form ${key}`).toBe(items.length);
      for (const [i, item] of items.entries()) {
        const field = fields[i];
        if (item instanceof Blob) {
          expect(field, `${where}: file part ${key}`).toBeInstanceOf(Blob);
          expect(Buffer.from(await (field as Blob).arrayBuffer())).toEqual(
            Buffer.from(await item.arrayBuffer()),
          );
        } else {
          const text = typeof item === 'object' ? JSON.stringify(item) : String(item);
          expect(field, `${where}: form ${key}`).toBe(text);
        }
      }
    }
    return;
  }
  if (definition.config?.headers?.['Content-Type'] === 'application/x-www-form-urlencoded') {
    expect(sent.contentType, `${where}: content type`).toMatch(
      /^application\/x-www-form-urlencoded/,
    );
    const fields = new URLSearchParams(sent.body.toString('utf8'));
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (value === undefined || value === null) continue;
      const items = Array.isArray(value) ? value.map(String) : [String(value)];
      expect(fields.getAll(key), `${where}: field ${key}`).toEqual(items);
    }
    return;
  }
  expect(sent.contentType, `${where}: content type`).toMatch(/^application\/json/);
  expect(JSON.parse(sent.body.toString('utf8')), `${where}: body`).toEqual(
    JSON.parse(JSON.stringify(body)),
  );
}
