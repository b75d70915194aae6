// The kit's SSE parser against eventsource-parser (the reference it replaced), on the same streams
// cut into pieces every way: the same events, ids, names, data and retry values come out.
import { createParser } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { createSseParser, type SseMessage } from '../../src/realtime/sse-parse';

type Out = (SseMessage | { retry: number })[];

function viaKit(pieces: string[]): Out {
  const out: Out = [];
  const feed = createSseParser(
    (m) => out.push({ id: m.id, event: m.event, data: m.data }),
    (ms) => out.push({ retry: ms }),
  );
  for (const piece of pieces) feed(piece);
  return out;
}

function viaReference(pieces: string[]): Out {
  const out: Out = [];
  const parser = createParser({
    onEvent: (m) => out.push({ id: m.id, event: m.event, data: m.data }),
    onRetry: (ms) => out.push({ retry: ms }),
    onError: () => undefined,
  });
  for (const piece of pieces) parser.feed(piece);
  return out;
}

/** A small seeded generator, so a failure names a case that can be run again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const STREAMS = [
  'data: hello\n\n',
  'data:no space\n\ndata:  two spaces\n\n',
  '\uFEFFdata: after a BOM\n\n',
  ': comment\r\nevent: greet\r\ndata: line one\r\ndata: line two\r\r\n',
  'id: 7\nevent: tick\ndata: {"n":1}\n\nid\ndata\n\n',
  'data: a\r\rdata: b\r\n\r\ndata: c\n\n',
  'retry: 1500\nretry: 15x\nretry:\nretry: 0042\ndata: r\n\n',
  'id: with\u0000nul\ndata: x\n\nid: ok\nevent:\ndata: y\n\n',
  'id: only an id\n\nevent: no data\n\ndata\n\ndata:\ndata:\n\n',
  'unknown: field\nDATA: upper\ndatax: no\ndata: kept\n\n',
  `data: ${'long '.repeat(400)}\n\n: ${'x'.repeat(300)}\ndata: after a long comment\n\n`,
  'data: ünïcödé ✓ 😀\nevent: 事件\n\n',
  'data: no blank line at the end\n',
  'event: e\rid: 1\rdata: cr only\r\r',
  'data: x\n\n\n\n\ndata: y\n\n',
];

describe('createSseParser', () => {
  it.each(STREAMS.map((stream, i) => [i, stream] as const))(
    'stream %i gives what eventsource-parser gives, whole and cut anywhere',
    (_, stream) => {
      const whole = viaReference([stream]);
      expect(viaKit([stream])).toEqual(whole);
      // Every single cut, then every character alone, then random cuts.
      for (let at = 0; at <= stream.length; at += 1) {
        expect(viaKit([stream.slice(0, at), stream.slice(at)])).toEqual(whole);
      }
      expect(viaKit([...stream])).toEqual(whole);
      const next = random(stream.length);
      for (let round = 0; round < 50; round += 1) {
        const pieces: string[] = [];
        for (let at = 0; at < stream.length; ) {
          const size = Math.floor(next() * 8);
          pieces.push(stream.slice(at, at + size));
          at += size;
        }
        expect(viaKit(pieces)).toEqual(whole);
      }
    },
  );

  it('hands over an event as soon as a blank line ends it with a CR (no wait for more bytes)', () => {
    expect(viaKit(['data: now\r\r'])).toEqual([{ id: undefined, event: undefined, data: 'now' }]);
  });

  it('joins a line sent in many pieces once (linear, not quadratic)', () => {
    const pieces = Array.from({ length: 20_000 }, () => 'x'.repeat(50));
    const started = performance.now();
    const out = viaKit(['data: ', ...pieces, '\n\n']);
    expect(out).toHaveLength(1);
    expect((out[0] as SseMessage).data).toHaveLength(1_000_000);
    // Quadratic joining (rescanning the buffered megabyte per piece) takes seconds here.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
