/**
 * One rest-benchmark server under autocannon load, profiled:
 * `npx tsx bench/profile/rest-server.ts [bare|bare-runtime|omega|omega-auth]` (DURATION=8 seconds;
 * PROFILE_DIR=<dir> runs the server with `--cpu-prof` there; sum the largest profile with
 * summarise.ts). Prints requests/s, p50/p99 and the server's CPU time per request.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { setup } from '../../src/setup.js';
import type { RestServerKind, RestServerReady } from '../lib/predict-server-child.js';
import { trainSmallModel } from '../lib/small-model.js';

const kind = (process.argv[2] ?? 'omega') as RestServerKind;
const seconds = Number(process.env.DURATION ?? 8);
const profileDir = process.env.PROFILE_DIR;
const home = mkdtempSync(join(tmpdir(), 'omega-rest-profile-'));
try {
  const store = 'sqlite:rest-profile.db';
  const small = trainSmallModel();
  const om = await setup({ home, name: 'bench', store });
  await om.models.put(small.model, 'small');
  await om.close();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      fileURLToPath(new URL('../lib/predict-server-child.ts', import.meta.url)),
      JSON.stringify({ kind, home, store, model: 'small' }),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => child.once('close', resolve));
  const lines = createInterface({ input: child.stdout });
  const { port, key } = JSON.parse(
    await new Promise<string>((resolve) => lines.once('line', resolve)),
  ) as RestServerReady;
  const path = kind.startsWith('bare') ? '/predict' : '/api/v1/model/small/predict';
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ data: [small.inputs[0]] }),
    connections: 64,
    duration: seconds,
  });
  const used = new Promise<string>((resolve) => lines.once('line', resolve));
  child.stdin.end();
  const { cpuMicros } = JSON.parse(await used) as { cpuMicros: number };
  await exited;
  console.log(
    `${kind}: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.non2xx + result.errors} failed; server CPU ${(cpuMicros / result.requests.total).toFixed(1)} µs per request`,
  );
} finally {
  rmSync(home, { recursive: true, force: true });
}
