import type { Cleanup } from './lib/cleanup.js';
import type { EngineUnderTest } from './lib/engines.js';
import { FOREST, trainForest } from './lib/forest.js';
import { omegaByteTarget, omegaJsonTarget, omegaTableTarget } from './lib/omega-targets.js';
import type { BenchOptions, BenchPart } from './lib/options.js';
import type { BenchResults, PromotionResults } from './lib/results.js';
import type { RuntimeOptions } from './lib/runtime-options.js';
import { standaloneBench } from './lib/standalone.js';
import type { BenchRow } from './lib/table-rows.js';
import { benchModelStore, benchPredict } from './models.js';
import { benchCrossPromotion, benchPromotion, loadPromoteSource } from './promotion.js';
import { benchRest, readRestOptions } from './rest.js';
import { benchRestDatasets } from './rest-datasets-bench.js';
import { benchRuntime } from './runtime.js';
import { benchFile, filePayload, sha256MBps } from './storage-file.js';
import { benchJson } from './storage-json.js';
import { benchExport, benchTable, type TableResult } from './storage-table.js';

/** What every benchmark is given: the settings, the engines under test, and where results go. */
export interface BenchRun {
  options: BenchOptions;
  runtimeOptions: RuntimeOptions;
  /** The shared OMEGA_HOME of the storage benchmarks ('' when only the runtime one runs). */
  home: string;
  engines: readonly EngineUnderTest[];
  results: BenchResults;
  cleanup: Cleanup;
  log: (message: string) => void;
  /** The first `count` BenchRows, generated once per size outside any timed part. */
  rows: (count: number) => readonly BenchRow[];
}

type Bench = (run: BenchRun) => Promise<void>;

/** Every benchmark by its OMEGA_BENCH_ONLY name; they run in the order of PARTS. */
export const BENCHES: Record<BenchPart, Bench> = {
  async file({ options, engines, results, log }) {
    const payload = filePayload(options.fileBytes);
    results.sha256MBps = await sha256MBps(payload);
    for (const target of engines) {
      log(`${target.engine}: file put/get, ${options.repeat} × ${options.fileBytes / 2 ** 20} MB`);
      const raw = await target.rawBytes();
      results.file.push(...(await benchFile(target.engine, omegaByteTarget(target.om), raw, payload, options.repeat)));
    }
  },

  async json({ options, engines, results, log }) {
    for (const target of engines) {
      log(`${target.engine}: json put/get, ${options.jsonCount} objects`);
      const raw = await target.rawJson();
      try {
        results.json.push(
          ...(await benchJson(target.engine, omegaJsonTarget(target.om), raw, options.jsonCount, options.jsonWarmup)),
        );
      } finally {
        await raw.close();
      }
    }
  },

  async table(run) {
    run.results.table.push(...(await tableOnEngines(run, run.options.tableRows, run.options.repeat)));
  },

  async 'table-300k'(run) {
    run.results.tableHot.push(...(await tableOnEngines(run, run.options.hotRows, run.options.hotRepeat)));
  },

  async export({ options, engines, home, results, log, rows }) {
    for (const target of engines) {
      log(`${target.engine}: table export to CSV, ${options.exportRows} rows`);
      const base = rows(Math.min(options.tableRows, options.exportRows));
      results.export.push(await benchExport(target.engine, target.om, home, target.args, base, options.exportRows));
    }
  },

  async promotion(run) {
    const { options, engines, home, results, log } = run;
    addPromotions(results.promotion, await promoteOnEngines(run, options.promoteRows, options.repeat));
    // Across contexts: SQLite → PostgreSQL and back, when both are here.
    const [first, second] = engines;
    for (const [from, to] of first && second ? [[first, second] as const, [second, first] as const] : []) {
      log(
        `promotion ${from.engine} → ${to.engine} (across contexts) in a child process, ${options.repeat} × ${options.promoteRows} rows`,
      );
      results.cross.push(await benchCrossPromotion(home, from, to, options.promoteRows, options.repeat));
    }
    await dropPromoteSources(engines);
  },

  async 'promotion-300k'(run) {
    addPromotions(run.results.promotionHot, await promoteOnEngines(run, run.options.hotRows, run.options.hotRepeat));
    await dropPromoteSources(run.engines);
  },

  async models({ options, engines, results, log }) {
    log(`training a ${FOREST.trees}-tree RandomForestClassifier on ${FOREST.rows} rows × ${FOREST.features} features`);
    const trained = trainForest();
    results.trainMs = trained.trainMs;
    for (const target of engines) {
      log(`${target.engine}: models put/get, ${options.modelRepeat} rounds`);
      results.models.push(...(await benchModelStore(target.engine, target.om, trained.forest, options.modelRepeat)));
    }
    log(`predict, ${options.predictRows} rows: adapter vs direct`);
    results.predict = await benchPredict(trained.forest, options.predictRows);
  },

  async runtime({ options, runtimeOptions, results, cleanup, log }) {
    const { redisUrl } = runtimeOptions;
    if (!redisUrl) {
      const notice =
        'NOTICE: neither OMEGA_BENCH_REDIS_URL nor OMEGA_TEST_REDIS_URL is set: the runtime benchmark was SKIPPED';
      results.notices.push(notice);
      log(notice);
      return;
    }
    results.runtime = await benchRuntime({ ...runtimeOptions, redisUrl }, options.baseDir, cleanup, log);
  },

  async rest({ options, results, cleanup, log }) {
    results.rest = await benchRest(readRestOptions(), options.baseDir, cleanup, log);
  },
  'rest-datasets': benchRestDatasets,
  // A 3-cell notebook against the same code as a script, locally and (with Redis) on a warm worker; needs dist/.
  jobs: (run) => standaloneBench(run, 'jobs-bench.ts', [String(process.env.OMEGA_BENCH_JOB_RUNS ?? 40)]),
  // 1,000 schedules fired by `om scheduler` on the real clock: CPU per minute and lateness (SQLite, or
  // PostgreSQL with OMEGA_BENCH_PG_URL).
  schedules: (run) => standaloneBench(run, 'schedules.ts', [String(process.env.OMEGA_BENCH_SCHEDULE_MINUTES ?? 2)]),
  // Export and import of a 1,000,000-row table and a 50 MB file through an archive, against tar
  // czf / xzf of the same bytes, peak RSS of each (child processes).
  archive: (run) =>
    standaloneBench(run, 'archive-bench.ts', [
      String(process.env.OMEGA_BENCH_ARCHIVE_ROWS ?? 1_000_000),
      String(run.options.fileBytes / 2 ** 20),
    ]),
  // A model and its 100,000-row table promoted as one bundle against two promotions, and lineage().
  lineage: (run) =>
    standaloneBench(run, 'lineage.ts', [
      String(process.env.OMEGA_BENCH_LINEAGE_ROWS ?? 100_000),
      String(run.options.repeat),
    ]),
  // A parallel flow of 1,000 predictions against BullMQ's FlowProducer with the same children (with Redis),
  // and a 20-step sequence against the same tasks one by one.
  canvas: (run) =>
    standaloneBench(run, 'canvas-bench.ts', [
      String(process.env.OMEGA_BENCH_CANVAS_TASKS ?? 1000),
      String(process.env.OMEGA_BENCH_CANVAS_RUNS ?? 5),
    ]),
};

/** Table put/get/count of `count` rows on every engine, `repeat` alternating pairs. */
async function tableOnEngines({ engines, log, rows }: BenchRun, count: number, repeat: number): Promise<TableResult[]> {
  const results: TableResult[] = [];
  for (const target of engines) {
    log(`${target.engine}: table put/get/count, ${repeat} × ${count} rows`);
    const raw = target.rawTable();
    try {
      results.push(...(await benchTable(target.engine, omegaTableTarget(target.om), raw, rows(count), repeat)));
    } finally {
      await raw.close();
    }
  }
  return results;
}

/** Loads `count` rows into dev/big on every engine and promotes it dev → prod beside the raw copy. */
async function promoteOnEngines({ engines, log }: BenchRun, count: number, repeat: number): Promise<PromotionResults> {
  const promotions: PromotionResults = { sources: [], sameDatabase: [] };
  for (const target of engines) {
    log(`${target.engine}: loading ${count} rows into dev/big`);
    const source = await loadPromoteSource(target.engine, target.om, count);
    promotions.sources.push(source);
    log(`${target.engine}: promotion dev → prod (same database), ${repeat} × ${count} rows`);
    const raw = target.rawCopy();
    try {
      promotions.sameDatabase.push(...(await benchPromotion(target.om, raw, source, repeat)));
    } finally {
      await raw.close();
    }
  }
  return promotions;
}

function addPromotions(into: PromotionResults, from: PromotionResults): void {
  into.sources.push(...from.sources);
  into.sameDatabase.push(...from.sameDatabase);
}

async function dropPromoteSources(engines: readonly EngineUnderTest[]): Promise<void> {
  for (const target of engines) await target.om.bucket('dev').datasets.drop('big', { force: true });
}
