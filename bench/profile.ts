// Profile one client against the bench server:
//   node --cpu-prof --cpu-prof-dir=bench/.out/prof --import tsx bench/profile.ts "kit instance" 20000 1
// then summarise with `node --import tsx bench/profile-summary.ts bench/.out/prof/<file>.cpuprofile`.
import { peers } from './clients';
import { slice, startServer } from './harness';
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
  const result = await slice(call, count, concurrency, 120_000);
  process.stdout.write(
    `${name}: ${result.done} calls (${result.errors} failed), ${Math.round(result.rps)} req/s, ${result.cpuPerCall.toFixed(0)} µs CPU per call\n`,
  );
} finally {
  await server.stop();
}
