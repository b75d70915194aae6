// Run by bench/alloc.ts in a process of its own, whose young generation is large enough that no
// GC runs during a batch: the heap grown over a batch of calls, from a full GC, is what the batch
// allocated. A batch that a GC interrupted anyway is thrown away.
import { PerformanceObserver } from 'node:perf_hooks';
import { axiosZod, bareAxios, type Client, zodios } from './clients';
import { kitFull, kitInstance } from './kit';
import { overheadCases } from './overhead';

const [baseURL, roundsArg, callsArg] = process.argv.slice(2);
const rounds = Number(roundsArg);
const calls = Number(callsArg);
const gc = (globalThis as { gc?: () => void }).gc;
/** Start times of the GCs seen (performance.now() clock). */
const gcs: number[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcs.push(entry.startTime);
}).observe({ entryTypes: ['gc'] });

interface Case {
  name: string;
  call(i: number): Promise<unknown>;
}

/** Bytes allocated per call, one entry per batch that no GC interrupted. */
async function measure(cases: Case[]): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const c of cases) {
    out[c.name] = [];
    for (let i = 0; i < 200; i++) await c.call(i);
  }
  for (let round = 0; round < rounds; round++) {
    for (const c of round % 2 === 0 ? cases : [...cases].reverse()) {
      gc?.();
      gc?.();
      await new Promise((resolve) => setImmediate(resolve));
      const start = performance.now();
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < calls; i++) await c.call(i);
      const after = process.memoryUsage().heapUsed;
      const end = performance.now();
      // GC entries reach the observer a little later: wait, then drop a batch one interrupted.
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (!gcs.some((t) => t >= start && t <= end)) out[c.name]!.push((after - before) / calls);
    }
  }
  return out;
}

const network = (make: (baseURL: string) => Client): Case => {
  const client = make(baseURL!);
  return { name: client.name, call: (i) => client.getUser((i % 100) + 1) };
};

const result = {
  network: await measure([bareAxios, axiosZod, kitInstance, kitFull, zodios].map(network)),
  memory: await measure(overheadCases().map((c) => ({ name: c.name, call: () => c.call() }))),
};
process.send?.(result);
