import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineEndpoint } from '../../src/api';
import { isApiError } from '../../src/request';
import { kit, useOracle } from './helpers/oracle';
import { json, startServer } from './helpers/servers';

useOracle();

const paramsSchema = z.object({
  id: z.string().trim().min(1).max(30),
  n: z.coerce.number().int().min(0).max(1000),
});
const querySchema = z.object({
  q: z.string().max(50).optional(),
  page: z.coerce.number().int().positive().default(1),
  tags: z.array(z.string().min(1).max(10)).max(5).optional(),
});
const bodySchema = z.object({
  name: z.string().min(1).max(40),
  age: z.number().int().min(0).max(150),
  email: z.email().optional(),
  meta: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});

// Text that includes the characters URLs and JSON care about, and now and then a lone surrogate.
const tricky = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '',
    '.',
    '..',
    ' ',
    '../admin',
    'a?x=1#',
    '%2F%2Fevil',
    '//x',
    '\\x',
    'é',
    '+',
    '&=',
    '\uD800',
  ),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
const loose = fc.oneof(
  tricky,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);

/** Mostly a value the schema accepts, sometimes a tricky one. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: other });
/** A part: mostly of the right shape, sometimes anything at all. */
const part = <T>(shaped: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 9, arbitrary: shaped }, { weight: 1, arbitrary: fc.anything() });

const paramsArb = part(
  fc.record({
    id: mostly(fc.string({ minLength: 1, maxLength: 20 }), tricky),
    n: mostly(fc.integer({ min: 0, max: 1000 }), fc.constantFrom(-1, 1001, 1.5, '7', '', 'x')),
  }),
);
const queryArb = part(
  fc.record(
    {
      q: mostly(fc.string({ maxLength: 50 }), tricky),
      page: mostly(fc.integer({ min: 1, max: 5 }), fc.constantFrom(0, -1, '2', 'x')),
      tags: fc.array(mostly(fc.string({ minLength: 1, maxLength: 10 }), tricky), { maxLength: 4 }),
    },
    { requiredKeys: [] },
  ),
);
const bodyArb = part(
  fc.record(
    {
      name: mostly(fc.string({ minLength: 1, maxLength: 40 }), tricky),
      age: mostly(fc.integer({ min: 0, max: 150 }), fc.oneof(fc.integer(), fc.double())),
      email: mostly(fc.stringMatching(/^[a-z0-9]{1,8}@[a-z]{1,8}\.(com|org)$/), tricky),
      meta: fc.dictionary(
        fc.string({ maxLength: 6 }),
        mostly(fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)), loose),
        { maxKeys: 3 },
      ),
      extra: loose,
    },
    { requiredKeys: ['name', 'age'] },
  ),
);

/** Whether a string has a UTF-8 form (no lone surrogate), i.e. can be percent-encoded. */
function wellFormed(text: string): boolean {
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/** What a JSON round trip makes of a value (-0 becomes 0). */
const viaJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('defineEndpoint inputs (property)', () => {
  it('any params/query/body either validates and is sent exactly as parsed, or is rejected before any request', async () => {
    const server = await startServer((_req, res) => json(res, 200, { ok: true }));
    const http = kit({ baseURL: server.origin, retry: false });
    const endpoint = defineEndpoint({
      method: 'POST',
      path: '/items/:id/:n',
      params: paramsSchema,
      query: querySchema,
      body: bodySchema,
      response: z.object({ ok: z.literal(true) }),
      http,
    });

    const seen = { accepted: 0, rejected: 0, refusedLate: 0 };
    await fc.assert(
      fc.asyncProperty(paramsArb, queryArb, bodyArb, async (params, query, body) => {
        const before = server.arrived.length;
        const p = paramsSchema.safeParse(params);
        const q = querySchema.safeParse(query);
        const b = bodySchema.safeParse(body);
        const outcome = await endpoint({ params, query, body } as never).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        );
        // Refused while filling the path: '.', '..' and text with no UTF-8 form (a lone surrogate).
        const badSegment =
          p.success &&
          [p.data.id, String(p.data.n)].some((s) => s === '.' || s === '..' || !wellFormed(s));
        if (!p.success || !q.success || !b.success || badSegment) {
          // Rejected: typed, naming the first bad part, and nothing left the client.
          expect('error' in outcome, 'rejected').toBe(true);
          const error = (outcome as { error: unknown }).error;
          expect(isApiError(error), String(error)).toBe(true);
          if (!isApiError(error)) return;
          expect(error.kind).toBe('validation');
          const part = !p.success || badSegment ? 'params' : !q.success ? 'query' : 'body';
          expect(error.part).toBe(part);
          expect(server.arrived).toHaveLength(before);
          seen.rejected += 1;
          return;
        }
        // Every part valid. A query value with no UTF-8 form cannot go into a URL: refused, typed,
        // before anything is sent.
        const unencodable = Object.values(q.data)
          .flat()
          .some((v) => typeof v === 'string' && !wellFormed(v));
        if (unencodable) {
          expect('error' in outcome, 'rejected').toBe(true);
          if (!('error' in outcome)) return;
          expect(isApiError(outcome.error), String(outcome.error)).toBe(true);
          expect((outcome.error as { kind: string }).kind).toBe('validation');
          expect(server.arrived).toHaveLength(before);
          seen.refusedLate += 1;
          return;
        }
        seen.accepted += 1;
        expect(outcome, 'accepted').toHaveProperty('value');
        if (!('value' in outcome)) return;
        expect(outcome.value).toEqual({ ok: true });
        expect(server.arrived).toHaveLength(before + 1);
        const arrived = server.arrived[before]!;
        const url = new URL(arrived.url, 'http://x');
        expect(url.pathname).toBe(
          `/items/${encodeURIComponent(p.data.id)}/${encodeURIComponent(String(p.data.n))}`,
        );
        const sentQuery: Record<string, unknown> = {};
        for (const key of new Set(url.searchParams.keys())) {
          sentQuery[key] = key.endsWith('[]')
            ? url.searchParams.getAll(key)
            : url.searchParams.get(key);
        }
        const expectedQuery: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(q.data)) {
          if (value === undefined) continue;
          if (Array.isArray(value)) {
            if (value.length > 0) expectedQuery[`${key}[]`] = value.map(String);
          } else expectedQuery[key] = String(value);
        }
        expect(sentQuery).toEqual(expectedQuery);
        expect(JSON.parse(arrived.body)).toEqual(viaJson(b.data));
      }),
      {
        numRuns: 250,
        interruptAfterTimeLimit: 20_000,
        // Regressions found by this property, replayed on every run.
        examples: [
          [{ id: '\uD800', n: 0 }, {}, { name: 'a', age: 0 }],
          [{ id: '\uD800', n: 0 }, {}, { name: ' ', age: -5e-324 }],
          [{ id: 'a', n: 1 }, { q: '\uDC00' }, { name: 'a', age: 0 }],
        ],
      },
    );
    // Both branches are exercised, not just the rejection.
    expect(seen.accepted).toBeGreaterThan(50);
    expect(seen.rejected).toBeGreaterThan(50);
  }, 30_000);

  it('any response body either matches its schema and is returned as parsed, or rejects with the raw body', async () => {
    let next: unknown = null;
    const server = await startServer((_req, res) => json(res, 200, next));
    const http = kit({ baseURL: server.origin, retry: false });
    const responseSchema = z.object({
      id: z.string().min(1),
      tags: z.array(z.string()).default([]),
      score: z.number().nullable(),
    });
    const get = defineEndpoint({ method: 'GET', path: '/thing', response: responseSchema, http });
    const shaped = fc.record(
      {
        id: mostly(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue()),
        tags: mostly(fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), fc.jsonValue()),
        score: mostly(
          fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null)),
          fc.jsonValue(),
        ),
        extra: fc.jsonValue(),
      },
      { requiredKeys: ['id'] },
    );
    const seen = { ok: 0, invalid: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc
          .oneof({ weight: 9, arbitrary: shaped }, { weight: 1, arbitrary: fc.jsonValue() })
          .map(viaJson),
        async (body) => {
          next = body;
          const expected = responseSchema.safeParse(body);
          const outcome = await get().then(
            (value) => ({ value }),
            (error: unknown) => ({ error }),
          );
          if (expected.success) {
            seen.ok += 1;
            expect(outcome).toEqual({ value: expected.data });
            return;
          }
          seen.invalid += 1;
          expect('error' in outcome).toBe(true);
          const error = (outcome as { error: unknown }).error;
          expect(isApiError(error)).toBe(true);
          if (!isApiError(error)) return;
          expect(error.kind).toBe('validation');
          expect(error.part).toBe('response');
          expect(error.response?.data).toEqual(body);
          expect(error.issues?.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 200, interruptAfterTimeLimit: 20_000 },
    );
    expect(seen.ok).toBeGreaterThan(30);
    expect(seen.invalid).toBeGreaterThan(30);
  }, 30_000);
});
