import type { Client } from './clients';
import { collect, slice } from './harness';
import { balancedOrder } from './stats';

/** One request-rate scenario: what each call does, how many per slice, how many at once. */
export interface ThroughputScenario {
  key: string;
  title: string;
  call(client: Client, i: number): Promise<unknown>;
  count: number;
  concurrency: number;
}

/** Requests per second of each client, one entry per round (same index = same round). */
export interface ThroughputResult {
  scenario: ThroughputScenario;
  rounds: number;
  rps: Record<string, number[]>;
  /** Client CPU µs per request, per round. */
  cpu: Record<string, number[]>;
  errors: Record<string, number>;
  /** Clients left out because their warm-up failed, with the first error. */
  skipped: Record<string, string>;
}

export interface ThroughputPlan {
  rounds: number;
  warmup: number;
  /** Upper bound on one slice, so a stuck client cannot stall the run. */
  maxSliceMs: number;
  log(line: string): void;
}

/**
 * Warm every client up, then run the scenario round by round: in round r every client runs one
 * slice, in the order `balancedOrder` gives round r, so each client follows every other one equally
 * often over a cycle (no GC is forced unless `BENCH_GC` asks for one: see `collect`).
 */
export async function runThroughput(
  scenario: ThroughputScenario,
  clients: Client[],
  plan: ThroughputPlan,
): Promise<ThroughputResult> {
  const rps: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  const errors: Record<string, number> = {};
  const skipped: Record<string, string> = {};
  const running: Client[] = [];
  for (const client of clients) {
    const warm = await slice(
      (i) => scenario.call(client, i),
      plan.warmup,
      scenario.concurrency,
      plan.maxSliceMs,
    );
    if (warm.errors > 0) {
      skipped[client.name] = describe(warm.firstError);
      plan.log(
        `  ${scenario.key}: ${client.name} skipped, warm-up failed: ${skipped[client.name]}`,
      );
      continue;
    }
    running.push(client);
    rps[client.name] = [];
    cpu[client.name] = [];
    errors[client.name] = 0;
  }
  for (let round = 0; round < plan.rounds; round++) {
    for (const client of balancedOrder(running, round)) {
      collect();
      const result = await slice(
        (i) => scenario.call(client, i),
        scenario.count,
        scenario.concurrency,
        plan.maxSliceMs,
      );
      rps[client.name]!.push(result.rps);
      cpu[client.name]!.push(result.cpuPerCall);
      errors[client.name]! += result.errors;
    }
    plan.log(
      `  ${scenario.key} round ${round + 1}/${plan.rounds}: ${running
        .map((c) => `${c.name} ${Math.round(rps[c.name]!.at(-1)!)}`)
        .join(', ')}`,
    );
  }
  return { scenario, rounds: plan.rounds, rps, cpu, errors, skipped };
}

/** One line for an error of any shape. */
export function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 200);
  return String(error).slice(0, 200);
}

/** Per-round ratio a/b of two clients' request rates. */
export function ratios(result: ThroughputResult, a: string, b: string): number[] {
  const ra = result.rps[a];
  const rb = result.rps[b];
  if (!ra || !rb) return [];
  return ra.map((value, i) => value / rb[i]!);
}

/** Per-round ratio of CPU throughput (calls per CPU second), a/b: b's CPU per call over a's. */
export function cpuRatios(result: ThroughputResult, a: string, b: string): number[] {
  const ca = result.cpu[a];
  const cb = result.cpu[b];
  if (!ca || !cb) return [];
  return ca.map((value, i) => cb[i]! / value);
}
