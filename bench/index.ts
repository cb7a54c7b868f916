import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { BENCHES, type BenchRun } from './benches.js';
import { Cleanup } from './lib/cleanup.js';
import { tempHome } from './lib/contexts.js';
import { openEngines } from './lib/engines.js';
import { type BenchPart, PARTS, readOptions } from './lib/options.js';
import { printResults } from './lib/print.js';
import { emptyResults } from './lib/results.js';
import { readRuntimeOptions } from './lib/runtime-options.js';
import { saveResults } from './lib/save.js';
import { type BenchRow, benchRows } from './lib/table-rows.js';

const log = (message: string) => process.stderr.write(`# ${message}\n`);

/** Benchmarks that make their own contexts (no shared OMEGA_HOME and engines needed). */
const OWN_SETUP: ReadonlySet<BenchPart> = new Set([
  'runtime',
  'rest',
  'jobs',
  'schedules',
  'archive',
  'lineage',
  'canvas',
]);

/** `npm run bench`: the benchmarks of OMEGA_BENCH_ONLY (default all) in order, then the report. */
async function main(): Promise<void> {
  const options = readOptions();
  const runtimeOptions = readRuntimeOptions();
  const cleanup = new Cleanup();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      void cleanup.run().finally(() => process.exit(130));
    });
  }
  const started = performance.now();
  const loadBefore = loadavg()[0] ?? 0;
  const results = emptyResults();
  try {
    // The storage benchmarks share one OMEGA_HOME and its engines; the others make their own.
    const storage = [...options.parts].some((part) => !OWN_SETUP.has(part));
    const home = storage ? await tempHome(options.baseDir, cleanup) : '';
    const engines = storage ? await openEngines(home, options.pgAdminUrl, cleanup, log) : undefined;
    if (storage) log(`OMEGA_HOME ${home}`);
    if (engines?.notice) results.notices.push(engines.notice);
    results.pgServer = engines?.pgServer;
    const run: BenchRun = {
      options,
      runtimeOptions,
      home,
      engines: engines?.engines ?? [],
      results,
      cleanup,
      log,
      rows: rowsOnce(),
    };
    for (const part of PARTS) {
      if (!options.parts.has(part)) continue;
      const before = loadavg();
      await BENCHES[part](run);
      results.loads.push({ part, before, after: loadavg() });
    }
  } finally {
    const failures = await cleanup.run();
    for (const failure of failures) log(`cleanup failed: ${failure}`);
    if (failures.length) process.exitCode = 1;
  }
  const seconds = (performance.now() - started) / 1000;
  const load = { before: loadBefore, after: loadavg()[0] ?? 0 };
  printResults(options, results);
  console.log(
    `\nload average (1 min) ${load.before.toFixed(2)} before, ${load.after.toFixed(2)} after, on ${cpus().length} cores`,
  );
  console.log(`total ${seconds.toFixed(1)} s`);
  console.log(`results: ${await saveResults(options, runtimeOptions, results, { seconds, load })}`);
}

/** BenchRows from 0, generated once: a smaller count is a prefix of the largest made so far. */
function rowsOnce(): (count: number) => readonly BenchRow[] {
  let made: BenchRow[] = [];
  return (count) => {
    if (count > made.length) made = benchRows(count);
    return count === made.length ? made : made.slice(0, count);
  };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
