import { pathParamNames } from '../../src/api/path';
import { type EnvelopeMode, unwrapEnvelope } from './envelope';
import { camelCase, operationName } from './naming';
import { deref } from './refs';
import { exampleOf } from './sample';
import {
  type JsonSchema,
  type MediaType,
  type OpenApiDocument,
  type Operation,
  PATH_METHODS,
  type Parameter,
  type PathItem,
} from './types';

/** The HTTP methods `defineEndpoint` takes. */
const KIT_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** How a request body travels. */
export type BodyEncoding = 'json' | 'multipart' | 'urlencoded';

/** One request part's schema and the document's own example for it, if any. */
export interface Part {
  schema: JsonSchema;
  example: unknown;
}

/** An operation the generator can write as one `defineEndpoint`. */
export interface EndpointModel {
  /** camelCase endpoint name, unique in its module once the plan is made. */
  name: string;
  method: string;
  /** The path in the kit's form: `/pets/:petId`. */
  path: string;
  /** The path as the document writes it: `/pets/{petId}`. */
  documentPath: string;
  tag: string | undefined;
  summary?: string;
  description?: string;
  deprecated: boolean;
  /** Path params as an object schema (keys are the kit's `:name`s). */
  params?: Part;
  /** Query params as an object schema; `required` says whether any of them must be given. */
  query?: Part & { required: boolean; arrays: boolean };
  /**
   * How the body is sent: JSON; `multipart` (`defineEndpoint({ form: true })`, files as `Blob`s);
   * `urlencoded` (axios writes the object as `a=1&b=2` under that Content-Type).
   */
  body?: Part & { required: boolean; encoding: BodyEncoding };
  /** The success answer. */
  response: ResponseModel;
  /** Kept in the JSDoc and the report (header parameters, the envelope). */
  notes: string[];
  /**
   * The operation says it needs no credentials (`security: []`): sent `withToken: false`, so a
   * sign-in or refresh never carries a token, and its 401 never starts a refresh.
   */
  anonymous: boolean;
}

/**
 * The success answer: JSON (`schema`), plain text, nothing (a 204: `z.void()`), not described
 * (`z.unknown()`), or server-sent events (`stream`: `schema` is each event's JSON data, and the
 * endpoint is a `defineStream`). `optional`: an envelope's `data` that is not required.
 */
export interface ResponseModel {
  kind: 'json' | 'text' | 'void' | 'unknown' | 'stream';
  schema?: JsonSchema;
  optional: boolean;
  example: unknown;
  status: number;
}

/** An operation the generator cannot write yet, and why. */
export interface SkippedOperation {
  method: string;
  path: string;
  operationId?: string;
  tag?: string;
  reason: string;
}

/** Every operation of the document, read. */
export interface OperationList {
  endpoints: EndpointModel[];
  skipped: SkippedOperation[];
  /** Envelope keys met, for the report (`msg` rather than `message`). */
  envelopes: Set<string>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** JSON media types, springfox's `*\/*` included. */
function isJson(type: string): boolean {
  const t = type.toLowerCase().split(';')[0]!.trim();
  return t === '*/*' || t === 'application/json' || t.endsWith('+json') || t.includes('/json');
}

function pickJson(content: Record<string, MediaType> | undefined): MediaType | undefined {
  if (!isObject(content)) return undefined;
  const entry = Object.entries(content).find(([type]) => isJson(type));
  return entry ? (entry[1] ?? {}) : undefined;
}

/**
 * Read every operation of the document into endpoint models, and list those it cannot express
 * (with the reason) instead of dropping them.
 */
export function readOperations(document: OpenApiDocument, envelope: EnvelopeMode): OperationList {
  const endpoints: EndpointModel[] = [];
  const skipped: SkippedOperation[] = [];
  const envelopes = new Set<string>();
  for (const [path, rawItem] of Object.entries(document.paths ?? {})) {
    if (!isObject(rawItem)) continue;
    const item = deref(document, rawItem as PathItem);
    for (const method of PATH_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const op = operation as Operation;
      const upper = method.toUpperCase();
      const tag = Array.isArray(op.tags) && typeof op.tags[0] === 'string' ? op.tags[0] : undefined;
      const skip = (reason: string) =>
        skipped.push({
          method: upper,
          path,
          ...(op.operationId && { operationId: op.operationId }),
          ...(tag && { tag }),
          reason,
        });
      if (!KIT_METHODS.has(upper)) {
        skip(`${upper} is not a method defineEndpoint sends`);
        continue;
      }
      const result = readOperation(document, path, upper, item, op, envelope, envelopes);
      if (typeof result === 'string') skip(result);
      else endpoints.push({ ...result, tag });
    }
  }
  for (const [name, hook] of Object.entries(document.webhooks ?? {})) {
    for (const method of PATH_METHODS) {
      if (isObject(hook) && isObject(hook[method])) {
        skipped.push({
          method: method.toUpperCase(),
          path: `webhook ${name}`,
          reason: 'a webhook is a request the server sends to you: there is nothing to call',
        });
      }
    }
  }
  return { endpoints, skipped, envelopes };
}

function parametersOf(document: OpenApiDocument, item: PathItem, op: Operation): Parameter[] {
  const byKey = new Map<string, Parameter>();
  for (const raw of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
    if (!isObject(raw)) continue;
    const parameter = deref(document, raw as Parameter);
    if (typeof parameter.name !== 'string' || typeof parameter.in !== 'string') continue;
    byKey.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  return [...byKey.values()];
}

function parameterSchema(parameter: Parameter): JsonSchema {
  if (isObject(parameter.schema)) return parameter.schema;
  const media = isObject(parameter.content) ? Object.values(parameter.content)[0] : undefined;
  return isObject(media?.schema) ? media.schema : { type: 'string' };
}

function parameterExample(parameter: Parameter): unknown {
  return exampleOf(parameter) ?? exampleOf(parameter.schema);
}

function readOperation(
  document: OpenApiDocument,
  path: string,
  method: string,
  item: PathItem,
  op: Operation,
  envelope: EnvelopeMode,
  envelopes: Set<string>,
): Omit<EndpointModel, 'tag'> | string {
  if (/[?#]/.test(path)) return `the path "${path}" carries a query or fragment`;
  const notes: string[] = [];
  const parameters = parametersOf(document, item, op);

  // Path: `{pet-id}` becomes `:petId`; the kit must read back exactly the params we wrote.
  const pathParams = new Map<string, { name: string; parameter?: Parameter }>();
  const kitPath = path.replace(/\{([^}]+)\}/g, (_, raw: string) => {
    const name = /^[A-Za-z_$][\w$]*$/.test(raw) ? raw : camelCase(raw) || 'param';
    pathParams.set(raw, {
      name,
      parameter: parameters.find((p) => p.in === 'path' && p.name === raw),
    });
    return `:${name}`;
  });
  const wanted = [...pathParams.values()].map((p) => p.name);
  if (pathParamNames(kitPath).join() !== wanted.join() || new Set(wanted).size !== wanted.length) {
    return `the path "${path}" has a ":" the kit would read as a path param, or a param twice`;
  }

  let params: Part | undefined;
  if (pathParams.size > 0) {
    const properties: Record<string, JsonSchema> = {};
    const example: Record<string, unknown> = {};
    for (const { name, parameter } of pathParams.values()) {
      properties[name] = parameter ? parameterSchema(parameter) : { type: 'string' };
      const value = parameter && parameterExample(parameter);
      if (value !== undefined) example[name] = value;
    }
    params = {
      schema: { type: 'object', properties, required: wanted },
      example: Object.keys(example).length === wanted.length ? example : undefined,
    };
  }

  let query: EndpointModel['query'];
  const queryParams = parameters.filter((p) => p.in === 'query');
  if (queryParams.length > 0) {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    const example: Record<string, unknown> = {};
    let arrays = false;
    for (const parameter of queryParams) {
      const schema = parameterSchema(parameter);
      properties[parameter.name!] = schema;
      if (parameter.required) required.push(parameter.name!);
      if (deref(document, schema).type === 'array') arrays = true;
      if (parameter.style === 'deepObject' || parameter.explode === false) {
        notes.push(
          `query "${parameter.name}" is ${parameter.style ?? 'form'} style${parameter.explode === false ? ' without explode' : ''}: axios sends it its own way`,
        );
      }
      const value = parameterExample(parameter);
      if (value !== undefined) example[parameter.name!] = value;
    }
    query = {
      schema: { type: 'object', properties, required },
      example: Object.keys(example).length > 0 ? example : undefined,
      required: required.length > 0,
      arrays,
    };
  }
  for (const parameter of parameters.filter((p) => p.in === 'header' || p.in === 'cookie')) {
    notes.push(
      `${parameter.required ? 'needs' : 'takes'} the ${parameter.in} "${parameter.name}": pass it in the call's config${parameter.in === 'header' ? '.headers' : ''}`,
    );
  }

  let body: EndpointModel['body'];
  const requestBody = op.requestBody && deref(document, op.requestBody);
  if (
    isObject(requestBody) &&
    isObject(requestBody.content) &&
    Object.keys(requestBody.content).length > 0
  ) {
    const content = requestBody.content as Record<string, MediaType>;
    const found = pickBody(content);
    if (!found) {
      return `its body is ${Object.keys(content).join(', ')}: neither JSON, multipart/form-data nor x-www-form-urlencoded`;
    }
    const { encoding, media } = found;
    // A form's fields are the properties of one object: follow a $ref to it, so its file fields
    // (`format: binary`) can become Blobs here while the component stays as JSON describes it.
    const schema = isObject(media.schema) ? (media.schema as JsonSchema) : {};
    const bodySchema = encoding === 'json' ? schema : deref(document, schema);
    if (encoding !== 'json' && !isFormObject(bodySchema)) {
      return `its ${encoding === 'multipart' ? 'multipart/form-data' : 'x-www-form-urlencoded'} body is not an object of fields`;
    }
    body = {
      schema: bodySchema,
      example: exampleOf(media),
      required: requestBody.required === true,
      encoding,
    };
  }

  const response = readResponse(document, op, envelope, envelopes, notes);
  if (typeof response === 'string') return response;

  return {
    name: operationName(op.operationId, method, path),
    method,
    path: kitPath,
    documentPath: path,
    ...(typeof op.summary === 'string' &&
      op.summary.trim() !== '' && { summary: op.summary.trim() }),
    ...(typeof op.description === 'string' &&
      op.description.trim() !== '' && { description: op.description.trim() }),
    deprecated: op.deprecated === true,
    ...(params && { params }),
    ...(query && { query }),
    ...(body && { body }),
    response,
    notes,
    anonymous: Array.isArray(op.security) && op.security.length === 0,
  };
}

function readResponse(
  document: OpenApiDocument,
  op: Operation,
  envelope: EnvelopeMode,
  envelopes: Set<string>,
  notes: string[],
): ResponseModel | string {
  const responses = isObject(op.responses) ? op.responses : {};
  const codes = Object.keys(responses);
  const success =
    codes.filter((code) => /^2\d\d$/.test(code)).sort()[0] ??
    codes.find((code) => /^2xx$/i.test(code)) ??
    (codes.includes('default') ? 'default' : undefined);
  const status = success && /^2\d\d$/.test(success) ? Number(success) : 200;
  if (success === undefined) {
    notes.push('the document describes no success answer: its body is read as unknown');
    return { kind: 'unknown', optional: false, example: undefined, status };
  }
  const answer = deref(document, responses[success] ?? {});
  const content = isObject(answer.content) ? answer.content : {};
  const types = Object.keys(content);
  if (types.length === 0) {
    return {
      kind: status === 204 ? 'void' : 'unknown',
      optional: false,
      example: undefined,
      status,
    };
  }
  const media = pickJson(content);
  if (!media) {
    const stream = types.find((t) => t.toLowerCase().startsWith('text/event-stream'));
    if (stream) return readStream(document, content[stream] ?? {}, status);
    if (types.some((t) => t.startsWith('text/plain'))) {
      const text = content[types.find((t) => t.startsWith('text/plain'))!];
      return {
        kind: 'text',
        schema: { type: 'string' },
        optional: false,
        example: exampleOf(text),
        status,
      };
    }
    return `it answers with ${types.join(', ')}, not JSON (a download)`;
  }
  const schema = isObject(media.schema) ? (media.schema as JsonSchema) : {};
  const example = exampleOf(media);
  if (envelope === 'auto') {
    const inner = unwrapEnvelope(document, schema, example);
    if (inner) {
      envelopes.add(inner.messageKey);
      notes.push(
        `answers in a { code, data, ${inner.messageKey} } envelope: the schema is its data`,
      );
      return {
        kind: 'json',
        schema: inner.schema,
        optional: inner.optional,
        example: inner.example,
        status,
      };
    }
  }
  return { kind: 'json', schema, optional: false, example, status };
}

/** The body's media type the kit sends best: JSON, then a multipart form, then a url-encoded one. */
function pickBody(
  content: Record<string, MediaType>,
): { encoding: BodyEncoding; media: MediaType } | undefined {
  const json = pickJson(content);
  if (json) return { encoding: 'json', media: json };
  const find = (prefix: string) =>
    Object.entries(content).find(([type]) => type.toLowerCase().startsWith(prefix))?.[1];
  const multipart = find('multipart/form-data');
  if (multipart) return { encoding: 'multipart', media: multipart };
  const urlencoded = find('application/x-www-form-urlencoded');
  return urlencoded ? { encoding: 'urlencoded', media: urlencoded } : undefined;
}

/** Whether a form body schema is an object whose properties are the form fields. */
function isFormObject(schema: JsonSchema): boolean {
  return (
    isObject(schema.properties) &&
    !schema.allOf &&
    !schema.oneOf &&
    !schema.anyOf &&
    (schema.type === undefined || schema.type === 'object')
  );
}

/**
 * A `text/event-stream` answer: its events' JSON data is described by OpenAPI 3.2's `itemSchema`
 * (the `contentSchema` of its `data`), or by the media type's `schema` read as one event's data.
 * A stream described only as a string (or not at all) is text the kit's `defineStream` cannot
 * parse as JSON: it is listed.
 */
function readStream(
  document: OpenApiDocument,
  media: MediaType,
  status: number,
): ResponseModel | string {
  const item = isObject(media.itemSchema) ? deref(document, media.itemSchema) : undefined;
  const data = item?.properties?.data;
  const fromItem = isObject(data) && isObject(data.contentSchema) ? data.contentSchema : undefined;
  const schema = (fromItem ?? (isObject(media.schema) ? media.schema : undefined)) as
    | JsonSchema
    | undefined;
  const target = schema && deref(document, schema);
  const describesJson =
    target !== undefined &&
    (target.$ref !== undefined ||
      target.properties !== undefined ||
      target.items !== undefined ||
      target.allOf !== undefined ||
      target.oneOf !== undefined ||
      target.anyOf !== undefined ||
      ['object', 'array', 'integer', 'number', 'boolean'].includes(String(target.type)));
  if (!schema || !describesJson) {
    return 'it answers with text/event-stream whose events are not described as JSON: write it by hand with openEventStream or defineStream';
  }
  return { kind: 'stream', schema, optional: false, example: exampleOf(media), status };
}
