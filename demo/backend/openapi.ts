import * as z from 'zod';
import {
  createUserBodySchema,
  feedBatchSchema,
  feedEventSchema,
  feedQuerySchema,
  isoDate,
  jobSchema,
  listUsersQuerySchema,
  loginBodySchema,
  refreshBodySchema,
  startJobBodySchema,
  tokensSchema,
  updateUserBodySchema,
  userPageSchema,
  userSchema,
} from '../../src/api';
import { completionBody } from './assistant';
import { attachmentSchema, exportQuery } from './files';

/**
 * The demo backend's own OpenAPI 3.1 document, served at `GET /api/openapi.json`: every HTTP
 * route of demo/backend, its schemas built from the same zod schemas the routes parse and answer
 * with (`z.toJSONSchema`, as the server reads them: `io: 'input'`), so the document cannot drift
 * from the server. `npm run gen:openapi` on it writes modules that call this server
 * (tests/e2e/openapi.test.ts does that round trip).
 */

/** One SSE tick of `GET /events` (demo/backend/state.ts writes it). */
const tickSchema = z.object({ symbol: z.string(), price: z.number(), at: isoDate });

/** One chunk of the chat completion stream, as demo/backend/assistant.ts writes it. */
const completionChunkSchema = z.object({
  id: z.string(),
  object: z.literal('chat.completion.chunk'),
  created: z.int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.int(),
      delta: z.object({ role: z.literal('assistant').optional(), content: z.string().optional() }),
      finish_reason: z.string().nullable(),
    }),
  ),
});

/** The `{ code, data, message }` envelope `GET /fail/business` answers with. */
const envelopeSchema = z.object({
  code: z.int(),
  data: z.unknown(),
  message: z.string(),
});

/** What every failure answers: the reason, and zod's issues for a 422. */
const errorSchema = z.object({
  message: z.string(),
  issues: z.array(z.record(z.string(), z.unknown())).optional(),
});

// The named schemas, in components.schemas; references between them stay references.
const COMPONENTS = {
  User: userSchema,
  UserPage: userPageSchema,
  CreateUserBody: createUserBodySchema,
  UpdateUserBody: updateUserBodySchema,
  LoginBody: loginBodySchema,
  RefreshBody: refreshBodySchema,
  Tokens: tokensSchema,
  Job: jobSchema,
  StartJobBody: startJobBodySchema,
  FeedEvent: feedEventSchema,
  FeedBatch: feedBatchSchema,
  Tick: tickSchema,
  ChatCompletionBody: completionBody,
  ChatCompletionChunk: completionChunkSchema,
  Envelope: envelopeSchema,
  Error: errorSchema,
} satisfies Record<string, z.ZodType>;

type ComponentName = keyof typeof COMPONENTS;
type JsonObject = Record<string, unknown>;

const ref = (name: ComponentName) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonObject) => ({ content: { 'application/json': { schema } } });

/** A zod schema alone as JSON Schema, without the `$schema` header (it sits inside the document). */
function jsonSchema(schema: z.ZodType): JsonObject {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as JsonObject;
  return rest;
}

function components(): Record<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io: 'input',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, JsonObject> };
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _, $id: __, ...schema }]) => [id, schema]),
  );
}

/** A query object schema as OpenAPI query parameters, one per property. */
function queryParameters(schema: z.ZodType): JsonObject[] {
  const { properties = {}, required = [] } = jsonSchema(schema) as {
    properties?: Record<string, JsonObject>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.includes(name),
    schema: property,
  }));
}

const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  schema: jsonSchema(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)),
};

const failure = { default: { description: 'The reason, as `{ message }`', ...json(ref('Error')) } };
const noContent = { 204: { description: 'Done; no body' } };

interface Operation {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  parameters?: JsonObject[];
  requestBody?: JsonObject;
  responses: JsonObject;
  security?: JsonObject[];
}

/** Operations without a token (every other one needs `Authorization: Bearer <access token>`). */
const open = { security: [] };

function body(name: ComponentName): JsonObject {
  return { required: true, ...json(ref(name)) };
}

function ok(schema: JsonObject, status = 200, description = 'OK'): JsonObject {
  return { [status]: { description, ...json(schema) }, ...failure };
}

function sse(schema: JsonObject, description: string): JsonObject {
  // OpenAPI 3.1 has no word for one event's schema yet: `schema` is each event's JSON data.
  return { 200: { description, content: { 'text/event-stream': { schema } } }, ...failure };
}

/** Paths under the server's `/api`, as the routes in demo/backend/routes.ts and assistant.ts. */
function paths(): Record<string, Record<string, Operation>> {
  const auth = ['auth'];
  const users = ['users'];
  return {
    '/health': {
      get: {
        operationId: 'health',
        tags: ['meta'],
        summary: 'Liveness',
        ...open,
        responses: ok(jsonSchema(z.object({ ok: z.literal(true) }))),
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'openApiDocument',
        tags: ['meta'],
        summary: 'This document',
        ...open,
        responses: ok(jsonSchema(z.record(z.string(), z.unknown()))),
      },
    },
    '/auth/login': {
      post: {
        operationId: 'login',
        tags: auth,
        summary: 'Sign in (demo / demo): a token pair',
        ...open,
        requestBody: body('LoginBody'),
        responses: ok(ref('Tokens')),
      },
    },
    '/auth/refresh': {
      post: {
        operationId: 'refresh',
        tags: auth,
        summary: 'A new token pair for a refresh token',
        description: 'Rotated: a refresh token works once; used twice, it revokes the session.',
        ...open,
        requestBody: body('RefreshBody'),
        responses: ok(ref('Tokens')),
      },
    },
    '/auth/expire': {
      post: {
        operationId: 'expire',
        tags: auth,
        summary: "Demo only: expire the caller's access token now",
        responses: { ...noContent, ...failure },
      },
    },
    '/auth/me': {
      get: {
        operationId: 'me',
        tags: auth,
        summary: 'The signed-in user',
        responses: ok(ref('User')),
      },
    },
    '/users': {
      get: {
        operationId: 'listUsers',
        tags: users,
        summary: 'One page of users, filtered',
        parameters: queryParameters(listUsersQuerySchema),
        responses: ok(ref('UserPage')),
      },
      post: {
        operationId: 'createUser',
        tags: users,
        summary: 'Create a user',
        requestBody: body('CreateUserBody'),
        responses: ok(ref('User'), 201, 'Created'),
      },
    },
    '/users/{id}': {
      get: {
        operationId: 'getUser',
        tags: users,
        summary: 'One user by id',
        parameters: [idParameter],
        responses: ok(ref('User')),
      },
      put: {
        operationId: 'replaceUser',
        tags: users,
        summary: 'Change some fields of a user (as PATCH)',
        parameters: [idParameter],
        requestBody: body('UpdateUserBody'),
        responses: ok(ref('User')),
      },
      patch: {
        operationId: 'updateUser',
        tags: users,
        summary: 'Change some fields of a user',
        parameters: [idParameter],
        requestBody: body('UpdateUserBody'),
        responses: ok(ref('User')),
      },
      delete: {
        operationId: 'deleteUser',
        tags: users,
        summary: 'Delete a user',
        parameters: [idParameter],
        responses: { ...noContent, ...failure },
      },
    },
    '/jobs': {
      post: {
        operationId: 'startJob',
        tags: ['jobs'],
        summary: 'Start a job (queued → running → done | failed)',
        requestBody: body('StartJobBody'),
        responses: ok(ref('Job'), 201, 'Created'),
      },
    },
    '/jobs/{id}': {
      get: {
        operationId: 'getJob',
        tags: ['jobs'],
        summary: "A job's state and progress",
        parameters: [idParameter],
        responses: ok(ref('Job')),
      },
    },
    '/feed': {
      get: {
        operationId: 'pollFeed',
        tags: ['feed'],
        summary: 'Long-poll: the events after a cursor',
        description:
          'Held open until an event newer than the cursor, or `wait` seconds (at most 10).',
        parameters: queryParameters(feedQuerySchema),
        responses: ok(ref('FeedBatch')),
      },
    },
    '/events': {
      get: {
        operationId: 'ticks',
        tags: ['realtime'],
        summary: 'Server-sent ticks (`event: tick`), resumed by Last-Event-ID',
        description:
          'The server ends the stream every 15 s; a GET stream reconnects with the last id.',
        responses: sse(ref('Tick'), 'One tick per second'),
      },
    },
    '/stream': {
      get: {
        operationId: 'story',
        tags: ['realtime'],
        summary: 'Chunked text, a sentence every `delay` ms',
        ...open,
        parameters: [
          {
            name: 'delay',
            in: 'query',
            required: false,
            schema: jsonSchema(z.int().min(0).max(5_000)),
          },
        ],
        responses: {
          200: {
            description: 'The story',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
    '/chat/completions': {
      post: {
        operationId: 'chatCompletions',
        tags: ['realtime'],
        summary: 'OpenAI-compatible chat completion, streamed token by token',
        description:
          'Ends with `data: [DONE]`. `simulate=rate-limit`: the gateway answers 429 with Retry-After.',
        parameters: [
          {
            name: 'simulate',
            in: 'query',
            required: false,
            schema: jsonSchema(z.literal('rate-limit')),
          },
        ],
        requestBody: body('ChatCompletionBody'),
        responses: sse(ref('ChatCompletionChunk'), 'One chunk per token'),
      },
    },
    '/attachments': {
      post: {
        operationId: 'uploadAttachment',
        tags: ['files'],
        summary: 'Store an attachment (multipart: a `file` part and an optional `note`)',
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['file'],
                properties: {
                  file: { type: 'string', format: 'binary' },
                  note: { type: 'string' },
                },
              },
            },
          },
        },
        responses: ok(jsonSchema(attachmentSchema), 201, 'Created'),
      },
    },
    '/exports/users': {
      get: {
        operationId: 'exportUsers',
        tags: ['files'],
        summary: "The month's users as CSV, named 用户列表-<month>.csv in Content-Disposition",
        description: '`include=deleted` is refused with 403 and the reason as `{ message, code }`.',
        parameters: queryParameters(exportQuery),
        responses: {
          200: {
            description: 'The CSV file (UTF-8 with a BOM)',
            content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } },
          },
          ...failure,
        },
      },
    },
    '/fail/404': {
      get: {
        operationId: 'failNotFound',
        tags: ['failures'],
        summary: 'A 404 on purpose',
        ...open,
        responses: { 404: { description: 'Not found', ...json(ref('Error')) } },
      },
    },
    '/fail/500': {
      get: {
        operationId: 'failServer',
        tags: ['failures'],
        summary: 'A 500 on purpose',
        ...open,
        responses: { 500: { description: 'Server error', ...json(ref('Error')) } },
      },
    },
    '/fail/business': {
      get: {
        operationId: 'failBusiness',
        tags: ['failures'],
        summary: 'A 200 whose envelope carries business code 40013',
        ...open,
        responses: ok(ref('Envelope')),
      },
    },
    '/fail/malformed': {
      get: {
        operationId: 'failMalformed',
        tags: ['failures'],
        summary: 'A 200 with broken JSON',
        ...open,
        responses: ok(ref('User')),
      },
    },
    '/slow': {
      get: {
        operationId: 'slow',
        tags: ['failures'],
        summary: 'An answer after `ms` milliseconds',
        ...open,
        parameters: [
          {
            name: 'ms',
            in: 'query',
            required: false,
            schema: jsonSchema(z.int().min(0).max(30_000)),
          },
        ],
        responses: ok(jsonSchema(z.object({ tookMs: z.int() }))),
      },
    },
  };
}

/** The server prefix every path of the document lives under. */
export const API_PREFIX = '/api';

let cached: JsonObject | undefined;

/** The document (built once: the schemas do not change while the server runs). */
export function demoOpenApiDocument(): JsonObject {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'axios-api-kit demo backend',
      version: '1.0.0',
      description:
        'The in-memory backend of `npm run demo`. Also: a WebSocket at /api/socket and socket.io at /api/socket.io (not HTTP operations, so not listed here).',
    },
    servers: [{ url: API_PREFIX }],
    tags: [
      { name: 'auth', description: 'Sign-in, refresh and the signed-in user' },
      { name: 'users', description: 'Users: list, read, create, update and delete' },
      { name: 'jobs', description: 'Background jobs, polled until they settle' },
      { name: 'feed', description: 'The long-polled change feed' },
      { name: 'realtime', description: 'Streams: server-sent events and chunked text' },
      { name: 'files', description: 'An attachment upload and a CSV export' },
      { name: 'failures', description: 'Failures on purpose, one per ApiError kind' },
      { name: 'meta', description: 'Health and this document' },
    ],
    security: [{ bearer: [] }],
    paths: paths(),
    components: {
      schemas: components(),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
  return cached;
}
