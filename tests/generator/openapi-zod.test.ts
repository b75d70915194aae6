import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { unwrapEnvelope } from '../../scripts/openapi/envelope';
import { commonSegment, operationName, tagModuleName } from '../../scripts/openapi/naming';
import { readOperations } from '../../scripts/openapi/operations';
import { patternSample } from '../../scripts/openapi/pattern-sample';
import { cyclesOf } from '../../scripts/openapi/refs';
import { sampleOf } from '../../scripts/openapi/sample';
import type { JsonSchema, OpenApiDocument } from '../../scripts/openapi/types';
import {
  omitted,
  oneWayKeys,
  regexLiteral,
  toZod,
  type ZodContext,
} from '../../scripts/openapi/zod';
import { isoDate } from '../../src/api/schemas';

// The converter writes zod source; these tests run that source against real zod, so they check what
// the generated schemas accept and refuse, not only how they read.

function documentWith(schemas: Record<string, JsonSchema>): OpenApiDocument {
  return { openapi: '3.1.0', paths: {}, components: { schemas } };
}

function contextFor(document: OpenApiDocument, current?: string): ZodContext {
  const cycles = cyclesOf(document.components?.schemas ?? {});
  return {
    document,
    schemaConst: (name) => `${name[0]!.toLowerCase()}${name.slice(1)}Schema`,
    isCyclic: (target) => current !== undefined && (cycles.get(current)?.has(target) ?? false),
    kitImports: new Set(),
    notes: [],
  };
}

/** Evaluate converted components (in order) and return the named one, as the module would. */
function build(document: OpenApiDocument, order: string[], wanted: string): z.ZodType {
  const lines = order.map((name) => {
    const { expr } = toZod(document.components!.schemas![name], contextFor(document, name));
    return `const ${name[0]!.toLowerCase()}${name.slice(1)}Schema = ${expr};`;
  });
  const last = `${wanted[0]!.toLowerCase()}${wanted.slice(1)}Schema`;
  return new Function('z', 'isoDate', `${lines.join('\n')}\nreturn ${last};`)(z, isoDate);
}

function convert(schema: JsonSchema, schemas: Record<string, JsonSchema> = {}): z.ZodType {
  return build(
    documentWith({ ...schemas, Subject: schema }),
    [...Object.keys(schemas), 'Subject'],
    'Subject',
  );
}

describe('JSON Schema to zod', () => {
  it('turns date-time into the kit isoDate, and checks email and uuid', () => {
    const schema = convert({
      type: 'object',
      required: ['at', 'email', 'id'],
      properties: {
        at: { type: 'string', format: 'date-time' },
        email: { type: 'string', format: 'email' },
        id: { type: 'string', format: 'uuid' },
      },
    });
    const value = {
      at: '2026-01-02T03:04:05.000Z',
      email: 'a@example.com',
      id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    };
    expect(schema.parse(value)).toEqual({ ...value, at: new Date(value.at) });
    expect(schema.safeParse({ ...value, email: 'nope' }).success).toBe(false);
    expect(schema.safeParse({ ...value, id: 'nope' }).success).toBe(false);
    expect(schema.safeParse({ ...value, at: 'yesterday' }).success).toBe(false);
  });

  it('keeps int64 safe: an integer past 2^53 is refused, not rounded', () => {
    const int64 = convert({ type: 'integer', format: 'int64' });
    expect(int64.parse(9_007_199_254_740_991)).toBe(9_007_199_254_740_991);
    expect(int64.safeParse(2 ** 53 + 2).success).toBe(false);
    expect(int64.safeParse(1.5).success).toBe(false);
    expect(convert({ type: 'integer', format: 'int32' }).safeParse(2 ** 31).success).toBe(false);
  });

  it('reads nullable (3.0) and type arrays (3.1)', () => {
    expect(convert({ type: 'string', nullable: true }).parse(null)).toBeNull();
    expect(convert({ type: ['string', 'null'] }).parse(null)).toBeNull();
    const both = convert({ type: ['string', 'integer'] });
    expect(both.parse('a')).toBe('a');
    expect(both.parse(2)).toBe(2);
    expect(both.safeParse(true).success).toBe(false);
    expect(convert({ type: 'string' }).safeParse(null).success).toBe(false);
  });

  it('reads enums of strings, numbers and null', () => {
    const status = convert({ type: 'string', enum: ['a', 'b'] });
    expect(status.parse('b')).toBe('b');
    expect(status.safeParse('c').success).toBe(false);
    const numbers = convert({ type: 'integer', enum: [1, 2, null] });
    expect(numbers.parse(2)).toBe(2);
    expect(numbers.parse(null)).toBeNull();
    expect(numbers.safeParse(3).success).toBe(false);
  });

  it('makes properties optional unless required, and fills defaults that fit', () => {
    const schema = convert({
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string' },
        size: { type: 'integer', default: 10 },
        // springfox writes numbers as strings now and then: a default that does not fit is left out
        page: { type: 'integer', default: '1' },
        note: { type: 'string' },
      },
    });
    expect(schema.parse({ name: 'x' })).toEqual({ name: 'x', size: 10 });
    expect(schema.safeParse({}).success).toBe(false);
  });

  it('reads additionalProperties as a record, a catch-all or a loose object', () => {
    const map = convert({ type: 'object', additionalProperties: { type: 'integer' } });
    expect(map.parse({ a: 1 })).toEqual({ a: 1 });
    expect(map.safeParse({ a: 'x' }).success).toBe(false);
    const loose = convert({
      type: 'object',
      properties: { a: { type: 'string' } },
      additionalProperties: true,
    });
    expect(loose.parse({ a: 'x', b: 2 })).toEqual({ a: 'x', b: 2 });
    const typed = convert({
      type: 'object',
      properties: { a: { type: 'string' } },
      additionalProperties: { type: 'string' },
    });
    expect(typed.safeParse({ a: 'x', b: 2 }).success).toBe(false);
    const plain = convert({ type: 'object', properties: { a: { type: 'string' } } });
    expect(plain.parse({ a: 'x', b: 2 })).toEqual({ a: 'x' });
  });

  it('merges allOf of a reference and inline properties with .extend', () => {
    const document = documentWith({
      NewPet: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
      Pet: {
        allOf: [
          { $ref: '#/components/schemas/NewPet' },
          { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } },
        ],
      },
    });
    const source = toZod(document.components!.schemas!.Pet, contextFor(document, 'Pet')).expr;
    expect(source).toMatch(/^newPetSchema\.extend\(/);
    const pet = build(document, ['NewPet', 'Pet'], 'Pet');
    expect(pet.parse({ id: 1, name: 'Rex' })).toEqual({ id: 1, name: 'Rex' });
    expect(pet.safeParse({ name: 'Rex' }).success).toBe(false);
  });

  it('turns oneOf with a discriminator into a discriminated union tagged from the mapping', () => {
    const schemas: Record<string, JsonSchema> = {
      Cat: {
        type: 'object',
        required: ['kind'],
        properties: { kind: { type: 'string' }, lives: { type: 'integer' } },
      },
      Dog: {
        type: 'object',
        required: ['kind'],
        properties: { kind: { type: 'string' }, bark: { type: 'boolean' } },
      },
    };
    const pet = convert(
      {
        oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
        discriminator: { propertyName: 'kind', mapping: { cat: '#/components/schemas/Cat' } },
      },
      schemas,
    );
    expect(pet.parse({ kind: 'cat', lives: 9 })).toEqual({ kind: 'cat', lives: 9 });
    expect(pet.parse({ kind: 'Dog', bark: true })).toEqual({ kind: 'Dog', bark: true });
    expect(pet.safeParse({ kind: 'cow' }).success).toBe(false);
    const any = convert({ anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] });
    expect(any.parse(null)).toBeNull();
    expect(any.parse(3)).toBe(3);
  });

  it('reads arrays of references, and a recursive schema through a getter', () => {
    const document = documentWith({
      Node: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string' },
          children: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
        },
      },
    });
    const source = toZod(document.components!.schemas!.Node, contextFor(document, 'Node')).expr;
    expect(source).toContain('get children()');
    const node = build(document, ['Node'], 'Node');
    const tree = { name: 'a', children: [{ name: 'b', children: [{ name: 'c' }] }] };
    expect(node.parse(tree)).toEqual(tree);
    expect(node.safeParse({ name: 'a', children: [{ children: [] }] }).success).toBe(false);
    expect([...cyclesOf(document.components!.schemas!).keys()]).toEqual(['Node']);
  });

  it('writes a pattern as a regex literal that cannot be closed early', () => {
    expect(regexLiteral('^a/b$')).toBe('/^a\\/b$/');
    expect(regexLiteral('[/]')).toBe('/[/]/');
    expect(regexLiteral('(')).toBeUndefined();
    expect(regexLiteral('a\nb')).toBeUndefined();
    const schema = convert({ type: 'string', pattern: '^x/;globalThis.hacked=1;//' });
    expect(schema.parse('x/;globalThis.hacked=1;//')).toBe('x/;globalThis.hacked=1;//');
    expect('hacked' in globalThis).toBe(false);
  });

  it('makes samples the generated schemas accept', () => {
    const schemas: Record<string, JsonSchema> = {
      Tag: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string', minLength: 3, pattern: '^[a-z]+$' } },
      },
      Thing: {
        type: 'object',
        required: ['id', 'at', 'tags', 'count', 'ratio', 'mail'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          at: { type: 'string', format: 'date-time' },
          tags: { type: 'array', minItems: 2, items: { $ref: '#/components/schemas/Tag' } },
          count: { type: 'integer', minimum: 5, maximum: 9, multipleOf: 3 },
          ratio: { type: 'number', exclusiveMinimum: 2 },
          mail: { type: 'string', format: 'email' },
          kind: { type: 'string', enum: ['x', 'y'] },
        },
      },
    };
    const document = documentWith(schemas);
    const thing = build(document, ['Tag', 'Thing'], 'Thing');
    const sample = sampleOf(schemas.Thing, document, 'made');
    expect(thing.safeParse(sample).success).toBe(true);
  });
});

describe('samples for patterns', () => {
  // What backends write: Springdoc's @Pattern, FastAPI's OAuth2 password form, a phone number, a
  // code; none of them accepts a made-up word, and the generated test must still pass.
  it.each([
    ['^password$'],
    ['^[A-Z0-9]{6}$'],
    ['^1[3-9]\\d{9}$'],
    ['^(?:\\+?86)?1\\d{10}$'],
    ['^(CN|US)-\\d+$'],
    ['^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$'],
    ['^[\\u4e00-\\u9fa5]{2,10}$'],
    ['^#?([a-fA-F0-9]{6}|[a-fA-F0-9]{3})$'],
    ['^(?=.*[a-z])(?=.*[A-Z])(?=.*\\d)(?=.*[@$!%*?&])[A-Za-z\\d@$!%*?&]{8,}$'],
  ])('makes a sample %s accepts', (pattern) => {
    const property = { type: 'string', pattern, minLength: 2 } as const;
    const schema = convert({ type: 'object', required: ['v'], properties: { v: property } });
    const sample = sampleOf(
      { type: 'object', required: ['v'], properties: { v: property } },
      documentWith({}),
      'made',
    );
    expect(schema.safeParse(sample).success, JSON.stringify(sample)).toBe(true);
  });

  it('gives up on a pattern it cannot satisfy rather than make a wrong sample', () => {
    expect(patternSample('^(a)\\1$')).toBeUndefined();
    expect(patternSample('^\\d{3}$', 0, 2)).toBeUndefined();
    expect(patternSample('^1[3-9]\\d{9}$')).toBe('13111111111');
  });
});

describe('readOnly and writeOnly', () => {
  const account: JsonSchema = {
    type: 'object',
    required: ['id', 'name', 'password'],
    properties: {
      id: { type: 'integer', readOnly: true },
      name: { type: 'string' },
      password: { type: 'string', writeOnly: true },
    },
  };
  const document = documentWith({ Account: account });
  const ref: JsonSchema = { $ref: '#/components/schemas/Account' };
  const run = (expr: string) =>
    new Function('z', 'accountSchema', `return ${expr};`)(
      z,
      build(document, ['Account'], 'Account'),
    ) as z.ZodType;

  it('makes both optional in a component, which serves both ways', () => {
    const component = build(document, ['Account'], 'Account');
    expect(component.parse({ name: 'Ada' })).toEqual({ name: 'Ada' });
    expect(component.safeParse({ id: 1 }).success).toBe(false);
  });

  it('omits readOnly ones from a request built on the component, writeOnly ones from a response', () => {
    expect(oneWayKeys(document, ref, 'request')).toEqual(['id']);
    expect(oneWayKeys(document, ref, 'response')).toEqual(['password']);
    const request = run(omitted('accountSchema', oneWayKeys(document, ref, 'request')));
    expect(request.parse({ id: 5, name: 'Ada', password: 'pw' })).toEqual({
      name: 'Ada',
      password: 'pw',
    });
    const response = run(omitted('accountSchema', oneWayKeys(document, ref, 'response')));
    expect(response.parse({ id: 5, name: 'Ada', password: 'leaked' })).toEqual({
      id: 5,
      name: 'Ada',
    });
  });

  it('drops them from an inline schema on the side they do not travel, and keeps them required on the other', () => {
    const ctx = contextFor(document);
    const inRequest = toZod(account, { ...ctx, side: 'request' }).expr;
    const inResponse = toZod(account, { ...ctx, side: 'response' }).expr;
    expect(inRequest).not.toContain('id:');
    expect(inResponse).not.toContain('password:');
    expect(run(inRequest).safeParse({ name: 'Ada' }).success).toBe(false);
    expect(run(inResponse).parse({ id: 1, name: 'Ada' })).toEqual({ id: 1, name: 'Ada' });
  });
});

describe('forms and streams', () => {
  const document: OpenApiDocument = {
    openapi: '3.1.0',
    paths: {
      '/files': {
        post: {
          operationId: 'upload',
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': { schema: { $ref: '#/components/schemas/Upload' } },
            },
          },
          responses: { '204': { description: 'ok' } },
        },
      },
      '/search': {
        post: {
          operationId: 'search',
          requestBody: {
            content: {
              'application/x-www-form-urlencoded': {
                schema: { type: 'object', properties: { q: { type: 'string' } } },
              },
            },
          },
          responses: { '204': { description: 'ok' } },
        },
      },
      '/ticks': {
        get: {
          operationId: 'ticks',
          responses: {
            '200': {
              description: 'events',
              content: { 'text/event-stream': { schema: { $ref: '#/components/schemas/Tick' } } },
            },
          },
        },
      },
      '/chat': {
        post: {
          operationId: 'chat',
          responses: {
            '200': {
              description: 'events',
              content: {
                'text/event-stream': {
                  itemSchema: {
                    type: 'object',
                    properties: {
                      data: {
                        type: 'string',
                        contentSchema: {
                          type: 'object',
                          properties: { token: { type: 'string' } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
      '/log': {
        get: {
          operationId: 'log',
          responses: {
            '200': {
              description: 'lines',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        Upload: {
          type: 'object',
          required: ['files'],
          properties: {
            files: { type: 'array', items: { type: 'string', format: 'binary' } },
            note: { type: 'string' },
          },
        },
        Tick: { type: 'object', properties: { price: { type: 'number' } } },
      },
    },
  };
  const { endpoints, skipped } = readOperations(document, 'auto');
  const byName = new Map(endpoints.map((e) => [e.name, e]));

  it('reads a multipart body as a form of fields, a binary string as a Blob', () => {
    const upload = byName.get('upload')!;
    expect(upload.body).toMatchObject({ encoding: 'multipart', required: true });
    const expr = toZod(upload.body!.schema, { ...contextFor(document), form: true }).expr;
    const schema = new Function('z', `return ${expr};`)(z) as z.ZodType;
    const file = new Blob(['x']);
    expect(schema.parse({ files: [file], note: 'n' })).toEqual({ files: [file], note: 'n' });
    expect(schema.safeParse({ files: ['not a file'] }).success).toBe(false);
    // Outside a form, binary stays a string (JSON has no file).
    expect(toZod({ type: 'string', format: 'binary' }, contextFor(document)).expr).toBe(
      'z.string()',
    );
  });

  it('reads an event stream described as JSON as a stream of that data, from schema or itemSchema', () => {
    expect(byName.get('ticks')!.response).toMatchObject({
      kind: 'stream',
      schema: { $ref: '#/components/schemas/Tick' },
    });
    expect(byName.get('chat')!.response).toMatchObject({
      kind: 'stream',
      schema: { type: 'object', properties: { token: { type: 'string' } } },
    });
  });

  it('reads a url-encoded body as an object of fields', () => {
    expect(byName.get('search')!.body).toMatchObject({ encoding: 'urlencoded', required: false });
  });

  it('lists a text-only event stream, with the reason', () => {
    expect(skipped.map((s) => [s.operationId, s.reason])).toEqual([
      [
        'log',
        'it answers with text/event-stream whose events are not described as JSON: write it by hand with openEventStream or defineStream',
      ],
    ]);
  });
});

describe('the envelope', () => {
  const document = documentWith({
    User: { type: 'object', properties: { id: { type: 'integer' } } },
    Result: {
      type: 'object',
      properties: {
        code: { type: 'integer' },
        data: { $ref: '#/components/schemas/User' },
        msg: { type: 'string' },
      },
    },
    ApiResponse: {
      type: 'object',
      properties: {
        code: { type: 'integer' },
        type: { type: 'string' },
        message: { type: 'string' },
      },
    },
  });

  it('recognises { code, data, msg } and gives the data schema and example', () => {
    const inner = unwrapEnvelope(
      document,
      { $ref: '#/components/schemas/Result' },
      { code: 0, data: { id: 7 }, msg: 'ok' },
    );
    expect(inner).toEqual({
      schema: { $ref: '#/components/schemas/User' },
      optional: true,
      example: { id: 7 },
      messageKey: 'msg',
    });
  });

  it('leaves a schema with code and message but no data alone', () => {
    expect(
      unwrapEnvelope(document, { $ref: '#/components/schemas/ApiResponse' }, undefined),
    ).toBeUndefined();
  });
});

describe('names', () => {
  it.each([
    ['find pet by id', 'GET', '/pets/{id}', 'findPetById'],
    ['get-board', 'GET', '/board', 'getBoard'],
    ['listUsingGET_1', 'GET', '/users', 'list'],
    ['perform-search', 'POST', '/x', 'performSearch'],
    [undefined, 'GET', '/pets/{petId}/toys', 'getPetsByPetIdToys'],
    ['', 'DELETE', '/', 'delete'],
  ])('operationId %j on %s %s is %s', (id, method, path, name) => {
    expect(operationName(id, method, path)).toBe(name);
  });

  it('names a tag with no ASCII word after its operations common path', () => {
    expect(tagModuleName('用户管理', ['/api/user/list', '/api/user/{id}'])).toBe('user');
    expect(tagModuleName('Pet Store', ['/x'])).toBe('petStore');
    expect(commonSegment(['/a/{id}', '/b'])).toBeUndefined();
  });
});
