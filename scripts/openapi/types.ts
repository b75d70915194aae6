/**
 * The parts of an OpenAPI 3.x document the generator reads, typed loosely on purpose: real exports
 * (springfox, knife4j, hand-edited YAML) carry vendor keys and small deviations, so every field is
 * optional and checked where it is used.
 */

/** A JSON Schema object as OpenAPI 3.0 (with `nullable`) or 3.1 (with type arrays) writes it. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  nullable?: boolean;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[] | boolean;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  discriminator?: { propertyName?: string; mapping?: Record<string, string> };
  default?: unknown;
  example?: unknown;
  examples?: unknown;
  description?: string;
  title?: string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
  readOnly?: boolean;
  writeOnly?: boolean;
  /** 3.1: the schema of a string's decoded content (an event's JSON `data`). */
  contentSchema?: JsonSchema;
  [vendor: string]: unknown;
}

/** A parameter (path, query, header or cookie). */
export interface Parameter {
  $ref?: string;
  name?: string;
  in?: string;
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
  style?: string;
  explode?: boolean;
  content?: Record<string, MediaType>;
}

/** One media type of a request body or response. */
export interface MediaType {
  schema?: JsonSchema;
  /** OpenAPI 3.2: the schema of each item of a sequential media type (one server-sent event). */
  itemSchema?: JsonSchema;
  example?: unknown;
  examples?: Record<string, { value?: unknown; $ref?: string }>;
}

/** A request body. */
export interface RequestBody {
  $ref?: string;
  required?: boolean;
  description?: string;
  content?: Record<string, MediaType>;
}

/** A response. */
export interface Response {
  $ref?: string;
  description?: string;
  content?: Record<string, MediaType>;
}

/** An operation under a path and a method. */
export interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  deprecated?: boolean;
  parameters?: Parameter[];
  requestBody?: RequestBody;
  responses?: Record<string, Response>;
  /** `[]`: the operation needs no credentials (a sign-in, a refresh). */
  security?: unknown[];
}

/** A path item: its operations and the parameters they share. */
export interface PathItem {
  $ref?: string;
  parameters?: Parameter[];
  [method: string]: unknown;
}

/** An OpenAPI 3.0 or 3.1 document (Swagger 2.0 is converted to 3.0 before anything reads it). */
export interface OpenApiDocument {
  openapi: string;
  info?: { title?: string; version?: string; description?: string };
  servers?: { url?: string }[];
  tags?: { name?: string; description?: string }[];
  paths?: Record<string, PathItem>;
  webhooks?: Record<string, PathItem>;
  components?: {
    schemas?: Record<string, JsonSchema>;
    parameters?: Record<string, Parameter>;
    requestBodies?: Record<string, RequestBody>;
    responses?: Record<string, Response>;
    examples?: Record<string, { value?: unknown }>;
  };
  [key: string]: unknown;
}

/** The HTTP methods an OpenAPI path item can hold, in the order the generator lists them. */
export const PATH_METHODS = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
] as const;
