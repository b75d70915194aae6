import { deref } from './refs';
import type { JsonSchema, OpenApiDocument } from './types';

/** `auto`: unwrap `{ code, data, message|msg }` responses; `none`: keep every response whole. */
export type EnvelopeMode = 'auto' | 'none';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * When `schema` is the usual business envelope (`code`, `data` and `message` or `msg`, as
 * springfox / knife4j backends wrap every answer), the schema of its `data`, with the example's
 * `data` and the message key found. The instance's `envelope` option unwraps it on the wire.
 * @example unwrapEnvelope(doc, { type: 'object', properties: { code: {}, data: { $ref }, msg: {} } })
 */
export function unwrapEnvelope(
  document: OpenApiDocument,
  schema: JsonSchema,
  example: unknown,
):
  | { schema: JsonSchema; optional: boolean; example: unknown; messageKey: 'message' | 'msg' }
  | undefined {
  const target = deref(document, schema);
  const properties = isObject(target.properties) ? target.properties : undefined;
  if (!properties || !('code' in properties) || !('data' in properties)) return undefined;
  const messageKey = 'message' in properties ? 'message' : 'msg' in properties ? 'msg' : undefined;
  if (!messageKey) return undefined;
  const data = (properties.data ?? {}) as JsonSchema;
  const required = Array.isArray(target.required) && target.required.includes('data');
  // An untyped `data` (springfox's `Object` for `R<Void>`) may be anything, null included.
  const resolved = deref(document, data);
  const untyped =
    !resolved.$ref &&
    !resolved.properties &&
    !resolved.items &&
    !resolved.allOf &&
    !resolved.oneOf &&
    !resolved.anyOf &&
    !resolved.additionalProperties &&
    (resolved.type === undefined || resolved.type === 'object');
  const innerExample = isObject(example) && 'data' in example ? example.data : undefined;
  return {
    schema: untyped ? {} : data,
    optional: !untyped && !required,
    example: innerExample,
    messageKey,
  };
}
