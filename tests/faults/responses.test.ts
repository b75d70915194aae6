import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineEndpoint } from '../../src/api';
import type { Http } from '../../src/request';
import { expectApiError, kit, useOracle } from './helpers/oracle';
import { json, raw, startServer } from './helpers/servers';

useOracle();

const userSchema = z.object({ id: z.string(), name: z.string(), age: z.number().int() });

function getUser(http: Http) {
  return defineEndpoint({
    method: 'GET',
    path: '/users/:id',
    params: z.object({ id: z.string() }),
    response: userSchema,
    http,
  });
}

/** A server answering every request with the same status, content type and body. */
async function answering(status: number, type: string, body: string) {
  const server = await startServer((_req, res) => raw(res, status, type, body));
  return { server, http: kit({ baseURL: server.origin, retry: false }) };
}

describe('response faults', () => {
  it('malformed JSON with 200: kind validation, status 200, the raw text kept', async () => {
    const { http } = await answering(200, 'application/json', '{"id":"u1","name":');
    const error = await expectApiError(http.get('/users/u1'), { kind: 'validation', status: 200 });
    expect(error.response?.data).toBe('{"id":"u1","name":');
    const endpointError = await expectApiError(getUser(http)({ params: { id: 'u1' } }), {
      kind: 'validation',
      status: 200,
    });
    expect(endpointError.response?.data).toBe('{"id":"u1","name":');
  });

  it('an empty 200 on a JSON endpoint: kind validation, never undefined', async () => {
    const { http } = await answering(200, 'application/json', '');
    const error = await expectApiError(getUser(http)({ params: { id: 'u1' } }), {
      kind: 'validation',
      status: 200,
    });
    expect(error.part).toBe('response');
    expect(error.issues?.length).toBeGreaterThan(0);
  });

  it('an HTML page with 200 (captive portal, SPA fallback): kind validation, the page kept', async () => {
    const page = '<!doctype html><html><body>Sign in to the Wi-Fi</body></html>';
    const { http } = await answering(200, 'text/html; charset=utf-8', page);
    const error = await expectApiError(getUser(http)({ params: { id: 'u1' } }), {
      kind: 'validation',
      status: 200,
    });
    expect(error.response?.data).toBe(page);
    expect(error.message).not.toContain('<html>');
  });

  describe('a body that fails its schema: kind validation, issues and the raw body attached', () => {
    const cases: Array<[string, unknown, string]> = [
      ['missing field', { id: 'u1', name: 'Ada' }, 'age'],
      ['wrong type', { id: 'u1', name: 'Ada', age: '36' }, 'age'],
      ['null', null, ''],
      ['null field', { id: 'u1', name: null, age: 36 }, 'name'],
    ];
    for (const [label, body, path] of cases) {
      it(label, async () => {
        const server = await startServer((_req, res) => json(res, 200, body));
        const http = kit({ baseURL: server.origin, retry: false });
        const promise = getUser(http)({ params: { id: 'u1' } });
        const error = await expectApiError(promise, { kind: 'validation', status: 200 });
        expect(error.part).toBe('response');
        expect(error.endpoint).toBe('GET /users/:id');
        expect(error.response?.data).toEqual(body);
        expect(error.issues?.[0]?.path.join('.')).toBe(path);
      });
    }
  });

  it('a not-ok business code: kind business with the code and the server message', async () => {
    const server = await startServer((_req, res) =>
      json(res, 200, { code: 40_001, message: 'Quota exceeded', data: null }),
    );
    const http = kit({ baseURL: server.origin, envelope: {}, retry: false });
    const error = await expectApiError(getUser(http)({ params: { id: 'u1' } }), {
      kind: 'business',
      status: 200,
    });
    expect(error.code).toBe(40_001);
    expect(error.message).toBe('Quota exceeded');
    expect(error.response?.data).toEqual({ code: 40_001, message: 'Quota exceeded', data: null });
  });

  it('a business message of megabytes stays a short message, the body is kept', async () => {
    const message = 'boom '.repeat(400_000);
    const server = await startServer((_req, res) =>
      json(res, 200, { code: 1, message, data: null }),
    );
    const http = kit({ baseURL: server.origin, envelope: {}, retry: false });
    const error = await expectApiError(http.get('/x'), { kind: 'business' });
    expect(error.response?.data).toMatchObject({ code: 1, message });
  });

  it('an ok envelope resolves with the inner data, validated', async () => {
    const server = await startServer((_req, res) =>
      json(res, 200, { code: 0, message: 'ok', data: { id: 'u1', name: 'Ada', age: 36 } }),
    );
    const http = kit({ baseURL: server.origin, envelope: {}, retry: false });
    await expect(getUser(http)({ params: { id: 'u1' } })).resolves.toEqual({
      id: 'u1',
      name: 'Ada',
      age: 36,
    });
  });

  describe('4xx/5xx bodies: the message stays short, the body is kept', () => {
    const big = JSON.stringify({ error: 'x'.repeat(3 * 1024 * 1024) });
    const cases: Array<[number, string, string]> = [
      [404, 'application/json', ''],
      [400, 'application/json', '{"message":"name is required","field":"name"}'],
      [500, 'text/plain', 'Internal Server Error: stack trace at line 42'],
      [502, 'text/html', '<html><body><h1>502 Bad Gateway</h1></body></html>'],
      [503, 'application/json', '{"broken":'],
      [500, 'application/json', big],
      [413, 'text/plain', 'y'.repeat(2 * 1024 * 1024)],
    ];
    for (const [status, type, body] of cases) {
      it(`${status} ${type} (${body.length} bytes)`, async () => {
        const { http } = await answering(status, type, body);
        const error = await expectApiError(getUser(http)({ params: { id: 'u1' } }), {
          kind: 'http',
          status,
        });
        const kept = error.response?.data;
        const keptText = typeof kept === 'string' ? kept : JSON.stringify(kept);
        if (body === '') expect(kept === '' || kept === undefined || kept === null).toBe(true);
        else expect(keptText).toBe(body);
        expect(error.message).not.toContain('xxxxxxxx');
        expect(error.message).not.toContain('yyyyyyyy');
        expect(error.message).not.toContain('stack trace');
      });
    }
  });

  it('JSON holding __proto__ and constructor.prototype keys leaves Object.prototype clean', async () => {
    const body =
      '{"id":"u1","name":"Ada","age":36,"__proto__":{"polluted":"yes"},' +
      '"constructor":{"prototype":{"polluted":"yes"}},"nested":{"__proto__":{"polluted":"yes"}}}';
    const server = await startServer((_req, res) => raw(res, 200, 'application/json', body));
    const envelopeServer = await startServer((_req, res) =>
      raw(res, 200, 'application/json', `{"code":0,"__proto__":{"polluted":"yes"},"data":${body}}`),
    );
    const http = kit({ baseURL: server.origin, retry: false });
    const enveloped = kit({ baseURL: envelopeServer.origin, envelope: {}, retry: false });
    const user = await getUser(http)({ params: { id: 'u1' } });
    expect(user).toEqual({ id: 'u1', name: 'Ada', age: 36 });
    expect(Object.getPrototypeOf(user)).toBe(Object.prototype);
    const loose = defineEndpoint({
      method: 'GET',
      path: '/loose',
      response: z.looseObject({ id: z.string() }),
      http: enveloped,
    });
    const value = (await loose()) as Record<string, unknown>;
    expect(value.id).toBe('u1');
    const { data } = await http.get('/raw');
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
