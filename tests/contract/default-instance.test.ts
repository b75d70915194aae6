// DESIGN.md "src/request": importing a layer's primitives (polling, realtime, `createHttp`) never
// builds the default instance; only importing `http` (src/request's barrel, src/api) does.
import { beforeEach, describe, expect, it, vi } from 'vitest';

let built = 0;

beforeEach(() => {
  vi.resetModules();
  built = 0;
  // Counts evaluations of the composition root in this fresh module graph.
  vi.doMock('../../src/request/http', async (importOriginal) => {
    built += 1;
    return importOriginal();
  });
});

describe('the default http is built only by those who import it', () => {
  it.each([
    ['src/core', () => import('../../src/core')],
    ['src/polling', () => import('../../src/polling')],
    ['src/realtime', () => import('../../src/realtime')],
    ['createHttp', () => import('../../src/request/create-http')],
  ])('importing %s does not build it', async (_name, load) => {
    const module = await load();
    expect(Object.keys(module).length).toBeGreaterThan(0);
    expect(built).toBe(0);
  });

  it('importing src/request (which exports `http`) builds it, once', async () => {
    const { http } = await import('../../src/request');
    await import('../../src/api');
    expect(typeof http.request).toBe('function');
    expect(built).toBe(1);
  });

  it('a stream opened without `http` loads the default instance when it first connects', async () => {
    const { streamText } = await import('../../src/realtime');
    expect(built).toBe(0);
    const controller = new AbortController();
    controller.abort();
    await expect(
      streamText({ url: '/text' }, { onChunk: () => undefined, signal: controller.signal }),
    ).rejects.toMatchObject({ kind: 'canceled' });
    expect(built).toBe(1);
  });
});
