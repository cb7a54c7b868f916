import { cpus } from 'node:os';
import type { RuntimeResult } from '../runtime.js';
import { FOREST } from './forest.js';
import type { BenchOptions } from './options.js';
import {
  crossPromoteTable,
  promotePhaseTable,
  promoteSamplesTable,
  promoteSourceTable,
  promoteTable,
} from './promotion-report.js';
import {
  countMemoryTable,
  exportTable,
  fileTable,
  jsonTable,
  loadTable,
  modelSizeTable,
  modelStoreTable,
  predictTable,
  tableTable,
} from './report.js';
import { printRest } from './rest-report.js';
import type { BenchResults, PromotionResults } from './results.js';
import { runtimeCpuTable, runtimeLatencyTable, runtimeSplitTable, runtimeThroughputTable } from './runtime-report.js';

/** The report of one run on stdout, a section per benchmark that ran. */
export function printResults(options: BenchOptions, results: BenchResults): void {
  console.log(`omegats benchmarks — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}`);
  const { pgServer } = results;
  if (pgServer) {
    console.log(
      `PostgreSQL ${pgServer.version} (fsync=${pgServer.fsync}, synchronous_commit=${pgServer.synchronousCommit})`,
    );
  }
  for (const notice of results.notices) console.log(notice);
  if (results.file.length) {
    console.log(
      `\n${options.fileBytes / 2 ** 20} MB file, median of ${options.repeat} (MB = 2^20 bytes; ratio = throughput, >1 faster)`,
    );
    console.log(fileTable(results.file));
    if (results.sha256MBps !== undefined)
      console.log(`(sha256 on this machine: ${results.sha256MBps.toFixed(0)} MB/s)`);
  }
  if (results.json.length) {
    console.log(
      `\n${options.jsonCount} small JSON objects, latency per operation in ms (ratio = omegats/raw, >1 slower)`,
    );
    console.log(jsonTable(results.json));
  }
  if (results.table.length) {
    console.log(
      `\n${options.tableRows} rows × 8 columns, median of ${options.repeat} (ratio = throughput, >1 faster; count: rows scanned)`,
    );
    console.log(tableTable(results.table));
    console.log('\nmemory of the omegats filtered count (growth over one count, after a full GC)');
    console.log(countMemoryTable(results.table));
  }
  if (results.tableHot.length) {
    console.log(
      `\ntable-300k: ${options.hotRows} rows × 8 columns, median of ${options.hotRepeat} alternating pairs (ratio = throughput; goals: put ≥ 0.8, get ≥ 0.9)`,
    );
    console.log(tableTable(results.tableHot, { put: 0.8, get: 0.9 }));
  }
  if (results.export.length) {
    console.log(
      `\nexportFile(name, path, { format: 'csv' }) of ${options.exportRows} rows in a child process (peak RSS = its maxRSS)`,
    );
    console.log(exportTable(results.export));
  }
  printPromotions(`${options.promoteRows} rows`, options.repeat, results.promotion);
  if (results.cross.length) {
    console.log(
      `\npromote('big', other context) of ${options.promoteRows} rows, streamed in chunks, ${options.repeat} runs, each in a child process (peak RSS = its maxRSS)`,
    );
    console.log(crossPromoteTable(results.cross));
  }
  printPromotions(`promotion-300k: ${options.hotRows} rows`, options.hotRepeat, results.promotionHot);
  const forest = `${FOREST.trees}-tree RandomForestClassifier (${FOREST.rows} × ${FOREST.features}, ${FOREST.classes} classes; trained in ${((results.trainMs ?? 0) / 1000).toFixed(1)} s)`;
  if (results.models.length) {
    console.log(
      `\nom.models put/get of a ${forest}, ${options.modelRepeat} rounds, latency in ms; floor = the library's own JSON round trip`,
    );
    console.log(modelStoreTable(results.models));
    console.log('\nthe stored model (one version per put, warm-up included; then a put of the same bytes)');
    console.log(modelSizeTable(results.models));
  }
  const { predict } = results;
  if (predict) {
    console.log(
      `\npredict ${predict.rows} rows in batches of ${predict.batch}, ${forest}, median of ${predict.adapterMs.length}`,
    );
    console.log(predictTable(predict));
  }
  if (results.runtime) printRuntime(results.runtime);
  if (results.rest) printRest(results.rest);
  console.log('\nload averages (1, 5, 15 min, as uptime shows them) before and after each benchmark');
  console.log(loadTable(results.loads));
}

function printPromotions(what: string, repeat: number, { sources, sameDatabase }: PromotionResults): void {
  if (!sameDatabase.length) return;
  console.log(
    `\npromote('big', prod) of ${what} × 8 columns inside one database (bucket dev → prod), median of ${repeat} (ratio = throughput, >1 faster)`,
  );
  console.log(promoteTable(sameDatabase));
  console.log('\nsamples, in order (repetitions alternate raw/omegats first)');
  console.log(promoteSamplesTable(sameDatabase));
  console.log(
    "\nphases of the raw copy in ms (medians), the omegats total beside it, and (create) the raw copy naming its columns as omegats' SQL does: insert into t2 (_row, …) select _row, … from t1",
  );
  console.log(promotePhaseTable(sameDatabase));
  console.log('\nthe source dataset dev/big, loaded with put(rows, { append: true }) in chunks of 250,000 rows');
  console.log(promoteSourceTable(sources));
}

function printRuntime(result: RuntimeResult): void {
  const setup = `one worker process per side, concurrency ${result.concurrency}; Redis ${result.redis.version} at ${result.redis.url}`;
  const model = `LogisticRegression (${result.model.features} features, ${result.model.classes} classes), one row per task`;
  console.log(`\nruntime: ping and predict on a small ${model}; ${setup}`);
  console.log(`  raw:     ${result.paths.raw}`);
  console.log(`  omegats: ${result.paths.omega}`);
  console.log(
    `\nround-trip latency in ms, ${result.latencyCount} sequential tasks per run after ${result.latencyWarmup} unmeasured, median of ${result.runs} runs per side (alternating)`,
  );
  console.log(runtimeLatencyTable(result));
  console.log('\nwhere the time goes (submit = until the task is queued; wait = until its result is back)');
  console.log(runtimeSplitTable(result));
  console.log(
    `\nthroughput, ${result.throughputTasks} tasks with ${result.inFlight} in flight, median of ${result.runs} runs per side (alternating)`,
  );
  console.log(runtimeThroughputTable(result));
  const redis = result.redis.pid === null ? ' (Redis: not on this machine, not measured)' : '';
  console.log(`\nCPU time per task in µs, client = this process, median of the runs${redis}`);
  console.log(runtimeCpuTable(result));
}
