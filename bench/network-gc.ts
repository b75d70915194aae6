// What the young-generation GC keeps of each request over the network: every client in a process of
// its own (so no client inherits another's V8 pretenuring decisions, which are per allocation site
// and shared by every client of one process), N sequential requests after a warm-up against the
// bench server, under --trace-gc-nvp. Prints bytes promoted, GC pause and client CPU per request.
//   node --import tsx bench/network-gc.ts [requests=8000] [client,client,…]
// Clients: axios, axios maxRedirects 0, axios proxy false, kit instance, kit no auth, kit full stack.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { axiosZod, bareAxios, type Client } from './clients';
import { startServer } from './harness';
import { kitFull, kitInstance } from './kit';

const clients: Record<string, (baseURL: string) => Client> = {
  axios: (b) => bareAxios(b),
  'axios maxRedirects 0': (b) => bareAxios(b, { maxRedirects: 0 }),
  'axios proxy false': (b) => bareAxios(b, { proxy: false }),
  'axios + zod': axiosZod,
  'kit instance': kitInstance,
  'kit no auth': (b) => kitInstance(b, { auth: undefined }),
  'kit full stack': kitFull,
};

if (process.argv[2] === '--child') {
  const [, , , baseURL = '', name = '', warm = '3000', count = '8000'] = process.argv;
  const client = clients[name]?.(baseURL);
  if (!client) throw new Error(`no client ${name}`);
  const run = async (n: number) => {
    for (let i = 0; i < n; i++) await client.getUser((i % 100) + 1);
  };
  await run(Number(warm));
  const cpu = process.cpuUsage();
  process.stdout.write('=== start\n');
  await run(Number(count));
  process.stdout.write('=== end\n');
  const used = process.cpuUsage(cpu);
  process.stdout.write(`=== cpu ${(used.user + used.system) / Number(count)}\n`);
} else {
  const count = Math.min(50_000, Number(process.argv[2] ?? 8000));
  const names = process.argv[3]?.split(',') ?? Object.keys(clients);
  const server = await startServer();
  try {
    for (const name of names) {
      const out = execFileSync(
        process.execPath,
        ['--trace-gc-nvp', '--import', 'tsx', fileURLToPath(import.meta.url), '--child'].concat([
          server.baseURL,
          name,
          '3000',
          String(count),
        ]),
        { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
      );
      const window = out.slice(out.indexOf('=== start'), out.indexOf('=== end'));
      const sum = (key: string) =>
        [...window.matchAll(new RegExp(` ${key}=([\\d.]+)`, 'g'))].reduce(
          (total, match) => total + Number(match[1]),
          0,
        );
      const cpu = Number(/=== cpu ([\d.]+)/.exec(out)?.[1]);
      const scavenges = (window.match(/gc=s /g) ?? []).length;
      process.stdout.write(
        `${name.padEnd(22)} promoted ${(sum('promoted') / count).toFixed(0).padStart(6)} B/req  GC pause ${((sum('pause') * 1000) / count).toFixed(1).padStart(5)} µs/req  scavenges ${scavenges}  CPU ${cpu.toFixed(0)} µs/req\n`,
      );
    }
  } finally {
    await server.stop();
  }
}
