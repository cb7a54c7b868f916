import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Omega } from '../src/omega.js';
import { Cleanup } from './lib/cleanup.js';
import {
  type ContextArgs,
  type EngineName,
  openPgBench,
  openSqliteBench,
  type PgServerInfo,
  tempHome,
} from './lib/contexts.js';
import { FOREST, trainForest } from './lib/forest.js';
import { omegaByteTarget, omegaJsonTarget, omegaTableTarget } from './lib/omega-targets.js';
import { type BenchOptions, readOptions } from './lib/options.js';
import {
  crossPromoteTable,
  promotePhaseTable,
  promoteSamplesTable,
  promoteSourceTable,
  promoteTable,
} from './lib/promotion-report.js';
import { type ByteTarget, fsByteTarget, pgByteTarget } from './lib/raw-file.js';
import { type JsonTarget, pgJsonTarget, sqliteJsonTarget } from './lib/raw-json.js';
import { pgCopyTarget, type RawCopyTarget, sqliteCopyTarget } from './lib/raw-promote.js';
import { pgTableTarget, sqliteTableTarget, type TableTarget } from './lib/raw-table.js';
import {
  countMemoryTable,
  exportTable,
  fileTable,
  jsonTable,
  modelSizeTable,
  modelStoreTable,
  predictTable,
  tableTable,
} from './lib/report.js';
import { readRuntimeOptions } from './lib/runtime-options.js';
import {
  runtimeCpuTable,
  runtimeLatencyTable,
  runtimeSplitTable,
  runtimeThroughputTable,
} from './lib/runtime-report.js';
import { benchRows } from './lib/table-rows.js';
import { benchModelStore, benchPredict, type ModelStoreResult, type PredictResult } from './models.js';
import {
  benchCrossPromotion,
  benchPromotion,
  type CrossPromoteResult,
  loadPromoteSource,
  type PromoteResult,
  type PromoteSource,
} from './promotion.js';
import { benchRuntime, type RuntimeResult } from './runtime.js';
import { benchFile, type FileResult, filePayload, sha256MBps } from './storage-file.js';
import { benchJson, type JsonResult } from './storage-json.js';
import { benchExport, benchTable, type ExportResult, type TableResult } from './storage-table.js';

/** One engine under test: the omegats context and its raw baselines in the same place. */
interface EngineUnderTest {
  engine: EngineName;
  om: Omega;
  /** How another process opens the same context (the export benchmark's child). */
  args: ContextArgs;
  rawBytes: () => Promise<ByteTarget>;
  rawJson: () => Promise<JsonTarget>;
  rawTable: () => TableTarget;
  /** The raw `insert into t2 select * from t1` of the promotion benchmark. */
  rawCopy: () => RawCopyTarget;
}

const log = (message: string) => process.stderr.write(`# ${message}\n`);

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
  const notices: string[] = [];
  const fileResults: FileResult[] = [];
  const jsonResults: JsonResult[] = [];
  const tableResults: TableResult[] = [];
  const exportResults: ExportResult[] = [];
  const modelResults: ModelStoreResult[] = [];
  const promoteSources: PromoteSource[] = [];
  const promoteResults: PromoteResult[] = [];
  const crossResults: CrossPromoteResult[] = [];
  let predictResult: PredictResult | undefined;
  let runtimeResult: RuntimeResult | undefined;
  let trainMs: number | undefined;
  let pgServer: PgServerInfo | undefined;
  let hashMBps: number | undefined;
  // The storage benchmarks share one OMEGA_HOME and its engines; the runtime one makes its own.
  const storage = [...options.parts].some((part) => part !== 'runtime');
  try {
    const home = storage ? await tempHome(options.baseDir, cleanup) : '';
    const engines: EngineUnderTest[] = [];
    if (storage) {
      log(`OMEGA_HOME ${home}`);
      const sqlite = await openSqliteBench(home, cleanup);
      engines.push({
        engine: 'sqlite',
        om: sqlite.om,
        args: sqlite.args,
        rawBytes: async () => fsByteTarget(sqlite.dir),
        rawJson: async () => sqliteJsonTarget(sqlite.dir),
        rawTable: () => sqliteTableTarget(sqlite.dir),
        rawCopy: () => sqliteCopyTarget(sqlite.dir, join(sqlite.dir, 'omega.db')),
      });
    }
    if (storage && options.pgAdminUrl) {
      const pg = await openPgBench(options.pgAdminUrl, home, cleanup);
      pgServer = pg.server;
      log(`PostgreSQL ${pg.server.version}, database ${pg.database}`);
      engines.push({
        engine: 'postgres',
        om: pg.om,
        args: pg.args,
        rawBytes: () => pgByteTarget(pg.pool),
        rawJson: () => pgJsonTarget(pg.pool),
        rawTable: () => pgTableTarget(pg.pool),
        rawCopy: () => pgCopyTarget(pg.pool),
      });
    } else if (storage) {
      notices.push('NOTICE: neither OMEGA_BENCH_PG_URL nor OMEGA_TEST_PG_URL is set: PostgreSQL was NOT benchmarked');
      log(notices[notices.length - 1] ?? '');
    }

    if (options.parts.has('file')) {
      const payload = filePayload(options.fileBytes);
      hashMBps = await sha256MBps(payload);
      for (const target of engines) {
        log(`${target.engine}: file put/get, ${options.repeat} × ${options.fileBytes / 2 ** 20} MB`);
        const raw = await target.rawBytes();
        fileResults.push(...(await benchFile(target.engine, omegaByteTarget(target.om), raw, payload, options.repeat)));
      }
    }
    if (options.parts.has('json')) {
      for (const target of engines) {
        log(`${target.engine}: json put/get, ${options.jsonCount} objects`);
        const raw = await target.rawJson();
        try {
          jsonResults.push(
            ...(await benchJson(target.engine, omegaJsonTarget(target.om), raw, options.jsonCount, options.jsonWarmup)),
          );
        } finally {
          await raw.close();
        }
      }
    }
    // Generated once, outside the timed parts: the table rows of every engine, and the export's base.
    const table = options.parts.has('table');
    const rows =
      table || options.parts.has('export')
        ? benchRows(table ? options.tableRows : Math.min(options.tableRows, options.exportRows))
        : [];
    if (table) {
      for (const target of engines) {
        log(`${target.engine}: table put/get/count, ${options.repeat} × ${options.tableRows} rows`);
        const raw = target.rawTable();
        try {
          tableResults.push(
            ...(await benchTable(target.engine, omegaTableTarget(target.om), raw, rows, options.repeat)),
          );
        } finally {
          await raw.close();
        }
      }
    }
    if (options.parts.has('export')) {
      for (const target of engines) {
        log(`${target.engine}: table export to CSV, ${options.exportRows} rows`);
        exportResults.push(await benchExport(target.engine, target.om, home, target.args, rows, options.exportRows));
      }
    }
    if (options.parts.has('promotion')) {
      for (const target of engines) {
        log(`${target.engine}: loading ${options.promoteRows} rows into dev/big`);
        const source = await loadPromoteSource(target.engine, target.om, options.promoteRows);
        promoteSources.push(source);
        log(`${target.engine}: promotion dev → prod (same database), ${options.repeat} × ${options.promoteRows} rows`);
        const raw = target.rawCopy();
        try {
          promoteResults.push(...(await benchPromotion(target.om, raw, source, options.repeat)));
        } finally {
          await raw.close();
        }
      }
      // Across contexts: SQLite → PostgreSQL and back, when both are here.
      const [first, second] = engines;
      for (const [from, to] of first && second ? [[first, second] as const, [second, first] as const] : []) {
        log(
          `promotion ${from.engine} → ${to.engine} (across contexts) in a child process, ${options.repeat} × ${options.promoteRows} rows`,
        );
        crossResults.push(await benchCrossPromotion(home, from, to, options.promoteRows, options.repeat));
      }
      for (const target of engines) await target.om.bucket('dev').datasets.drop('big', { force: true });
    }
    if (options.parts.has('models')) {
      log(
        `training a ${FOREST.trees}-tree RandomForestClassifier on ${FOREST.rows} rows × ${FOREST.features} features`,
      );
      const trained = trainForest();
      trainMs = trained.trainMs;
      for (const target of engines) {
        log(`${target.engine}: models put/get, ${options.modelRepeat} rounds`);
        modelResults.push(...(await benchModelStore(target.engine, target.om, trained.forest, options.modelRepeat)));
      }
      log(`predict, ${options.predictRows} rows: adapter vs direct`);
      predictResult = await benchPredict(trained.forest, options.predictRows);
    }
    if (options.parts.has('runtime')) {
      const { redisUrl } = runtimeOptions;
      if (redisUrl) {
        runtimeResult = await benchRuntime({ ...runtimeOptions, redisUrl }, options.baseDir, cleanup, log);
      } else {
        notices.push(
          'NOTICE: neither OMEGA_BENCH_REDIS_URL nor OMEGA_TEST_REDIS_URL is set: the runtime benchmark was SKIPPED',
        );
        log(notices[notices.length - 1] ?? '');
      }
    }
  } finally {
    const failures = await cleanup.run();
    for (const failure of failures) log(`cleanup failed: ${failure}`);
    if (failures.length) process.exitCode = 1;
  }
  const seconds = (performance.now() - started) / 1000;
  const load = { before: loadBefore, after: loadavg()[0] ?? 0 };
  print(
    options,
    {
      fileResults,
      jsonResults,
      tableResults,
      exportResults,
      promoteSources,
      promoteResults,
      crossResults,
      modelResults,
      predictResult,
      trainMs,
      runtimeResult,
    },
    hashMBps,
    pgServer,
    notices,
  );
  console.log(
    `\nload average (1 min) ${load.before.toFixed(2)} before, ${load.after.toFixed(2)} after, on ${cpus().length} cores`,
  );
  console.log(`total ${seconds.toFixed(1)} s`);
  const file = await saveResults({
    at: new Date().toISOString(),
    seconds,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    load,
    options: {
      fileBytes: options.fileBytes,
      repeat: options.repeat,
      jsonCount: options.jsonCount,
      tableRows: options.tableRows,
      exportRows: options.exportRows,
      promoteRows: options.promoteRows,
      modelRepeat: options.modelRepeat,
      predictRows: options.predictRows,
      runtime: { ...runtimeOptions, redisUrl: undefined },
    },
    postgres: pgServer ?? null,
    sha256MBps: hashMBps ?? null,
    file: fileResults,
    json: jsonResults,
    table: tableResults,
    export: exportResults,
    promotion: { sources: promoteSources, sameDatabase: promoteResults, crossContext: crossResults },
    models: { forest: FOREST, trainMs: trainMs ?? null, store: modelResults, predict: predictResult ?? null },
    runtime: runtimeResult ?? null,
    notices,
  });
  console.log(`results: ${file}`);
}

interface AllResults {
  fileResults: readonly FileResult[];
  jsonResults: readonly JsonResult[];
  tableResults: readonly TableResult[];
  exportResults: readonly ExportResult[];
  promoteSources: readonly PromoteSource[];
  promoteResults: readonly PromoteResult[];
  crossResults: readonly CrossPromoteResult[];
  modelResults: readonly ModelStoreResult[];
  predictResult: PredictResult | undefined;
  trainMs: number | undefined;
  runtimeResult: RuntimeResult | undefined;
}

function print(
  options: BenchOptions,
  {
    fileResults,
    jsonResults,
    tableResults,
    exportResults,
    promoteSources,
    promoteResults,
    crossResults,
    modelResults,
    predictResult,
    trainMs,
    runtimeResult,
  }: AllResults,
  hashMBps: number | undefined,
  pgServer: PgServerInfo | undefined,
  notices: readonly string[],
): void {
  console.log(`omegats benchmarks — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}`);
  if (pgServer) {
    console.log(
      `PostgreSQL ${pgServer.version} (fsync=${pgServer.fsync}, synchronous_commit=${pgServer.synchronousCommit})`,
    );
  }
  for (const notice of notices) console.log(notice);
  if (fileResults.length) {
    console.log(
      `\n${options.fileBytes / 2 ** 20} MB file, median of ${options.repeat} (MB = 2^20 bytes; ratio = throughput, >1 faster)`,
    );
    console.log(fileTable(fileResults));
    if (hashMBps !== undefined) console.log(`(sha256 on this machine: ${hashMBps.toFixed(0)} MB/s)`);
  }
  if (jsonResults.length) {
    console.log(
      `\n${options.jsonCount} small JSON objects, latency per operation in ms (ratio = omegats/raw, >1 slower)`,
    );
    console.log(jsonTable(jsonResults));
  }
  if (tableResults.length) {
    console.log(
      `\n${options.tableRows} rows × 8 columns, median of ${options.repeat} (ratio = throughput, >1 faster; count: rows scanned)`,
    );
    console.log(tableTable(tableResults));
    console.log('\nmemory of the omegats filtered count (growth over one count, after a full GC)');
    console.log(countMemoryTable(tableResults));
  }
  if (exportResults.length) {
    console.log(
      `\nexportFile(name, path, { format: 'csv' }) of ${options.exportRows} rows in a child process (peak RSS = its maxRSS)`,
    );
    console.log(exportTable(exportResults));
  }
  if (promoteResults.length) {
    console.log(
      `\npromote('big', prod) of ${options.promoteRows} rows × 8 columns inside one database (bucket dev → prod), median of ${options.repeat} (ratio = throughput, >1 faster)`,
    );
    console.log(promoteTable(promoteResults));
    console.log('\nsamples, in order (repetitions alternate raw/omegats first)');
    console.log(promoteSamplesTable(promoteResults));
    console.log(
      "\nphases of the raw copy in ms (medians), the omegats total beside it, and (create) the raw copy naming its columns as omegats' SQL does: insert into t2 (_row, …) select _row, … from t1",
    );
    console.log(promotePhaseTable(promoteResults));
    console.log('\nthe source dataset dev/big, loaded with put(rows, { append: true }) in chunks of 250,000 rows');
    console.log(promoteSourceTable(promoteSources));
  }
  if (crossResults.length) {
    console.log(
      `\npromote('big', other context) of ${options.promoteRows} rows, streamed in chunks, ${options.repeat} runs, each in a child process (peak RSS = its maxRSS)`,
    );
    console.log(crossPromoteTable(crossResults));
  }
  const forest = `${FOREST.trees}-tree RandomForestClassifier (${FOREST.rows} × ${FOREST.features}, ${FOREST.classes} classes; trained in ${((trainMs ?? 0) / 1000).toFixed(1)} s)`;
  if (modelResults.length) {
    console.log(
      `\nom.models put/get of a ${forest}, ${options.modelRepeat} rounds, latency in ms; floor = the library's own JSON round trip`,
    );
    console.log(modelStoreTable(modelResults));
    console.log('\nthe stored model (one version per put, warm-up included; then a put of the same bytes)');
    console.log(modelSizeTable(modelResults));
  }
  if (predictResult) {
    console.log(
      `\npredict ${predictResult.rows} rows in batches of ${predictResult.batch}, ${forest}, median of ${predictResult.adapterMs.length}`,
    );
    console.log(predictTable(predictResult));
  }
  if (runtimeResult) printRuntime(runtimeResult);
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

async function saveResults(results: object): Promise<string> {
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
