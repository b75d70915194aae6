import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readText } from '../../src/realtime/read-text';

const bytes = new TextEncoder().encode('\ufeffhé 中文');

/** A web stream that yields `chunks`, then stays open forever unless `end` is set. */
function webStream(chunks: Uint8Array[], end = true) {
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      if (end) controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

/** Bytes cut one at a time, so every multi-byte character is split across chunks. */
const oneByOne = [...bytes].map((b) => new Uint8Array([b]));

describe('readText', () => {
  it('decodes a web ReadableStream with characters split across chunks, dropping the BOM', async () => {
    const pieces: string[] = [];
    await readText(webStream(oneByOne).stream, (text) => pieces.push(text));
    expect(pieces.join('')).toBe('hé 中文');
  });

  it('decodes a Node Readable the same way', async () => {
    const pieces: string[] = [];
    await readText(Readable.from(oneByOne.map((b) => Buffer.from(b))), (t) => pieces.push(t));
    expect(pieces.join('')).toBe('hé 中文');
  });

  it('ends a pending read at once on abort and cancels the body', async () => {
    const { stream, cancelled } = webStream([bytes], false);
    const controller = new AbortController();
    const pieces: string[] = [];
    const reading = readText(
      stream,
      (text) => {
        pieces.push(text);
        controller.abort(new Error('stop'));
      },
      controller.signal,
    );
    await expect(reading).rejects.toThrow('stop');
    expect(pieces).toEqual(['hé 中文']);
    expect(cancelled()).toBe(true);
  });

  it('ends a pending read of a quiet Node Readable on abort and destroys it', async () => {
    const body = new Readable({ read() {} });
    body.push(Buffer.from('x'));
    const controller = new AbortController();
    const reading = readText(body, () => controller.abort(new Error('stop')), controller.signal);
    await expect(reading).rejects.toThrow('stop');
    expect(body.destroyed).toBe(true);
  });

  it('rejects at once for an already aborted signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('before'));
    await expect(readText(webStream([bytes]).stream, () => {}, controller.signal)).rejects.toThrow(
      'before',
    );
  });
});
