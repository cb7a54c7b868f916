/**
 * A driver to profile the hot paths outside the full bench: `npx tsx` or `node --import tsx
 * --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile/hot-paths.ts put|raw-put|pair|get|promote [rows] [repeat]`.
 * Puts (or puts through the raw baseline, or gets, or promotes dev → prod: create, then replace) `rows` BenchRows `repeat` times on
 * a fresh SQLite context (PostgreSQL with OMEGA_PROF_PG=<admin url>) and prints each run's time;
 * OMEGA_PROF_SQL=1 also prints the time per SQL statement. Summarise a profile with summarise.ts.
 */
import { tmpdir } from 'node:os';
import { Cleanup } from '../lib/cleanup.js';
import { openPgBench, openSqliteBench, tempHome } from '../lib/contexts.js';
import { collectGarbage } from '../lib/memory.js';
import { sqliteTableTarget } from '../lib/raw-table.js';
import { benchRows } from '../lib/table-rows.js';
import { median, timeMs } from '../lib/timing.js';
import { SqlTimer, timeSql } from './sql-timer.js';

const [op = 'put', rowsArg = '300000', repeatArg = '5'] = process.argv.slice(2);
const rows = Number(rowsArg);
const repeat = Number(repeatArg);
const sql = process.env.OMEGA_PROF_SQL ? new SqlTimer() : undefined;
if (sql) timeSql(sql);

async function main(): Promise<void> {
  const cleanup = new Cleanup();
  try {
    const home = await tempHome(process.env.OMEGA_BENCH_DIR || tmpdir(), cleanup);
    const pgUrl = process.env.OMEGA_PROF_PG;
    const { om } = pgUrl ? await openPgBench(pgUrl, home, cleanup) : await openSqliteBench(home, cleanup);
    const raw = sqliteTableTarget(home);
    cleanup.defer('close the raw database', () => raw.close());
    const data = benchRows(rows);
    const dev = om.bucket('dev').datasets;
    const prod = om.bucket('prod').datasets;
    if (op === 'get' || op === 'promote') await dev.put(data, 'big');
    sql?.report();
    const samples: number[] = [];
    const rawSamples: number[] = [];
    /** CPU time (user + system) of each side: less swayed by a loaded machine than wall time. */
    const cpu = { raw: [] as number[], omega: [] as number[] };
    for (let rep = 0; rep < repeat; rep++) {
      collectGarbage();
      if (op === 'put') samples.push(await timeMs(() => dev.put(data, `put-${rep}`)));
      else if (op === 'raw-put') samples.push(await timeMs(() => raw.put(`put-${rep}`, data)));
      else if (op === 'pair') {
        // Alternating which goes first, as the bench does.
        const sides = [() => raw.put(`put-${rep}`, data), () => dev.put(data, `put-${rep}`)];
        if (rep % 2 === 1) sides.reverse();
        for (const side of sides) {
          const isRaw = (side === sides[0]) === (rep % 2 === 0);
          const before = process.cpuUsage();
          const ms = await timeMs(side);
          const used = process.cpuUsage(before);
          (isRaw ? rawSamples : samples).push(ms);
          cpu[isRaw ? 'raw' : 'omega'].push((used.user + used.system) / 1000);
          collectGarbage();
        }
      } else if (op === 'get') samples.push(await timeMs(() => dev.get('big')));
      else {
        samples.push(await timeMs(() => dev.promote('big', prod)));
        const replace = await timeMs(() => dev.promote('big', prod));
        process.stderr.write(`(replace: ${replace.toFixed(1)} ms) `);
        await prod.drop('big');
      }
      process.stderr.write(`${op} ${rows}: ${samples.at(-1)?.toFixed(1)} ms\n`);
      if (sql) process.stderr.write(`${sql.report()}\n`);
    }
    console.log(`${op} ${rows} rows: median ${median(samples).toFixed(1)} ms of ${repeat}`);
    if (rawSamples.length) {
      const ratio = median(rawSamples) / median(samples);
      console.log(`raw put median ${median(rawSamples).toFixed(1)} ms; omegats/raw throughput ${ratio.toFixed(2)}×`);
      const cpuRatio = median(cpu.raw) / median(cpu.omega);
      console.log(
        `CPU ms: raw ${median(cpu.raw).toFixed(1)}, omegats ${median(cpu.omega).toFixed(1)}; omegats/raw ${cpuRatio.toFixed(2)}×`,
      );
    }
  } finally {
    await cleanup.run();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
