// Issue 13, gap 6: a URL that cannot be placed is kind 'validation' (part 'url', the detail says
// what was wrong) through every adapter; the fetch adapter used to report it as 'network'
// (Node's fetch wraps the ERR_INVALID_URL TypeError in "Failed to parse URL from …").
import { describe, expect, it } from 'vitest';
import { openEventStream, streamText } from '../../src/realtime';
import { kit, useOracle } from './helpers/oracle';

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
