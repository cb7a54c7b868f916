/**
 * Sums the self time of a V8 .cpuprofile per function and per file:
 * `npx tsx bench/profile/summarise.ts <file.cpuprofile>…` (TOP=25 rows per table; tsx's loader
 * thread writes a small profile of its own beside the main one: pass the largest).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const top = Number(process.env.TOP ?? 25);
for (const file of process.argv.slice(2)) summarise(file);

function summarise(file: string): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });

  const shortUrl = (url: string) =>
    url.replace(/^.*\/(node_modules|src|bench)\//, '$1/').replace(/^file:\/\//, '') || '(native)';
  const perFunction = new Map<string, number>();
  const perFile = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = (byId.get(id) as ProfileNode).callFrame;
    const where = shortUrl(url);
    const key = `${functionName || '(anonymous)'}  ${where}${url ? `:${lineNumber + 1}` : ''}`;
    perFunction.set(key, (perFunction.get(key) ?? 0) + us);
    perFile.set(where, (perFile.get(where) ?? 0) + us);
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const print = (title: string, map: Map<string, number>) => {
    console.log(`\n${title} (self time, of ${(total / 1000).toFixed(0)} ms sampled)`);
    for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);
    }
  };
  console.log(`\n${file}`);
  print('per function', perFunction);
  print('per file', perFile);
}
