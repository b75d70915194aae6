// Allocation per request: bytes of heap each client allocates per call, over the network (the
// bench server, concurrency 1) and through the in-memory adapter of overhead.ts. Measured in a
// child process (bench/alloc-child.ts) with a 64 MB young generation, so that no GC runs inside
// a batch and the heap grown over it is what the batch allocated.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './stats';

/** Bytes allocated per call by client, one entry per batch. */
export interface AllocationResult {
  network: Record<string, number[]>;
  memory: Record<string, number[]>;
  calls: number;
}

export async function measureAllocation(
  baseURL: string,
  rounds: number,
  calls: number,
  log: (line: string) => void,
): Promise<AllocationResult> {
  const child = fork(
    fileURLToPath(new URL('./alloc-child.ts', import.meta.url)),
    [baseURL, String(rounds), String(calls)],
    {
      execArgv: [
        '--expose-gc',
        '--min-semi-space-size=64',
        '--max-semi-space-size=64',
        '--import',
        'tsx',
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const result = await new Promise<Omit<AllocationResult, 'calls'>>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('allocation run took over 5 minutes'));
    }, 300_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as Omit<AllocationResult, 'calls'>);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`allocation child exited with ${code} before answering`));
    });
  });
  child.kill();
  for (const [where, byName] of Object.entries(result)) {
    log(
      `  allocation per call (${where}): ${Object.entries(byName)
        .map(
          ([name, values]) =>
            `${name} ${(median(values) / 1024).toFixed(1)} KB (${values.length} batches)`,
        )
        .join(', ')}`,
    );
  }
  return { ...result, calls };
}
