import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineEndpoint } from '../../src/api';
import { type ApiError, isApiError } from '../../src/request';
import { kit, useOracle } from './helpers/oracle';
import { json, raw, startServer } from './helpers/servers';

useOracle();

/** A JSON body nested `depth` levels deep: `{"child":{"child":…null…}}`. */
function deepBody(depth: number): string {
  return `${'{"child":'.repeat(depth)}null${'}'.repeat(depth)}`;
}

interface Node {
  child: Node | null;
}
const node: z.ZodType<Node> = z.object({ child: z.lazy(() => node.nullable()) });

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const reason = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
  if (!isApiError(reason)) throw new Error(`expected an ApiError, got ${String(reason)}`);
  return reason;
}

describe('defineEndpoint: every failure of a call is an ApiError', () => {
  it('a recursive response schema against a 50,000-deep body: kind validation, the RangeError kept', async () => {
    const server = await startServer((_req, res) =>
      raw(res, 200, 'application/json', deepBody(50_000)),
    );
    const errors: unknown[] = [];
    const http = kit({ baseURL: server.origin, onError: (e) => errors.push(e) });
    const getTree = defineEndpoint({ method: 'GET', path: '/tree', response: node, http });
    const error = await rejection(getTree());
    expect(error.kind).toBe('validation');
    expect(error.part).toBe('response');
    expect(error.cause).toBeInstanceOf(RangeError);
    expect(error.message).toBe(http.messages.validation);
    expect(errors).toEqual([error]);
  });

  it('a response transform that throws: kind validation, its error kept as the cause', async () => {
    const server = await startServer((_req, res) => json(res, 200, { n: 1 }));
    const http = kit({ baseURL: server.origin });
    const boom = new Error('transform failed');
    const get = defineEndpoint({
      method: 'GET',
      path: '/n',
      response: z.object({ n: z.number() }).transform(() => {
        throw boom;
      }),
      http,
    });
    const error = await rejection(get());
    expect(error.kind).toBe('validation');
    expect(error.part).toBe('response');
    expect(error.cause).toBe(boom);
    expect(error.response?.data).toEqual({ n: 1 });
  });

  it('an async response refinement that throws: the same', async () => {
    const server = await startServer((_req, res) => json(res, 200, { n: 1 }));
    const http = kit({ baseURL: server.origin });
    const boom = new TypeError('async check failed');
    let runs = 0;
    const get = defineEndpoint({
      method: 'GET',
      path: '/n',
      // zod runs an async check once on its sync pass (and drops that promise) before parsing
      // again asynchronously: only the second run throws, so no promise is left unobserved.
      response: z.object({ n: z.number() }).refine(async () => {
        runs += 1;
        if (runs > 1) throw boom;
        return true;
      }),
      http,
    });
    const error = await rejection(get());
    expect(error.kind).toBe('validation');
    expect(error.cause).toBe(boom);
  });

  it('an input transform that throws: kind validation, nothing sent', async () => {
    const server = await startServer((_req, res) => json(res, 200, {}));
    const http = kit({ baseURL: server.origin });
    const boom = new Error('bad input transform');
    const post = defineEndpoint({
      method: 'POST',
      path: '/things',
      body: z.object({ a: z.string() }).transform(() => {
        throw boom;
      }),
      response: z.object({}),
      http,
    });
    const error = await rejection(post({ body: { a: 'x' } }));
    expect(error.kind).toBe('validation');
    expect(error.part).toBe('body');
    expect(error.cause).toBe(boom);
    expect(server.arrived).toHaveLength(0);
  });
});
