// Overhead of a job: a 3-cell notebook run through the runtime against the same code as a script,
// in-process (local runtime) and on a warm worker (BullMQ on OMEGA_TEST_REDIS_URL, when set).
//   npm run build && npx tsx bench/jobs-bench.ts [runs]
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Omega } from '../src/omega.js';
import { ScriptPackage } from '../src/scripts/script-package.js';
import { setup } from '../src/setup.js';
import { dropQueue } from './lib/omega-runtime.js';

const RUNS = Number(process.argv[2] ?? 40);
const WARMUP = 5;
const MAIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const REDIS = process.env.OMEGA_TEST_REDIS_URL;

const CELLS = [
  "const rows = await om.datasets.get('sales');",
  'const total = rows.reduce((sum, row) => sum + row.amount, 0);',
  'total',
];
const SCRIPT = `export async function run(om) {\n  ${CELLS[0]}\n  ${CELLS[1]}\n  return ${CELLS[2]};\n}\n`;

const notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: 'javascript', language: 'javascript' } },
  cells: CELLS.map((source) => ({ cell_type: 'code', source, metadata: {}, outputs: [], execution_count: null })),
};

async function prepare(om: Omega): Promise<void> {
  await om.datasets.put(
    Array.from({ length: 100 }, (_, i) => ({ region: i % 2 ? 'EU' : 'US', amount: i })),
    'sales',
  );
  await om.jobs.put(notebook, 'three-cells');
  await om.scripts.put(new ScriptPackage('index.mjs', new Map([['index.mjs', Buffer.from(SCRIPT)]])), 'three-cells');
}

/** Milliseconds of each of RUNS calls after WARMUP unmeasured ones. */
async function time(call: () => PromiseLike<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await call();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

function line(label: string, times: number[]): string {
  const at = (q: number) => (times[Math.min(times.length - 1, Math.floor(q * times.length))] as number).toFixed(2);
  return `${label.padEnd(34)} p50 ${at(0.5).padStart(7)} ms   p90 ${at(0.9).padStart(7)} ms`;
}

async function measure(om: Omega, where: string): Promise<void> {
  const script = await time(() => om.runtime.script('three-cells').run());
  const job = await time(() => om.runtime.job('three-cells').run());
  console.log(line(`${where}: script`, script));
  console.log(line(`${where}: 3-cell job`, job));
  const p50 = (times: number[]) => times[Math.floor(times.length / 2)] as number;
  console.log(`${where}: job overhead p50 ${(p50(job) - p50(script)).toFixed(2)} ms`);
}

async function startWorker(home: string, context: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [MAIN, 'worker', '--context', context], {
    env: { ...process.env, OMEGA_HOME: home },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      out += text;
      if (/^worker \S+ serving/m.test(out)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the worker exited with ${code}: ${out}`)));
  });
  return child;
}

const home = mkdtempSync(join(tmpdir(), 'omegats-jobs-bench-'));
try {
  const local = await setup({ home, name: 'bench-local', store: 'sqlite:contexts/local/omega.db' });
  await prepare(local);
  await measure(local, 'local');
  await local.close();
  if (REDIS) {
    const context = `bench_jobs_${process.pid}`;
    writeFileSync(
      join(home, 'config.yml'),
      `contexts:\n  ${context}:\n    store: sqlite:contexts/remote/omega.db\n    broker: ${REDIS}\n`,
    );
    const remote = await setup({ home, context });
    await prepare(remote);
    const worker = await startWorker(home, context);
    try {
      await measure(remote, 'warm worker');
    } finally {
      worker.kill('SIGTERM');
      await remote.close();
      await dropQueue(REDIS, context);
    }
  } else {
    console.log('OMEGA_TEST_REDIS_URL is not set: no worker numbers');
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
