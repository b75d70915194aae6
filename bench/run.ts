// `npm run bench` (full, writes BENCHMARKS.md) and `npm run bench:quick` (under a minute, writes
// bench/.out/BENCHMARKS.quick.md). Options: --only=overhead,allocation,throughput,feeds,spin,post-stream,soak,sockets,bundle  --out=<file>
// --render (rewrite BENCHMARKS.md from bench/.out/results-full.json, e.g. after editing notes.md)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureAllocation } from './alloc';
import { kitFileWeights, measureBundles } from './bundle';
import { axiosZod, bareAxios, kyClient, nativeFetch, ofetchClient, zodios } from './clients';
import { hasGc, startServer } from './harness';
import { kitEventStream, kitFull, kitInstance, kitLongPoll, kitStreamText } from './kit';
import {
  bareAxiosLongPoll,
  bareAxiosSse,
  bareFetchLongPoll,
  bareFetchSse,
  bareFetchStream,
  type FeedResult,
  type FeedScenario,
  runFeed,
  warmUpFeeds,
} from './latency';
import { runOverhead } from './overhead';
import {
  bareFetchPost,
  fetchEventSourcePost,
  kitDefineStream,
  measurePostStreamExtras,
} from './post-stream';
import { AXIOS_AGAIN, type RunContext, type RunResults, renderReport } from './report';
import { runSoak } from './soak';
import { runSocketAcks } from './socket-acks';
import { runSpin } from './spin';
import { describe, runThroughput, type ThroughputScenario } from './throughput';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const option = (name: string) =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const only = option('only')?.split(',');
const wants = (section: string) => !only || only.includes(section);
// Only a full run of every section writes BENCHMARKS.md and results-full.json (which --render reads).
const complete = !quick && !only;
const log = (line: string) => process.stdout.write(`${line}\n`);

// Quick mode bounds every slice by time as well, so it stays under a minute on a busy machine.
const plan = quick
  ? {
      rounds: 4,
      warmup: 100,
      maxSliceMs: 250,
      counts: { c1: 100, c32: 400, list: 30 },
      feedRounds: 2,
      // Long-poll rounds at ~1 ms apart land in one of two modes (each event finds the next request
      // waiting, or the client is a turn behind), decided by the machine's load: two rounds were
      // a coin toss. Before them, every long-poll consumer makes the same 1,000 requests.
      longPollRounds: 4,
      longPollWarmup: 1000,
      // The rates the issue names, scaled down: events 10 ms apart, ~1 ms apart, a 500/s burst, the
      // same burst from a server that pages 20 events per answer.
      longPoll: { events: 40, interval: 10 },
      longPollFast: { events: 200, interval: 1 },
      longPollBurst: { events: 200, interval: 2 },
      sse: { events: 20, interval: 10 },
      stream: { events: 20, interval: 10 },
      postStream: { events: 1000, interval: 1 },
      // Long-poll against an instant empty 200: each consumer polls for `windowMs` per round.
      spin: { rounds: 3, windowMs: 1500, maxRequests: 20_000 },
      soak: { requests: 1000, pollCycles: 1000, sessions: 50 },
      overhead: { rounds: 4, calls: 500 },
      allocation: { rounds: 4, calls: 100 },
    }
  : {
      // Many short rounds rather than a few long ones: on a shared machine the load changes from
      // second to second, and slices that run close together see the same load.
      // 72 rounds: four whole cycles of the balanced order for the nine throughput clients.
      rounds: 72,
      warmup: 400,
      maxSliceMs: 1500,
      counts: { c1: 100, c32: 640, list: 40 },
      feedRounds: 8,
      longPollRounds: 8,
      longPollWarmup: 2000,
      longPoll: { events: 200, interval: 10 },
      longPollFast: { events: 1000, interval: 1 },
      longPollBurst: { events: 1000, interval: 2 },
      sse: { events: 100, interval: 10 },
      stream: { events: 100, interval: 10 },
      postStream: { events: 1000, interval: 1 },
      spin: { rounds: 5, windowMs: 3000, maxRequests: 50_000 },
      soak: { requests: 10_000, pollCycles: 10_000, sessions: 500 },
      overhead: { rounds: 15, calls: 3000 },
      allocation: { rounds: 15, calls: 100 },
    };

async function packageVersion(name: string): Promise<string> {
  const file = join(root, 'node_modules', name, 'package.json');
  if (!existsSync(file)) return 'not installed';
  return (JSON.parse(await readFile(file, 'utf8')) as { version: string }).version;
}

function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'bench'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${head} (with uncommitted changes in src/ or bench/)` : head;
  } catch {
    return 'unknown';
  }
}

/** `--render`: write the report again from the last full run's raw results (e.g. after editing notes.md). */
async function renderOnly(): Promise<void> {
  const raw = join(root, 'bench', '.out', 'results-full.json');
  const results = JSON.parse(await readFile(raw, 'utf8')) as RunResults;
  const notesFile = join(root, 'bench', 'notes.md');
  const notes = existsSync(notesFile) ? await readFile(notesFile, 'utf8') : '';
  const out = option('out') ?? join(root, 'BENCHMARKS.md');
  await writeFile(out, renderReport(results, notes));
  log(`written ${out} from ${raw}`);
}

async function main(): Promise<void> {
  if (args.includes('--render')) return renderOnly();
  const started = performance.now();
  const server = await startServer();
  log(
    `bench ${quick ? 'quick' : 'full'}: server ${server.baseURL}, clock offset ${server.clockOffset.toFixed(3)} ms, gc ${hasGc()}`,
  );
  const cpu = cpus();
  const context: RunContext = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: process.env.npm_lifecycle_event
      ? `npm run ${process.env.npm_lifecycle_event}`
      : `node ${process.execArgv.join(' ')} bench/run.ts ${args.join(' ')}`.trim(),
    mode: quick ? 'quick' : 'full',
    machine: `${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, ${Math.round(totalmem() / 2 ** 30)} GB RAM, ${type()} ${release()}; load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (shared machine)`,
    node: process.version,
    versions: Object.fromEntries(
      await Promise.all(
        [
          'axios',
          'zod',
          '@zodios/core',
          'ky',
          'ofetch',
          'eventsource-parser',
          'nprogress',
          'vite',
          'esbuild',
          'webpack',
          'axios-retry',
          'axios-auth-refresh',
          '@microsoft/fetch-event-source',
          'partysocket',
        ].map(async (name) => [name, await packageVersion(name)] as const),
      ),
    ),
    commit: gitCommit(),
    clockOffset: server.clockOffset,
    gc: hasGc(),
  };
  const results: RunResults = { context, throughput: [], feeds: [], bundles: [] };

  if (wants('overhead')) {
    log('overhead: in-memory adapter, no network');
    results.overhead = await runOverhead(plan.overhead.rounds, plan.overhead.calls, log);
  }

  try {
    if (wants('allocation')) {
      log('allocation per request');
      try {
        results.allocation = await measureAllocation(
          server.baseURL,
          plan.allocation.rounds,
          plan.allocation.calls,
          log,
        );
      } catch (error) {
        log(`  allocation failed: ${describe(error)}`);
      }
    }

    if (wants('throughput')) {
      // In table order: the two baselines, the kit, the other peers.
      const clients = [
        bareAxios,
        axiosZod,
        kitInstance,
        kitFull,
        zodios,
        kyClient,
        ofetchClient,
        nativeFetch,
      ].map((make) => make(server.baseURL));
      // A/A control: a second bare axios instance. Its ratio to axios is the noise floor of the run.
      clients.push({ ...bareAxios(server.baseURL), name: AXIOS_AGAIN });
      const scenarios: ThroughputScenario[] = [
        {
          key: 'user-c1',
          title: 'One user, concurrency 1',
          call: (client, i) => client.getUser((i % 100) + 1),
          count: plan.counts.c1,
          concurrency: 1,
        },
        {
          key: 'user-c32',
          title: 'One user, concurrency 32',
          call: (client, i) => client.getUser((i % 100) + 1),
          count: plan.counts.c32,
          concurrency: 32,
        },
        {
          key: 'users-c1',
          title: '100-user array, concurrency 1',
          call: (client) => client.getUsers(),
          count: plan.counts.list,
          concurrency: 1,
        },
      ];
      for (const scenario of scenarios) {
        log(`throughput: ${scenario.title}`);
        results.throughput.push(
          await runThroughput(scenario, clients, {
            rounds: plan.rounds,
            warmup: plan.warmup,
            maxSliceMs: plan.maxSliceMs,
            log,
          }),
        );
      }
    }

    if (wants('feeds') || wants('post-stream')) {
      const feeds: [FeedScenario, { events: number; interval: number; page?: number }][] = [
        ...(
          [
            ['long-poll', 'Long-poll delivery, events 10 ms apart', plan.longPoll],
            ['long-poll-1ms', 'Long-poll delivery, events ~1 ms apart', plan.longPollFast],
            ['long-poll-burst', 'Long-poll delivery, a 500/s burst', plan.longPollBurst],
            [
              'long-poll-paged',
              'Long-poll delivery, a 500/s burst from a server paging 20 events per answer',
              { ...plan.longPollBurst, page: 20 },
            ],
          ] as const
        ).map(
          ([key, title, rate]): [
            FeedScenario,
            { events: number; interval: number; page?: number },
          ] => [
            {
              key,
              title,
              consumers: [bareAxiosLongPoll, bareFetchLongPoll, kitLongPoll],
              reference: bareAxiosLongPoll.name,
              drainTarget: true,
            },
            rate,
          ],
        ),
        [
          {
            key: 'sse',
            title: 'SSE delivery',
            consumers: [bareFetchSse, bareAxiosSse, kitEventStream],
            reference: bareFetchSse.name,
          },
          plan.sse,
        ],
        [
          {
            key: 'stream',
            title: 'Chunked stream delivery (no target: for reference)',
            consumers: [bareFetchStream(plan.stream.interval), kitStreamText(plan.stream.interval)],
            reference: 'fetch body reader',
          },
          plan.stream,
        ],
        [
          {
            key: 'post-stream',
            title: 'POST stream delivery, 1,000 events (defineStream)',
            consumers: [bareFetchPost, fetchEventSourcePost, kitDefineStream],
            reference: bareFetchPost.name,
          },
          plan.postStream,
        ],
      ];
      if (wants('feeds')) {
        log(`feeds: warm-up, ${plan.longPollWarmup} long-poll requests per consumer`);
        await warmUpFeeds(
          server.baseURL,
          [bareAxiosLongPoll, bareFetchLongPoll, kitLongPoll],
          plan.longPollWarmup,
        );
      }
      // `--only=post-stream` runs that feed alone (with its extras).
      for (const [scenario, shape] of feeds.filter(
        ([s]) => wants('feeds') || s.key === 'post-stream',
      )) {
        log(`feeds: ${scenario.title}`);
        const result: FeedResult = await runFeed(server.baseURL, scenario, {
          rounds: scenario.key.startsWith('long-poll') ? plan.longPollRounds : plan.feedRounds,
          ...shape,
          clockOffset: server.clockOffset,
          log,
        });
        results.feeds.push(result);
      }
      results.postStream = await measurePostStreamExtras(server.baseURL, log, quick ? 10 : 30);
    }

    if (wants('spin')) {
      log(
        `spin: long-poll against an instant empty 200, ${plan.spin.rounds} rounds × ${plan.spin.windowMs} ms per consumer`,
      );
      try {
        results.spin = await runSpin(server.baseURL, { ...plan.spin, log });
      } catch (error) {
        log(`  spin failed: ${describe(error)}`);
      }
    }

    if (wants('soak')) {
      log('soak');
      try {
        results.soak = await runSoak(server.baseURL, { ...plan.soak, maxMs: 120_000, log });
      } catch (error) {
        results.soak = { error: describe(error) };
      }
    }
  } finally {
    await server.stop();
  }

  if (wants('sockets')) {
    log('sockets: emit→ack round trips, kit vs bare ws and socket.io-client');
    results.sockets = await runSocketAcks({ quick, log });
  }

  if (wants('bundle')) {
    log('bundle sizes');
    results.bundles = await measureBundles(log);
    results.fileWeights = await kitFileWeights();
  }

  context.seconds = (performance.now() - started) / 1000;
  const notesFile = join(root, 'bench', 'notes.md');
  const notes = existsSync(notesFile) ? await readFile(notesFile, 'utf8') : '';
  const report = renderReport(results, notes);
  const out =
    option('out') ?? join(root, complete ? 'BENCHMARKS.md' : 'bench/.out/BENCHMARKS.quick.md');
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, report);
  // The raw numbers, for a second look without a second run.
  await mkdir(join(root, 'bench', '.out'), { recursive: true });
  await writeFile(
    join(root, 'bench', '.out', `results-${complete ? 'full' : 'quick'}.json`),
    JSON.stringify(results, null, 2),
  );
  const targets = report.slice(report.indexOf('## Targets'), report.indexOf('## Requests'));
  log(`\n${targets}`);
  log(`written ${out} in ${Math.round(context.seconds)} s`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  process.exitCode = 1;
});
