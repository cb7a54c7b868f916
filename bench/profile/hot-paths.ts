/**
 * A driver to profile the hot paths outside the full bench: `npx tsx` or
 * `node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile/hot-paths.ts put|get|promote [rows] [repeat]`.
 * Puts (or gets, or promotes dev → prod) `rows` BenchRows `repeat` times on a fresh SQLite
 * context and prints each run's time; summarise the profile with bench/profile/summarise.ts.
 */
import { tmpdir } from 'node:os';
import { Cleanup } from '../lib/cleanup.js';
import { openSqliteBench, tempHome } from '../lib/contexts.js';
import { collectGarbage } from '../lib/memory.js';
import { benchRows } from '../lib/table-rows.js';
import { median, timeMs } from '../lib/timing.js';

const [op = 'put', rowsArg = '300000', repeatArg = '5'] = process.argv.slice(2);
const rows = Number(rowsArg);
const repeat = Number(repeatArg);

async function main(): Promise<void> {
  const cleanup = new Cleanup();
  try {
    const { om } = await openSqliteBench(await tempHome(process.env.OMEGA_BENCH_DIR || tmpdir(), cleanup), cleanup);
    const data = benchRows(rows);
    const dev = om.bucket('dev').datasets;
    const prod = om.bucket('prod').datasets;
    if (op !== 'put') await dev.put(data, 'big');
    const samples: number[] = [];
    for (let rep = 0; rep < repeat; rep++) {
      collectGarbage();
      if (op === 'put') samples.push(await timeMs(() => dev.put(data, `put-${rep}`)));
      else if (op === 'get') samples.push(await timeMs(() => dev.get('big')));
      else {
        samples.push(await timeMs(() => dev.promote('big', prod)));
        await prod.drop('big');
      }
      process.stderr.write(`${op} ${rows}: ${samples.at(-1)?.toFixed(1)} ms\n`);
    }
    console.log(`${op} ${rows} rows: median ${median(samples).toFixed(1)} ms of ${repeat}`);
  } finally {
    await cleanup.run();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
