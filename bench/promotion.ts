import { isDeepStrictEqual } from 'node:util';
import type { Omega } from '../src/omega.js';
import type { ContextArgs, EngineName } from './lib/contexts.js';
import { collectGarbage } from './lib/memory.js';
import { runNodeChild } from './lib/node-child.js';
import type { PromoteJob, PromoteReport } from './lib/promote-child.js';
import { BENCH_COLUMN_TYPES, type CopyPhases, PHASES, type RawCopyTarget } from './lib/raw-promote.js';
import { benchRows } from './lib/table-rows.js';
import { median, timeMs } from './lib/timing.js';

/** The promoted dataset, its bucket, and where it goes (same database, and across contexts). */
const DATASET = 'big';
const SOURCE_BUCKET = 'dev';
const TARGET_BUCKET = 'prod';
const CROSS_BUCKET = 'cross';
/** Rows per put while loading the source (each chunk's rows are generated before its put is timed). */
const LOAD_CHUNK = 250_000;
const WARMUP_ROWS = 10_000;
/** The targets: omegats ≥ 0.8 × the raw copy's throughput; a streamed promotion under 300 MB RSS. */
export const PROMOTE_TARGET = 0.8;
export const CROSS_LIMIT_MB = 300;

/** The source dataset `dev/big` of one engine, loaded with put(…, { append: true }) in chunks. */
export interface PromoteSource {
  engine: EngineName;
  rows: number;
  loadMs: number;
  /** omegats' table of it (kindMeta.table), which the raw side copies to make its own source. */
  table: string;
}

export type PromoteCase = 'create' | 'replace';

export interface PromoteResult {
  engine: EngineName;
  /** `create`: the target has no such dataset; `replace`: the second promotion replaces the first. */
  case: PromoteCase;
  rows: number;
  baseline: string;
  /** One sample per repetition, in milliseconds. */
  rawMs: number[];
  omegaMs: number[];
  /** The median of each phase of the raw copies (ms). */
  rawPhases: CopyPhases;
  /** create only: the raw copy naming its columns as omegats does (CopyOptions.columnList), one per repetition. */
  rawColumnListMs?: number[];
  rawRowsPerSec: number;
  omegaRowsPerSec: number;
  /** omegaRowsPerSec / rawRowsPerSec: above 1 is faster than the raw engine. */
  ratio: number;
  target: number;
}

/** Promotions across contexts, one child process each; a sample per run. */
export interface CrossPromoteResult {
  from: EngineName;
  to: EngineName;
  rows: number;
  ms: number[];
  /** At the median time. */
  rowsPerSec: number;
  /** RSS with both contexts open, before the promotion; the process's peak RSS; its peak JS heap (sampled). */
  startRssMB: number[];
  peakRssMB: number[];
  peakHeapMB: number[];
  limitMB: number;
}

/**
 * Loads `count` BenchRows into `dev/big` with put(…, { append: true }) in chunks (the same rows on
 * every engine; only the puts are timed) and checks the table omegats made of them.
 */
export async function loadPromoteSource(engine: EngineName, om: Omega, count: number): Promise<PromoteSource> {
  const dev = om.bucket(SOURCE_BUCKET).datasets;
  await dev.drop(DATASET, { force: true });
  let loadMs = 0;
  for (let first = 0; first < count; first += LOAD_CHUNK) {
    const rows = benchRows(Math.min(LOAD_CHUNK, count - first), first);
    loadMs += await timeMs(() => dev.put(rows, DATASET, { append: true }));
  }
  const meta = await dev.metadata(DATASET);
  const { table, rows, columns } = (meta?.kindMeta ?? {}) as { table?: string; rows?: number; columns?: unknown };
  const types = Array.isArray(columns) ? columns.map((c: { type?: string }) => c.type) : [];
  if (typeof table !== 'string' || rows !== count || !isDeepStrictEqual(types, BENCH_COLUMN_TYPES)) {
    throw new Error(`${engine}: ${SOURCE_BUCKET}/${DATASET} has ${rows} rows of types ${types.join(',')}`);
  }
  return { engine, rows: count, loadMs, table };
}

/**
 * `om.bucket('dev').datasets.promote('big', om.bucket('prod').datasets)` beside the raw
 * `insert into t2 select * from t1` of `raw` (its t1 a copy of omegats' source table), `repeat`
 * times, alternating which goes first. Each side first copies into a new table (create), then
 * copies again over it (replace: the first copy is dropped in the same transaction); the copies
 * are dropped between repetitions, untimed. A small promotion warms the omegats path up first.
 */
export async function benchPromotion(
  om: Omega,
  raw: RawCopyTarget,
  source: PromoteSource,
  repeat: number,
): Promise<PromoteResult[]> {
  const { engine, rows } = source;
  const dev = om.bucket(SOURCE_BUCKET).datasets;
  const prod = om.bucket(TARGET_BUCKET).datasets;
  await dev.put(benchRows(WARMUP_ROWS), 'warmup', { append: false });
  await dev.promote('warmup', prod);
  await dev.promote('warmup', prod);
  await prod.drop('warmup');
  await dev.drop('warmup');
  await prod.drop(DATASET, { force: true });
  const loaded = await raw.load(source.table);
  if (loaded !== rows) throw new Error(`${engine} ${raw.label}: loaded ${loaded} rows of ${rows}`);
  await raw.warm(source.table);

  const samples: Record<PromoteCase, { raw: number[]; omega: number[]; phases: CopyPhases[] }> = {
    create: { raw: [], omega: [], phases: [] },
    replace: { raw: [], omega: [], phases: [] },
  };
  const columnListMs: number[] = [];
  const sides = {
    raw: async (rep: number) => {
      const [first, second] = [`copy-${rep}`, `copy-${rep}-replace`];
      for (const [kind, run] of [
        ['create', () => raw.copy(first)],
        ['replace', () => raw.copy(second, { replacing: first })],
      ] as const) {
        let phases: CopyPhases | undefined;
        collectGarbage();
        samples[kind].raw.push(
          await timeMs(async () => {
            phases = await run();
          }),
        );
        if (phases) samples[kind].phases.push(phases);
      }
      const n = await raw.count(second);
      if (n !== rows) throw new Error(`${engine} ${raw.label}: copied ${n} rows of ${rows}`);
      await raw.drop(second);
      // The copy as omegats words it, beside the measured ones (not part of the ratio).
      const named = `copy-${rep}-columns`;
      collectGarbage();
      columnListMs.push(await timeMs(() => raw.copy(named, { columnList: true })));
      await raw.drop(named);
    },
    omega: async (rep: number) => {
      for (const kind of ['create', 'replace'] as const) {
        let result: Awaited<ReturnType<typeof dev.promote>> | undefined;
        collectGarbage();
        samples[kind].omega.push(
          await timeMs(async () => {
            result = await dev.promote(DATASET, prod);
          }),
        );
        const { plan, metadata } = result ?? {};
        if (plan?.action !== kind || plan.copy !== 'sql' || metadata?.kindMeta.rows !== rows) {
          throw new Error(`${engine} promote: ${plan?.action}/${plan?.copy}, ${metadata?.kindMeta.rows} rows`);
        }
      }
      if (rep === 0) await checkPromoted(`${engine} promote`, om.bucket(TARGET_BUCKET), rows);
      await prod.drop(DATASET);
    },
  };
  for (let rep = 0; rep < repeat; rep++) {
    const order: ('raw' | 'omega')[] = rep % 2 === 0 ? ['raw', 'omega'] : ['omega', 'raw'];
    for (const side of order) await sides[side](rep);
  }
  return (['create', 'replace'] as const).map((kind) => {
    const { raw: rawMs, omega: omegaMs, phases } = samples[kind];
    const rawRowsPerSec = rows / (median(rawMs) / 1000);
    const omegaRowsPerSec = rows / (median(omegaMs) / 1000);
    return {
      engine,
      case: kind,
      rows,
      baseline: raw.op + (kind === 'replace' ? '; drop the old copy' : ''),
      rawMs,
      omegaMs,
      rawPhases: medianPhases(phases),
      rawRowsPerSec,
      omegaRowsPerSec,
      ratio: omegaRowsPerSec / rawRowsPerSec,
      target: PROMOTE_TARGET,
      ...(kind === 'create' ? { rawColumnListMs: columnListMs } : {}),
    };
  });
}

function medianPhases(samples: readonly CopyPhases[]): CopyPhases {
  const phases: CopyPhases = { create: 0, insertSelect: 0, key: 0, dropOld: 0, commit: 0 };
  for (const phase of PHASES) phases[phase] = median(samples.map((sample) => sample[phase]));
  return phases;
}

/** The promoted dataset has every row, and rows that start a load chunk equal the ones put. */
async function checkPromoted(label: string, om: Omega, rows: number): Promise<void> {
  const n = await om.datasets.getl(DATASET).count();
  if (n !== rows) throw new Error(`${label}: ${n} rows of ${rows}`);
  for (const id of [0, Math.floor((rows - 1) / LOAD_CHUNK) * LOAD_CHUNK]) {
    const got = await om.datasets.get(DATASET, { filter: { id } });
    if (!isDeepStrictEqual(got, benchRows(1, id))) throw new Error(`${label}: row ${id} differs`);
  }
}

/** One end of a promotion across contexts: its engine, how a child opens it, and our handle on it. */
export interface CrossEnd {
  engine: EngineName;
  args: ContextArgs;
  om: Omega;
}

/**
 * Promotes `dev/big` of `from` into the bucket `cross` of `to` in a child process
 * (bench/lib/promote-child.ts), whose peak RSS is the streamed promotion's own, `repeat` times;
 * checks the target's rows after the first, and drops the target after each.
 */
export async function benchCrossPromotion(
  home: string,
  from: CrossEnd,
  to: CrossEnd,
  rows: number,
  repeat: number,
): Promise<CrossPromoteResult> {
  const target = to.om.bucket(CROSS_BUCKET);
  const job: PromoteJob = {
    home,
    source: { ...from.args, bucket: SOURCE_BUCKET },
    target: { ...to.args, bucket: CROSS_BUCKET },
    dataset: DATASET,
  };
  const reports: PromoteReport[] = [];
  for (let rep = 0; rep < repeat; rep++) {
    await target.datasets.drop(DATASET, { force: true });
    try {
      const report = await runNodeChild<PromoteReport>(new URL('./lib/promote-child.ts', import.meta.url), job);
      if (report.rows !== rows || report.action !== 'create' || report.copy !== 'stream') {
        throw new Error(`${from.engine} → ${to.engine}: ${report.action}/${report.copy}, ${report.rows} rows`);
      }
      if (rep === 0) await checkPromoted(`${from.engine} → ${to.engine}`, target, rows);
      reports.push(report);
    } finally {
      await target.datasets.drop(DATASET, { force: true });
    }
  }
  const ms = reports.map((r) => r.ms);
  return {
    from: from.engine,
    to: to.engine,
    rows,
    ms,
    rowsPerSec: rows / (median(ms) / 1000),
    startRssMB: reports.map((r) => r.startRssMB),
    peakRssMB: reports.map((r) => r.peakRssMB),
    peakHeapMB: reports.map((r) => r.peakHeapMB),
    limitMB: CROSS_LIMIT_MB,
  };
}
