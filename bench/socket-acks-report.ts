// The socket acknowledgement bench's figures and how BENCHMARKS.md shows them (the run itself is
// bench/socket-acks.ts; this file loads no socket library, so rendering the report stays light).
import { formatNumber, formatRatio, summarize } from './stats';

export const BARE_WS = 'bare ws';
export const BARE_WS_AGAIN = 'bare ws again (A/A control)';
export const KIT_SOCKET = 'kit createSocket';
export const BARE_IO = 'bare socket.io-client';
export const BARE_IO_AGAIN = 'bare socket.io-client again (A/A control)';
export const KIT_SOCKET_IO = 'kit createSocketIo';

/** The overhead the issue allows: the kit's round trip at most 10% over the bare one. */
const TARGET = 1.1;
/** How far the A/A control may stray from 1.00× for a ratio to be judged. */
const NOISE = 0.05;

/** Round trips of one client: summaries over every ack, and each round's own p50 and p99 (µs). */
export interface SocketAckResult {
  acks: number;
  rounds: number;
  clients: string[];
  p50: Record<string, number>;
  p99: Record<string, number>;
  roundP50: Record<string, number[]>;
  roundP99: Record<string, number[]>;
  errors: Record<string, number>;
  firstError?: string;
  bundles: { title: string; minified?: number; gzip?: number; error?: string }[];
}

function ratiosOf(per: Record<string, number[]>, a: string, b: string): number[] {
  const mine = per[a] ?? [];
  const ref = per[b] ?? [];
  return mine.map((value, i) => value / (ref[i] as number)).filter(Number.isFinite);
}

/** The target rows of BENCHMARKS.md: each kit socket against its bare client, and the A/A controls. */
export function socketAckTargets(
  result: SocketAckResult | undefined,
): { target: string; measured: string; met: boolean | undefined }[] {
  if (!result) return [];
  const rows: { target: string; measured: string; met: boolean | undefined }[] = [];
  const pairs = [
    [KIT_SOCKET, BARE_WS, BARE_WS_AGAIN],
    [KIT_SOCKET_IO, BARE_IO, BARE_IO_AGAIN],
  ] as const;
  for (const [kit, bare, again] of pairs) {
    for (const [label, per] of [
      ['p50', result.roundP50],
      ['p99', result.roundP99],
    ] as const) {
      const ratio = summarize(ratiosOf(per, kit, bare));
      const control = summarize(ratiosOf(per, again, bare));
      const all = label === 'p50' ? result.p50 : result.p99;
      // A tail the A/A control cannot reproduce within 5% is the machine's, not the client's: shown,
      // not judged.
      const judged = Math.abs(control.median - 1) <= NOISE;
      rows.push({
        target: `Socket ack round trip ${label}: ${kit} ≤ ${TARGET.toFixed(2)}× ${bare} (${formatNumber(result.acks)} acks each)`,
        measured: `${formatRatio(ratio)}; overall ${all[kit]?.toFixed(0)} µs vs ${all[bare]?.toFixed(0)} µs; A/A ${formatRatio(control)}${judged ? '' : ' (A/A off by more than 5%: too noisy to judge)'}`,
        met:
          result.errors[kit] || !Number.isFinite(ratio.median)
            ? false
            : judged
              ? ratio.median <= TARGET
              : undefined,
      });
    }
  }
  const io = result.bundles[0];
  rows.push({
    target: 'createSocketIo bundle cost, socket.io-client external (reported, no target)',
    measured:
      io?.gzip === undefined ? (io?.error ?? 'n/a') : `${(io.gzip / 1024).toFixed(2)} KB gzip`,
    met: undefined,
  });
  return rows;
}

const us = (value: number | undefined) =>
  value === undefined || !Number.isFinite(value) ? 'n/a' : `${value.toFixed(0)} µs`;

/** The BENCHMARKS.md section: the round-trip table and the bundle sizes. */
export function socketAckSection(result: SocketAckResult | undefined): string {
  if (!result) return '';
  const lines = [
    '## Socket acknowledgements',
    '',
    `Emit→ack round trips, one at a time, ${formatNumber(result.acks)} per client in ${result.rounds} rounds, interleaved`,
    'ack by ack (every client in turn, in an order shuffled each time; a minor GC before each round), against a peer in its own process: a `ws`',
    "server speaking the kit's `{ name, data, ack }` frames and a socket.io 4 server (websocket transport),",
    'both answering `sum(i, 1)`. The bare `ws` client matches replies to callers with a Map and nothing else;',
    'the kit adds zod checks of the arguments and the reply, the ack timer and the drop/close bookkeeping.',
    'Ratios are medians of per-round ratios.',
    '',
    '| Client | p50 | p99 | p50 / bare | p99 / bare | errors |',
    '|---|--:|--:|---|---|--:|',
  ];
  for (const name of result.clients) {
    const bare = name.includes('socket.io') || name.includes('SocketIo') ? BARE_IO : BARE_WS;
    const p50 = name === bare ? '—' : formatRatio(summarize(ratiosOf(result.roundP50, name, bare)));
    const p99 = name === bare ? '—' : formatRatio(summarize(ratiosOf(result.roundP99, name, bare)));
    lines.push(
      `| ${name} | ${us(result.p50[name])} | ${us(result.p99[name])} | ${p50} | ${p99} | ${result.errors[name] ?? 0} |`,
    );
  }
  if (result.firstError) lines.push('', `First error: ${result.firstError}`);
  lines.push(
    '',
    'Bundle cost (Vite production build, minified, gzip level 9):',
    '',
    '| Bundle | minified | gzip |',
    '|---|--:|--:|',
    ...result.bundles.map((b) =>
      b.error
        ? `| ${b.title} | failed: ${b.error} | |`
        : `| ${b.title} | ${formatNumber(b.minified ?? Number.NaN)} B | ${formatNumber(b.gzip ?? Number.NaN)} B |`,
    ),
  );
  return `${lines.join('\n')}\n`;
}
