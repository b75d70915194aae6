// Issue 13, gap 6: a URL that cannot be placed is kind 'validation' (part 'url', the detail says
// what was wrong) through every adapter; the fetch adapter used to report it as 'network'
// (Node's fetch wraps the ERR_INVALID_URL TypeError in "Failed to parse URL from …").
import { describe, expect, it } from 'vitest';
import { openEventStream, streamText } from '../../src/realtime';
import { kit, useOracle } from './helpers/oracle';
import { startServer } from './helpers/servers';

useOracle();

const cases = [
  ['relative, with no page to resolve it', '/api', '/orders', /relative.*absolute baseURL/],
  ['a space in the host', undefined, 'http://exa mple.test/x', /not a well-formed address/],
  ['an unclosed IPv6 bracket', undefined, 'http://[::1/x', /not a well-formed address/],
] as const;

describe.each(['http', 'fetch'] as const)('the %s adapter', (adapter) => {
  it.each(cases)(
    '%s: kind validation, part url, the detail says why',
    async (_, baseURL, url, why) => {
      const http = kit({ loading: false, ...(baseURL ? { baseURL } : {}) });
      const error = await http.get(url, { adapter }).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'validation', part: 'url', message: http.messages.url });
      expect((error as { detail?: string }).detail).toMatch(why);
    },
  );
});

describe('streams (the fetch adapter underneath)', () => {
  it('openEventStream ends at once with kind validation instead of reconnecting', async () => {
    const http = kit({ baseURL: '/api' });
    const stream = openEventStream('/events', { http, onEvent: () => undefined });
    await expect(stream.done).rejects.toMatchObject({ kind: 'validation', part: 'url' });
  });

  it('streamText rejects with kind validation', async () => {
    const http = kit({ baseURL: 'http://exa mple.test' });
    await expect(
      streamText({ url: '/t', adapter: 'fetch' }, { http, onChunk: () => undefined }),
    ).rejects.toMatchObject({ kind: 'validation', part: 'url' });
  });
});

// A browser's fetch reports a URL it cannot parse as a bare TypeError, with no code to follow
// (Chromium: "Failed to execute 'fetch' on 'Window': Failed to parse URL from …").
const browserFetch: typeof fetch = async (input) => {
  throw new TypeError(
    `Failed to execute 'fetch' on 'Window': Failed to parse URL from ${String(input)}`,
  );
};

describe("a browser's fetch, which gives no code for a URL it cannot parse", () => {
  it.each(cases.slice(1))(
    '%s: kind validation, part url, not retried as network',
    async (_, __, url) => {
      const errors: unknown[] = [];
      const http = kit({ loading: false, onError: (e) => errors.push(e) });
      http.defaults.env = { ...http.defaults.env, fetch: browserFetch };
      const error = await http.get(url, { adapter: 'fetch' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'validation', part: 'url', message: http.messages.url });
      expect(errors).toHaveLength(1);
    },
  );

  it('a well-formed URL whose fetch fails that way is still a network failure', async () => {
    const http = kit({ loading: false, retry: false });
    http.defaults.env = { ...http.defaults.env, fetch: browserFetch };
    const error = await http
      .get('http://127.0.0.1:9/x', { adapter: 'fetch' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network' });
  });
});

/** A URL object whose `href` getter throws (a subclass, or one an app's code tampered with). */
function throwingHref(base: string): string {
  class Tampered extends URL {
    override get href(): string {
      throw new Error('no href today');
    }
  }
  return new Tampered('/t', base) as unknown as string;
}

describe('a URL object: its href, never its toString; an unreadable href is refused', () => {
  it('streamText and openEventStream take a URL object as its href (they threw TypeError, read as network)', async () => {
    const api = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
    });
    const http = kit({ baseURL: api.origin });
    const url = new URL('/t', api.origin);
    url.toString = () => 'http://[::1/never';
    await expect(
      streamText({ url: url as unknown as string }, { http, onChunk: () => undefined }),
    ).resolves.toBe('hello');
    // Not an event stream: refused as such (the URL itself was fine), not reconnected as 'network'.
    const stream = openEventStream(url as unknown as string, { http, onEvent: () => undefined });
    await expect(stream.done).rejects.toMatchObject({ kind: 'validation', part: 'response' });
    expect(api.arrived.map((a) => a.url)).toEqual(['/t', '/t']);
  });

  it('an href that throws: kind validation, part url, the detail says why, onError once, nothing sent', async () => {
    const api = await startServer();
    const errors: unknown[] = [];
    const http = kit({ baseURL: api.origin, onError: (e) => errors.push(e) });
    const refused = {
      kind: 'validation',
      part: 'url',
      message: http.messages.url,
      detail: expect.stringMatching(/^href: .*no href today/),
    };
    await expect(http.get(throwingHref(api.origin))).rejects.toMatchObject(refused);
    await expect(
      streamText({ url: throwingHref(api.origin) }, { http, onChunk: () => undefined }),
    ).rejects.toMatchObject(refused);
    const stream = openEventStream(throwingHref(api.origin), { http, onEvent: () => undefined });
    await expect(stream.done).rejects.toMatchObject(refused);
    // openEventStream tells its own onError, not the instance's.
    expect(errors).toHaveLength(2);
    expect(api.arrived).toEqual([]);
  });
});
