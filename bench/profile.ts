// Profile one client against the bench server:
//   node --cpu-prof --cpu-prof-dir=bench/.out/prof --import tsx bench/profile.ts "kit instance" 20000 1
// then summarise with `node --import tsx bench/profile-summary.ts bench/.out/prof/<file>.cpuprofile`.
import { peers } from './clients';
import { startServer } from './harness';
import { kitFull, kitInstance } from './kit';

const [name = 'kit instance', countArg = '20000', concurrencyArg = '1', what = 'user'] =
  process.argv.slice(2);
const count = Math.min(200_000, Number(countArg));
const concurrency = Math.min(256, Number(concurrencyArg));

const server = await startServer();
try {
  const clients = [...peers, kitInstance, kitFull].map((make) => make(server.baseURL));
  const client = clients.find((c) => c.name === name);
  if (!client) throw new Error(`no client named ${name}: ${clients.map((c) => c.name).join(', ')}`);
  const call = what === 'users' ? () => client.getUsers() : () => client.getUser(1);
  let started = 0;
  const deadline = performance.now() + 120_000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < count && performance.now() < deadline) {
        started++;
        await call();
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage();
  process.stdout.write(
    `${name}: ${started} calls in ${seconds.toFixed(1)} s, ${Math.round(started / seconds)} req/s, ${((cpu.user + cpu.system) / started).toFixed(0)} µs CPU per call (whole process)\n`,
  );
} finally {
  await server.stop();
}
