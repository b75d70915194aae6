import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import axios from 'axios';
import { median } from './stats';

/** The benchmark server, running in its own process. */
export interface BenchServer {
  baseURL: string;
  /** Server clock minus client clock, in ms (estimated from the fastest of several round trips). */
  clockOffset: number;
  stop(): Promise<void>;
}

const serverPath = fileURLToPath(new URL('./server.ts', import.meta.url));

export async function startServer(): Promise<BenchServer> {
  const child: ChildProcess = fork(serverPath, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench server did not start in 20 s')), 20_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve((message as { port: number }).port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bench server exited with ${code}`));
    });
  });
  let stopping = false;
  child.on('exit', (code, signal) => {
    // Every client would fail from here on: say why instead of reporting a wall of errors.
    if (!stopping) process.stderr.write(`bench server exited early (${code ?? signal})\n`);
  });
  const baseURL = `http://127.0.0.1:${port}`;
  const clockOffset = await measureClockOffset(baseURL);
  return {
    baseURL,
    clockOffset,
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (child.exitCode !== null) {
          resolve();
          return;
        }
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

/** Wall-clock ms with sub-ms resolution: the same formula the server stamps events with. */
export const now = (): number => performance.timeOrigin + performance.now();

// NTP-style: the server's stamp sits at the midpoint of the fastest round trips.
async function measureClockOffset(baseURL: string): Promise<number> {
  const samples: { rtt: number; offset: number }[] = [];
  for (let i = 0; i < 40; i++) {
    const t0 = now();
    const { data } = await axios.get<{ t: number }>(`${baseURL}/clock`);
    const t1 = now();
    samples.push({ rtt: t1 - t0, offset: data.t - (t0 + t1) / 2 });
  }
  samples.sort((a, b) => a.rtt - b.rtt);
  return median(samples.slice(0, 8).map((s) => s.offset));
}

/** Result of one timed slice of requests. */
export interface SliceResult {
  rps: number;
  /** Client-process CPU time (user + system) per finished call, in µs: steadier than rps on a busy machine. */
  cpuPerCall: number;
  done: number;
  errors: number;
  firstError?: unknown;
}

/**
 * Run `count` calls of `op` with `concurrency` workers, stopping early at `maxMs`; requests per second
 * over the calls that finished.
 */
export async function slice(
  op: (i: number) => Promise<unknown>,
  count: number,
  concurrency: number,
  maxMs: number,
): Promise<SliceResult> {
  let started = 0;
  let done = 0;
  let errors = 0;
  let firstError: unknown;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const deadline = start + maxMs;
  const worker = async () => {
    while (started < count && performance.now() < deadline) {
      const i = started++;
      try {
        await op(i);
      } catch (error) {
        errors++;
        firstError ??= error;
      }
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return {
    rps: (done / elapsed) * 1000,
    cpuPerCall: (cpu.user + cpu.system) / done,
    done,
    errors,
    firstError,
  };
}

/**
 * A forced GC between slices, off by default: garbage is collected as it comes, inside the measured
 * windows, as in an app (a forced minor GC before each slice kept the cost of allocation out of
 * them). BENCH_GC=full|minor (with --expose-gc) brings one back, to compare; see bench/notes.md.
 */
export function collect(kind = process.env.BENCH_GC ?? 'none'): void {
  const gc = (globalThis as { gc?: (options?: { type: string; execution: string }) => void }).gc;
  if (!gc || kind === 'none') return;
  if (kind === 'full') {
    gc();
    gc();
  } else gc({ type: 'minor', execution: 'sync' });
}

export const hasGc = (): boolean => typeof (globalThis as { gc?: unknown }).gc === 'function';
