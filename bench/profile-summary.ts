// Summarise a .cpuprofile: self time by function and by file, and inclusive time of the kit's
// files (time spent in a src/ function and everything it called).
//   node --import tsx bench/profile-summary.ts <file.cpuprofile> [top]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg = '30'] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [top]');
const top = Number(topArg);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const node of profile.nodes)
  for (const child of node.children ?? []) parent.set(child, node.id);

const selfTime = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const totalTime = [...selfTime.values()].reduce((a, b) => a + b, 0);

const short = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\//, 'nm:')
    .replace(/.*\/work\/(main|wt\/[^/]+)\//, '');
const label = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const fnSelf = new Map<string, number>();
const fileSelf = new Map<string, number>();
const kitInclusive = new Map<string, number>();
for (const [id, time] of selfTime) {
  const node = byId.get(id)!;
  fnSelf.set(label(node), (fnSelf.get(label(node)) ?? 0) + time);
  const f = short(node.callFrame.url) || `(${node.callFrame.functionName})`;
  fileSelf.set(f, (fileSelf.get(f) ?? 0) + time);
  // Inclusive: every distinct kit function on this sample's stack gets the sample once.
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur)!;
    if (n.callFrame.url.includes('/src/')) {
      const key = label(n);
      if (!seen.has(key)) {
        seen.add(key);
        kitInclusive.set(key, (kitInclusive.get(key) ?? 0) + time);
      }
    }
  }
}

const pct = (t: number) => `${((t / totalTime) * 100).toFixed(1).padStart(5)} %`;
const print = (title: string, map: Map<string, number>) => {
  process.stdout.write(`\n## ${title}\n`);
  for (const [key, time] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${pct(time)}  ${key}\n`);
  }
};
process.stdout.write(`${file}: ${(totalTime / 1000).toFixed(0)} ms sampled\n`);
print('self time by file', fileSelf);
print('self time by function', fnSelf);
print('inclusive time of kit functions (src/)', kitInclusive);
