import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeXhr } from './fake-xhr';

// axios decides at import whether its xhr adapter exists, so the kit is imported after the stub.
let kit: typeof import('../../src/realtime');
let request: typeof import('../../src/request');

beforeAll(async () => {
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  kit = await import('../../src/realtime');
  request = await import('../../src/request');
});

afterAll(() => {
  vi.unstubAllGlobals();
});

/** The request the kit has just opened (axios opens it after its interceptors ran). */
async function nextXhr(count: number): Promise<FakeXhr> {
  await vi.waitFor(() => expect(FakeXhr.instances.length).toBe(count));
  const xhr = FakeXhr.instances[count - 1] as FakeXhr;
  await vi.waitFor(() => expect(xhr.readyState).toBe(1));
  return xhr;
}

describe('streamText (browser: XHR readyState 3)', () => {
  it('hands each new slice of responseText over while loading and resolves with the whole text', async () => {
    const chunks: string[] = [];
    const result = kit.streamText(
      { url: 'http://api.test/stream', method: 'post', data: { q: 1 } },
      { http: request.createHttp(), onChunk: (chunk) => chunks.push(chunk) },
    );
    const xhr = await nextXhr(1);
    expect(xhr.method).toBe('POST');
    expect(xhr.responseType).toBe('text');
    xhr.push('hel');
    expect(chunks).toEqual(['hel']);
    // Within axios's 333 ms progress throttle: still delivered at once.
    xhr.push('lo ');
    xhr.push('world');
    expect(chunks).toEqual(['hel', 'lo ', 'world']);
    // Bytes that arrive with the end (after the last progress event) are not lost.
    xhr.finish(200, '!');
    await expect(result).resolves.toBe('hello world!');
    expect(chunks.join('')).toBe('hello world!');
    expect(xhr.listenerCount('progress')).toBe(0);
  });

  it('rejects with kind canceled when aborted mid-stream', async () => {
    const controller = new AbortController();
    const chunks: string[] = [];
    const result = kit.streamText(
      { url: 'http://api.test/stream' },
      { http: request.createHttp(), signal: controller.signal, onChunk: (c) => chunks.push(c) },
    );
    const xhr = await nextXhr(2);
    xhr.push('partial');
    controller.abort();
    await expect(result).rejects.toMatchObject({ name: 'ApiError', kind: 'canceled' });
    expect(xhr.aborted).toBe(true);
    expect(chunks).toEqual(['partial']);
  });

  it('rejects an HTTP error with an ApiError', async () => {
    const result = kit.streamText(
      { url: 'http://api.test/stream' },
      { http: request.createHttp(), onChunk: () => undefined },
    );
    const xhr = await nextXhr(3);
    xhr.finish(503, 'down');
    const error = await result.catch((e: unknown) => e);
    expect(request.isApiError(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'http', status: 503, response: { data: 'down' } });
  });

  it('hands back an exception onChunk throws on the bytes that come with the end', async () => {
    const bug = new Error('bug in onChunk');
    const result = kit.streamText(
      { url: 'http://api.test/stream' },
      {
        http: request.createHttp(),
        onChunk: (chunk) => {
          if (chunk === '!') throw bug;
        },
      },
    );
    const xhr = await nextXhr(4);
    xhr.push('hello');
    xhr.finish(200, '!');
    await expect(result).rejects.toBe(bug);
  });
});
