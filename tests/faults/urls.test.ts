import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineEndpoint } from '../../src/api';
import { type Http, isApiError } from '../../src/request';
import { expectApiError, kit, useOracle } from './helpers/oracle';
import { json, type LoopbackServer, startServer } from './helpers/servers';

useOracle();

const TOKEN = 'tok-url-secret';

/** Every host name resolves to the loopback, so look-alike hosts reach the test's servers. */
const loopbackLookup = async () => ({ address: '127.0.0.1', family: 4 as const });

/** The same for fetch: connect to the loopback whatever the host (the kit judged the URL before). */
const loopbackFetch: typeof fetch = (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  url.hostname = '127.0.0.1';
  return fetch(new Request(url, request));
};

async function twoOrigins() {
  const echo = (label: string) => (server: LoopbackServer) =>
    server.handle((req, res) => json(res, 200, { at: label, url: req.url }));
  const api = await startServer();
  echo('api')(api);
  const foreign = await startServer();
  echo('foreign')(foreign);
  const http = kit({
    baseURL: `http://api.example.com:${api.port}/v1`,
    auth: { getToken: () => TOKEN },
    retry: false,
  });
  http.defaults.lookup = loopbackLookup;
  return { api, foreign, http };
}

function neverCarriedToken(server: LoopbackServer) {
  for (const seen of server.arrived) {
    expect(JSON.stringify(seen.headers)).not.toContain(TOKEN);
    expect(seen.headers.authorization ?? '').not.toMatch(/^Bearer/);
    expect(seen.headers['x-xsrf-token']).toBeUndefined();
  }
}

function userEndpoint(http: Http) {
  return defineEndpoint({
    method: 'GET',
    path: '/users/:id',
    params: z.object({ id: z.string() }),
    response: z.object({ at: z.string(), url: z.string() }),
    http,
  });
}

describe('URL faults', () => {
  describe('path params stay inside their segment', () => {
    const cases: Array<[string, string]> = [
      ['../admin', '/v1/users/..%2Fadmin'],
      ['a?x=1#', '/v1/users/a%3Fx%3D1%23'],
      ['%2F%2Fevil', '/v1/users/%252F%252Fevil'],
      ['//evil.com', '/v1/users/%2F%2Fevil.com'],
      ['\\evil', '/v1/users/%5Cevil'],
    ];
    for (const [id, path] of cases) {
      it(JSON.stringify(id), async () => {
        const { api, foreign, http } = await twoOrigins();
        await expect(userEndpoint(http)({ params: { id } })).resolves.toEqual({
          at: 'api',
          url: path,
        });
        expect(api.arrived.map((a) => a.url)).toEqual([path]);
        expect(foreign.arrived).toHaveLength(0);
      });
    }

    for (const id of ['', '.', '..']) {
      it(`${JSON.stringify(id)} is refused before any request`, async () => {
        const { api, http } = await twoOrigins();
        const error = await expectApiError(userEndpoint(http)({ params: { id } }), {
          kind: 'validation',
        });
        expect(error.part).toBe('params');
        expect(api.arrived).toHaveLength(0);
      });
    }
  });

  describe('absolute and tricky URLs never carry the token to a foreign origin', () => {
    const tricky = (port: number, apiPort: number): string[] => [
      `http://127.0.0.1:${port}/steal`,
      `//127.0.0.1:${port}/steal`,
      `/\\127.0.0.1:${port}/steal`,
      `http:127.0.0.1:${port}/steal`,
      `http://api.example.com.evil.com:${port}/steal`,
      `http://api.example.com:${apiPort}@api.example.com.evil.com:${port}/steal`,
      `http://api.example.com:${port}/steal`,
      ` http://evil.example:${port}/steal`,
      `\thttp://evil.example:${port}/steal`,
    ];
    // Every transport the kit uses in Node (XHR in a page: tests/e2e/xhr-urls.test.ts).
    for (const adapter of ['http', 'fetch'] as const) {
      it(`each goes nowhere with the token except the API origin (${adapter} adapter)`, async () => {
        const { api, foreign, http } = await twoOrigins();
        // Look-alike hosts resolve to the loopback: for fetch through its own dispatcher's lookup.
        if (adapter === 'fetch') http.defaults.env = { ...http.defaults.env, fetch: loopbackFetch };
        for (const url of tricky(foreign.port, api.port)) {
          const outcome = await http.get(url, { adapter }).then(
            (r) => r.data as { at: string },
            (e: unknown) => e,
          );
          if (outcome instanceof Error) {
            // Refused (an URL axios cannot place in Node): typed, and nothing leaked.
            // Node's fetch reports a URL it cannot place as a network failure ('fetch failed').
            const kind = adapter === 'fetch' && isApiError(outcome) ? outcome.kind : 'validation';
            expect(['validation', 'network']).toContain(kind);
            await expectApiError(Promise.reject(outcome), { kind, secrets: [TOKEN] });
          }
        }
        neverCarriedToken(foreign);
        // Four of them really reach the foreign server (so the check above means something).
        expect(foreign.arrived).toHaveLength(4);
        // What reached the API origin (a relative-looking URL joined onto the baseURL) may carry it.
        for (const seen of api.arrived) expect(seen.url.startsWith('/v1/')).toBe(true);
      });
    }

    it('a per-request baseURL on another origin is foreign', async () => {
      const { foreign, http } = await twoOrigins();
      await http.get('/steal', { baseURL: foreign.origin });
      neverCarriedToken(foreign);
      expect(foreign.arrived).toHaveLength(1);
    });

    it("the API's own origin in upper case is the same origin: the token goes there only", async () => {
      const { api, foreign, http } = await twoOrigins();
      await http.get(`HTTP://API.EXAMPLE.COM:${api.port}/v1/me`);
      expect(api.arrived[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
      await http.get(`HTTP://API.EXAMPLE.COM.EVIL.COM:${foreign.port}/v1/me`);
      neverCarriedToken(foreign);
      expect(foreign.arrived).toHaveLength(1);
    });
  });

  describe('data:, file: and javascript: URLs are refused before dispatch', () => {
    const urls = [
      'data:application/json,{"id":"x"}',
      'DATA:text/plain;base64,aGVsbG8=',
      'file:///etc/passwd',
      'javascript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
    ];
    for (const url of urls) {
      it(JSON.stringify(url), async () => {
        const { api, foreign, http } = await twoOrigins();
        const error = await expectApiError(http.get(url), { kind: 'validation', secrets: [TOKEN] });
        expect(error.message).not.toContain('passwd');
        await expectApiError(http.get('/x', { baseURL: url }), { kind: 'validation' });
        expect(api.arrived).toHaveLength(0);
        expect(foreign.arrived).toHaveLength(0);
      });
    }
  });
});
