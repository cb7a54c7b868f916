/**
 * One rest-benchmark server under autocannon load, profiled:
 * `npx tsx bench/profile/rest-server.ts [bare|bare-runtime|omega|omega-auth]` (DURATION=8 seconds;
 * PROFILE_DIR=<dir> runs the server with `--cpu-prof` there; sum the largest profile with
 * summarise.ts; NODE_ARGS adds more flags to the server's node). omega kinds run the built
 * `om serve` (`npm run build` first). Prints requests/s, p50/p99 and the server's CPU time per
 * request.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { cpuMs } from '../lib/cpu.js';
import { openBenchContext, type RestServerKind, startPredictServer } from '../lib/predict-servers.js';
import { trainSmallModel } from '../lib/small-model.js';

const kind = (process.argv[2] ?? 'omega') as RestServerKind;
const seconds = Number(process.env.DURATION ?? 8);
const profileDir = process.env.PROFILE_DIR;
const nodeArgs = [
  ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
  ...(process.env.NODE_ARGS?.split(' ').filter(Boolean) ?? []),
];
const home = mkdtempSync(join(tmpdir(), 'omega-rest-profile-'));
try {
  const small = trainSmallModel();
  const om = await openBenchContext(home);
  await om.models.put(small.model, 'small');
  await om.close();
  const server = await startPredictServer(kind, { home, model: 'small' }, nodeArgs);
  const cpuBefore = cpuMs(server.pid) ?? Number.NaN;
  const result = await autocannon({
    url: server.url,
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(server.key ? { authorization: `Bearer ${server.key}` } : {}) },
    body: JSON.stringify({ data: [small.inputs[0]] }),
    connections: 64,
    duration: seconds,
  });
  const cpuUsed = (cpuMs(server.pid) ?? Number.NaN) - cpuBefore;
  await server.stop();
  console.log(
    `${kind}: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.non2xx + result.errors} failed; server CPU ${((cpuUsed * 1000) / result.requests.total).toFixed(1)} µs per request`,
  );
} finally {
  rmSync(home, { recursive: true, force: true });
}
