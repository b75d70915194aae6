import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttp } from '../../src/request';
import { startServer, type TestServer } from './request-servers';

let api: TestServer;
let foreign: TestServer;
const seen: Array<{ server: string; auth: string | undefined }> = [];

function recorder(name: string) {
  return startServer((req, res) => {
    seen.push({ server: name, auth: req.headers.authorization });
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
  });
}

beforeAll(async () => {
  api = await recorder('api');
  foreign = await recorder('foreign');
});
afterAll(async () => {
  await Promise.all([api.close(), foreign.close()]);
});

describe('the token stays on the API origin (two loopback servers)', () => {
  it('reaches the API, never the foreign server: absolute URL, per-request baseURL, other host name', async () => {
    const http = createHttp({
      baseURL: `${api.url}/v1`,
      loading: false,
      auth: { getToken: () => 'SECRET' },
    });
    seen.length = 0;
    await http.get('/me');
    await http.get(`${foreign.url}/steal`);
    await http.get('/steal', { baseURL: foreign.url });
    await http.get('/steal', { baseURL: `${foreign.url}/v1/` });
    // Same port, other host name: another origin too.
    await http.get(api.url.replace('127.0.0.1', 'localhost').concat('/x')).catch(() => undefined);
    expect(seen[0]).toEqual({ server: 'api', auth: 'Bearer SECRET' });
    const leaked = seen.slice(1).filter((s) => s.auth !== undefined);
    expect(leaked).toEqual([]);
    expect(seen.filter((s) => s.server === 'foreign')).toHaveLength(3);
  });

  it('a 401 from the foreign server never triggers a refresh', async () => {
    const refused = await startServer((_req, res) => res.writeHead(401).end());
    let refreshes = 0;
    const http = createHttp({
      baseURL: api.url,
      loading: false,
      auth: {
        getToken: () => 'SECRET',
        refresh: async () => {
          refreshes += 1;
          return 'NEW';
        },
      },
    });
    await expect(http.get(`${refused.url}/x`)).rejects.toMatchObject({ status: 401 });
    expect(refused.requests[0]?.headers.authorization).toBeUndefined();
    expect(refreshes).toBe(0);
    await refused.close();
  });
});
