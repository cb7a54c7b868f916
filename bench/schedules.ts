/**
 * `om scheduler` with 1,000 schedules: CPU per minute and how late runs fire (seconds after the
 * due time, p50 and p99; goal ≤ 1 s). Real clock, real SQLite (or PostgreSQL with
 * OMEGA_BENCH_PG_URL), scripts run in the scheduler's process as a context without a broker runs
 * them. Two loads: every schedule due every minute (all at once: the worst case), and schedules
 * spread over the hour's minutes (`m * * * *`, about 17 due a minute).
 *
 *   npx tsx bench/schedules.ts [minutes per load, default 2]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Omega } from '../src/omega.js';
import { type FiredRun, Scheduler } from '../src/schedules/scheduler.js';
import { ScriptPackage } from '../src/scripts/script-package.js';
import { setup } from '../src/setup.js';

const SCHEDULES = 1000;
const MINUTES = Number(process.argv[2] ?? 2);
const PG_URL = process.env.OMEGA_BENCH_PG_URL;

const SCRIPT = new ScriptPackage(
  'index.mjs',
  new Map([['index.mjs', Buffer.from('export function run() { return 1; }\n')]]),
);

interface LoadResult {
  load: string;
  runs: number;
  failed: number;
  cpuSecondsPerMinute: number;
  p50: number;
  p99: number;
  max: number;
}

async function measure(om: Omega, load: string, cron: (i: number) => string): Promise<LoadResult> {
  for (let i = 0; i < SCHEDULES; i++) await om.scripts.schedule(`s${i}`, { cron: cron(i), timezone: 'UTC' });
  const late: number[] = [];
  let failed = 0;
  let start = Number.POSITIVE_INFINITY;
  const scheduler = new Scheduler([om], {
    events: {
      // Due times before the start were missed while setting up: caught up, not measured.
      fired: (run: FiredRun) => {
        if (run.due.getTime() >= start) late.push((run.fired.getTime() - run.due.getTime()) / 1000);
      },
      finished: (_run, outcome) => {
        if (!outcome.ok) failed += 1;
      },
      removed: () => undefined,
      error: (_context, message) => {
        failed += 1;
        console.error(message);
      },
    },
  });
  // Start just after a minute begins, so that the measured minutes hold whole due instants.
  await new Promise((resolve) => setTimeout(resolve, 60_000 - (Date.now() % 60_000) + 2_000));
  const stop = new AbortController();
  start = Date.now();
  const cpu = process.cpuUsage();
  const running = scheduler.run(stop.signal);
  await new Promise((resolve) => setTimeout(resolve, MINUTES * 60_000));
  stop.abort();
  await running;
  const used = process.cpuUsage(cpu);
  for (let i = 0; i < SCHEDULES; i++) await om.scripts.dropSchedule(`s${i}`);
  late.sort((a, b) => a - b);
  const at = (q: number) => late[Math.min(late.length - 1, Math.floor(q * late.length))] ?? Number.NaN;
  return {
    load,
    runs: late.length,
    failed,
    cpuSecondsPerMinute: (used.user + used.system) / 1e6 / MINUTES,
    p50: at(0.5),
    p99: at(0.99),
    max: late.at(-1) ?? Number.NaN,
  };
}

/** One tick's parts for 1,000 due schedules, without waiting for the clock: read, claim, submit, runs. */
async function breakdown(om: Omega): Promise<Record<string, string>> {
  for (let i = 0; i < SCHEDULES; i++) await om.scripts.schedule(`s${i}`, { cron: '* * * * *', timezone: 'UTC' });
  const now = new Date(Date.now() + 120_000);
  const schedules = om.schedules();
  const ms = (from: number) => `${(performance.now() - from).toFixed(0)} ms`;
  let t = performance.now();
  const claims = await schedules.due(now);
  const read = ms(t);
  t = performance.now();
  const won = await schedules.claimAll(claims);
  const claim = ms(t);
  t = performance.now();
  const tasks = claims.filter((_, i) => won[i]).map(({ schedule }) => om.runtime.script(schedule.name).run({}));
  await Promise.all(tasks.map((task) => task.submitted()));
  const submit = ms(t);
  await Promise.all(tasks);
  const runs = ms(t);
  for (let i = 0; i < SCHEDULES; i++) await om.scripts.dropSchedule(`s${i}`);
  return {
    'read due runs': read,
    'claim (one transaction)': claim,
    'submit all': submit,
    'runs ended': runs,
  };
}

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'omegats-bench-schedules-'));
  const store = PG_URL
    ? Object.assign(new URL(PG_URL), { pathname: `/omegats_bench_${randomBytes(4).toString('hex')}` }).toString()
    : 'sqlite:bench/omega.db';
  const om = await setup({ home, name: 'bench', store });
  try {
    for (let i = 0; i < SCHEDULES; i++) await om.scripts.put(SCRIPT, `s${i}`);
    console.log(`one tick of ${SCHEDULES} due schedules:`, await breakdown(om));
    const results = [
      await measure(om, `${SCHEDULES} schedules due every minute`, () => '* * * * *'),
      await measure(om, `${SCHEDULES} schedules spread over the hour`, (i) => `${i % 60} * * * *`),
    ];
    console.log(`engine: ${PG_URL ? 'postgres' : 'sqlite'}, ${MINUTES} minutes per load, scripts run in-process`);
    console.table(
      results.map((r) => ({
        load: r.load,
        runs: r.runs,
        failed: r.failed,
        'CPU s/min': r.cpuSecondsPerMinute.toFixed(2),
        'late p50 s': r.p50.toFixed(3),
        'late p99 s': r.p99.toFixed(3),
        'late max s': r.max.toFixed(3),
      })),
    );
  } finally {
    await om.close();
    rmSync(home, { recursive: true, force: true });
    if (PG_URL) {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`drop database if exists ${new URL(store).pathname.slice(1)} with (force)`);
      await client.end();
    }
  }
}

await main();
