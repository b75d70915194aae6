// Socket acknowledgements: emit→ack round trips, the kit's two socket kinds against the bare
// clients they wrap, in one run, interleaved, with an A/A control for each; and what
// createSocketIo costs in a bundle with socket.io-client external. `npm run bench -- --only=sockets`.
import { type ChildProcess, fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Socket as IoSocket, io as ioClient } from 'socket.io-client';
import { WebSocket } from 'ws';
import * as z from 'zod';
import { createSocket, createSocketIo, type Socket } from '../src/realtime';
import { total, viteBuild } from './bundle';
import { collect } from './harness';
import {
  BARE_IO,
  BARE_IO_AGAIN,
  BARE_WS,
  BARE_WS_AGAIN,
  KIT_SOCKET,
  KIT_SOCKET_IO,
  type SocketAckResult,
} from './socket-acks-report';
import { quantile } from './stats';
import { describe } from './throughput';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const events = { sum: z.tuple([z.number(), z.number()]) };
const acks = { sum: z.tuple([z.number()]) };

interface Ports {
  ws: number;
  io: number;
}

/** One way to emit `sum(i, 1)` and wait for its acknowledgement. */
interface AckClient {
  name: string;
  open(ports: Ports): Promise<{ call(i: number): Promise<unknown>; close(): void }>;
}

/** The kit's own frames over a bare `ws`, with the least code that matches replies to callers. */
const bareWs = (name: string): AckClient => ({
  name,
  async open(ports) {
    const socket = new WebSocket(`ws://127.0.0.1:${ports.ws}/ws`);
    const waiting = new Map<number, (value: unknown) => void>();
    let id = 0;
    socket.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { ack: number; data: unknown[] };
      const resolve = waiting.get(frame.ack);
      waiting.delete(frame.ack);
      resolve?.(frame.data[0]);
    });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return {
      call(i) {
        id += 1;
        const ack = id;
        return new Promise((resolve) => {
          waiting.set(ack, resolve);
          socket.send(JSON.stringify({ name: 'sum', data: [i, 1], ack }));
        });
      },
      close: () => socket.close(),
    };
  },
});

const kitSocket: AckClient = {
  name: KIT_SOCKET,
  async open(ports) {
    let opened: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => {
      opened = resolve;
    });
    const socket: Socket<typeof events, typeof acks> = createSocket(
      `ws://127.0.0.1:${ports.ws}/ws`,
      { events, acks, WebSocket, onOpen: () => opened() },
    );
    await ready;
    return { call: (i) => socket.emitWithAck('sum', i, 1), close: () => socket.close() };
  },
};

const ioOptions = { transports: ['websocket'], forceNew: true, reconnection: false };

const bareIo = (name: string): AckClient => ({
  name,
  async open(ports) {
    const socket: IoSocket = ioClient(`http://127.0.0.1:${ports.io}`, ioOptions);
    await new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(undefined));
      socket.once('connect_error', reject);
    });
    return { call: (i) => socket.emitWithAck('sum', i, 1), close: () => socket.disconnect() };
  },
});

const kitSocketIo: AckClient = {
  name: KIT_SOCKET_IO,
  async open(ports) {
    let opened: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => {
      opened = resolve;
    });
    const socket = createSocketIo(`http://127.0.0.1:${ports.io}`, {
      io: ioClient,
      events,
      acks,
      ioOptions: { transports: ['websocket'] },
      onOpen: () => opened(),
    });
    await ready;
    return { call: (i) => socket.emitWithAck('sum', i, 1), close: () => socket.close() };
  },
};

/** A reproducible source of randomness (mulberry32). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A shuffled copy (Fisher–Yates). */
function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

async function startPeer(): Promise<{ ports: Ports; stop(): Promise<void> }> {
  const child: ChildProcess = fork(
    fileURLToPath(new URL('./socket-acks-server.ts', import.meta.url)),
    [],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const ports = await new Promise<Ports>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket peer did not start in 20 s')), 20_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as Ports);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`socket peer exited with ${code}`));
    });
  });
  return {
    ports,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 3000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * `rounds × perRound` round trips per client, one ack at a time, interleaved ack by ack across the
 * clients (a minor GC before every round), after `warmup` acks each. Bounded: a round stops at
 * `maxRoundMs`.
 */
export async function runSocketAcks(options: {
  quick: boolean;
  log: (line: string) => void;
}): Promise<SocketAckResult> {
  const { log } = options;
  const plan = options.quick
    ? { rounds: 4, perRound: 250, warmup: 200, maxRoundMs: 5000 }
    : { rounds: 20, perRound: 500, warmup: 1000, maxRoundMs: 20_000 };
  const clients = [
    bareWs(BARE_WS),
    kitSocket,
    bareWs(BARE_WS_AGAIN),
    bareIo(BARE_IO),
    kitSocketIo,
    bareIo(BARE_IO_AGAIN),
  ];
  const names = clients.map((c) => c.name);
  const order = clients.map((_, i) => i);
  const random = seeded(17);
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]]));
  const roundP50 = Object.fromEntries(names.map((n) => [n, [] as number[]]));
  const roundP99 = Object.fromEntries(names.map((n) => [n, [] as number[]]));
  const errors = Object.fromEntries(names.map((n) => [n, 0]));
  let firstError: string | undefined;
  const peer = await startPeer();
  const open = await Promise.all(clients.map((c) => c.open(peer.ports)));
  try {
    for (const connection of open) {
      for (let i = 0; i < plan.warmup; i++) await connection.call(i);
    }
    // Interleaved ack by ack: each ack of a round goes to every client in turn, so all of them meet
    // the same load, second by second, on a shared machine. The order is shuffled each time: a fixed
    // rotation gave each client a fixed predecessor, and a ws client after a socket.io one was
    // ~8% slower than after another ws client (the A/A control showed it).
    for (let round = 0; round < plan.rounds; round++) {
      collect();
      const times = names.map(() => [] as number[]);
      const deadline = performance.now() + plan.maxRoundMs;
      for (let i = 0; i < plan.perRound && performance.now() < deadline; i++) {
        for (const index of shuffle(order, random)) {
          const name = names[index] as string;
          const connection = open[index] as (typeof open)[number];
          const start = performance.now();
          try {
            const reply = await connection.call(i);
            if (reply !== i + 1) throw new Error(`wrong reply ${String(reply)} to sum(${i}, 1)`);
            times[index]?.push((performance.now() - start) * 1000);
          } catch (error) {
            errors[name] = (errors[name] ?? 0) + 1;
            firstError ??= `${name}: ${describe(error)}`;
          }
        }
      }
      names.forEach((name, index) => {
        const mine = times[index] ?? [];
        samples[name]?.push(...mine);
        roundP50[name]?.push(quantile(mine, 0.5));
        roundP99[name]?.push(quantile(mine, 0.99));
      });
    }
  } finally {
    for (const connection of open) connection.close();
    await peer.stop();
  }
  const result: SocketAckResult = {
    acks: Math.min(...names.map((n) => samples[n]?.length ?? 0)),
    rounds: plan.rounds,
    clients: names,
    p50: Object.fromEntries(names.map((n) => [n, quantile(samples[n] ?? [], 0.5)])),
    p99: Object.fromEntries(names.map((n) => [n, quantile(samples[n] ?? [], 0.99)])),
    roundP50,
    roundP99,
    errors,
    ...(firstError ? { firstError } : {}),
    bundles: await socketBundles(log),
  };
  for (const name of names) {
    log(
      `  ${name}: p50 ${result.p50[name]?.toFixed(1)} µs, p99 ${result.p99[name]?.toFixed(1)} µs over ${samples[name]?.length} acks${errors[name] ? `, ${errors[name]} errors` : ''}`,
    );
  }
  return result;
}

const external = [
  /^axios($|\/)/,
  /^zod($|\/)/,
  /^nprogress($|\/)/,
  /^eventsource-parser($|\/)/,
  /^socket\.io-client($|\/)/,
];

/** Vite builds of the socket entries: the kit's code alone, and socket.io-client for scale. */
async function socketBundles(log: (line: string) => void): Promise<SocketAckResult['bundles']> {
  const outDir = join(root, 'node_modules', '.cache', 'axios-api-kit-bench');
  await mkdir(outDir, { recursive: true });
  const realtime = JSON.stringify(join(root, 'src', 'realtime'));
  const entries = [
    {
      key: 'socket-io',
      title: 'createSocketIo (socket.io-client, axios, zod external)',
      source: `export { createSocketIo } from ${realtime};`,
      external,
    },
    {
      key: 'socket',
      title: 'createSocket (axios, zod external)',
      source: `export { createSocket } from ${realtime};`,
      external,
    },
    {
      key: 'socket-both',
      title: 'createSocket + createSocketIo (axios, zod external)',
      source: `export { createSocket, createSocketIo } from ${realtime};`,
      external,
    },
    {
      key: 'socket-io-client',
      title: "socket.io-client's io alone (what the app adds for socket.io)",
      source: "export { io } from 'socket.io-client';",
      external: undefined,
    },
  ];
  const bundles: SocketAckResult['bundles'] = [];
  for (const entry of entries) {
    const file = join(outDir, `${entry.key}.ts`);
    await writeFile(file, entry.source);
    try {
      const built = await viteBuild(file, entry.external);
      const size = total(built.initial);
      bundles.push({ title: entry.title, minified: size.minified, gzip: size.gzip });
      log(`  bundle ${entry.key}: ${size.minified} B min, ${size.gzip} B gzip`);
    } catch (error) {
      bundles.push({ title: entry.title, error: describe(error) });
    }
  }
  return bundles;
}
