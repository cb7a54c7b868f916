import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Omega } from '../src/omega.js';
import type { ContextArgs, EngineName } from './lib/contexts.js';
import type { ExportJob, ExportReport } from './lib/export-child.js';
import { collectGarbage, type MemoryGrowth, withMemoryGrowth } from './lib/memory.js';
import { runNodeChild } from './lib/node-child.js';
import type { TableTarget } from './lib/raw-table.js';
import { type BenchRow, expectedCount } from './lib/table-rows.js';
import { MiB, median, timeMs } from './lib/timing.js';

export type TableOp = 'put' | 'get' | 'count';

export interface TableResult {
  engine: EngineName;
  op: TableOp;
  baseline: string;
  rows: number;
  /** One sample per repetition, in milliseconds. */
  rawMs: number[];
  omegaMs: number[];
  /** Median throughputs in rows/s (count: rows scanned per second). */
  rawRowsPerSec: number;
  omegaRowsPerSec: number;
  /** omegaRowsPerSec / rawRowsPerSec: above 1 is faster than the raw engine. */
  ratio: number;
  /** count only: rows matched, and the heap/RSS growth over an omegats count. */
  matched?: number;
  omegaGrowth?: MemoryGrowth;
}

const WARMUP_ROWS = 10_000;

/**
 * Puts `rows` as a new table through omegats and the raw baseline, gets it back whole and counts
 * a filter over it, `repeat` times alternating which goes first, after a small unmeasured warm-up.
 */
export async function benchTable(
  engine: EngineName,
  omega: TableTarget,
  raw: TableTarget,
  rows: readonly BenchRow[],
  repeat: number,
): Promise<TableResult[]> {
  const warm = rows.slice(0, WARMUP_ROWS);
  for (const target of [raw, omega]) {
    await target.put('warmup', warm);
    await target.get('warmup');
    await target.count('warmup');
  }
  const matched = expectedCount(rows);
  const samples: Record<TableOp, { raw: number[]; omega: number[] }> = {
    put: { raw: [], omega: [] },
    get: { raw: [], omega: [] },
    count: { raw: [], omega: [] },
  };
  for (let rep = 0; rep < repeat; rep++) {
    const name = `table-${rep}`;
    const order: ['raw' | 'omega', TableTarget][] = [
      ['raw', raw],
      ['omega', omega],
    ];
    if (rep % 2 === 1) order.reverse();
    // A full GC before each measured operation: none pays for the garbage of the one before.
    for (const [side, target] of order) {
      collectGarbage();
      samples.put[side].push(await timeMs(() => target.put(name, rows)));
    }
    for (const [side, target] of order) {
      let got: unknown[] = [];
      collectGarbage();
      samples.get[side].push(
        await timeMs(async () => {
          got = await target.get(name);
        }),
      );
      checkRows(`${engine} ${target.label}`, got, rows, side === 'omega');
    }
    for (const [side, target] of order) {
      let n = -1;
      collectGarbage();
      samples.count[side].push(
        await timeMs(async () => {
          n = await target.count(name);
        }),
      );
      if (n !== matched) throw new Error(`${engine} ${target.label}: counted ${n}, expected ${matched}`);
    }
  }
  // Memory is watched on one more, untimed count, so the sampling costs no measured time.
  collectGarbage();
  const { growth } = await withMemoryGrowth(() => omega.count(`table-${repeat - 1}`));
  return (Object.keys(samples) as TableOp[]).map((op) => {
    const { raw: rawMs, omega: omegaMs } = samples[op];
    const rawRowsPerSec = rows.length / (median(rawMs) / 1000);
    const omegaRowsPerSec = rows.length / (median(omegaMs) / 1000);
    const result: TableResult = {
      engine,
      op,
      baseline: raw.ops[op],
      rows: rows.length,
      rawMs,
      omegaMs,
      rawRowsPerSec,
      omegaRowsPerSec,
      ratio: omegaRowsPerSec / rawRowsPerSec,
    };
    return op === 'count' ? { ...result, matched, omegaGrowth: growth } : result;
  });
}

/** Every row must come back; omegats' rows must also equal the ones put (sampled), in order. */
function checkRows(label: string, got: unknown[], rows: readonly BenchRow[], exact: boolean): void {
  if (got.length !== rows.length) throw new Error(`${label}: got ${got.length} rows of ${rows.length}`);
  if (!exact) return;
  for (const i of [0, rows.length >> 1, rows.length - 1]) {
    if (!isDeepStrictEqual(got[i], rows[i])) throw new Error(`${label}: row ${i} differs`);
  }
}

export interface ExportResult {
  engine: EngineName;
  rows: number;
  /** Loading the dataset with put(…, { append: true }) in chunks (generation not counted). */
  loadMs: number;
  loadRowsPerSec: number;
  exportMs: number;
  rowsPerSec: number;
  fileMB: number;
  /** RSS of the export process once its context is open, and its peak (MB). */
  startRssMB: number;
  peakRssMB: number;
  limitMB: number;
}

const LOAD_CHUNK = 250_000;
const EXPORT_LIMIT_MB = 300;

/**
 * Loads `count` rows into a dataset with put(…, { append: true }) in chunks, copied from `base`
 * with new ids (cheaper than generating them), then exports it to CSV in a child process
 * (bench/lib/export-child.ts) whose peak RSS is the export's own; checks the file's line count.
 */
export async function benchExport(
  engine: EngineName,
  om: Omega,
  home: string,
  args: ContextArgs,
  base: readonly BenchRow[],
  count: number,
): Promise<ExportResult> {
  const dataset = 'export';
  let loadMs = 0;
  for (let first = 0; first < count; first += LOAD_CHUNK) {
    const rows = Array.from({ length: Math.min(LOAD_CHUNK, count - first) }, (_, i) => {
      const row = base[(first + i) % base.length] as BenchRow;
      return { ...row, id: first + i };
    });
    loadMs += await timeMs(() => om.datasets.put(rows, dataset, { append: true }));
  }
  const path = join(home, `export-${engine}.csv`);
  const job: ExportJob = { home, ...args, dataset, path };
  try {
    const report = await runNodeChild<ExportReport>(new URL('./lib/export-child.ts', import.meta.url), job);
    const lines = await countLines(path);
    if (report.rows !== count || lines !== count + 1) {
      throw new Error(`${engine} export: ${report.rows} rows, ${lines} lines, for ${count} rows and a header`);
    }
    return {
      engine,
      rows: count,
      loadMs,
      loadRowsPerSec: count / (loadMs / 1000),
      exportMs: report.ms,
      rowsPerSec: count / (report.ms / 1000),
      fileMB: (await stat(path)).size / MiB,
      startRssMB: report.startRssMB,
      peakRssMB: report.peakRssMB,
      limitMB: EXPORT_LIMIT_MB,
    };
  } finally {
    await rm(path, { force: true });
    await om.datasets.drop(dataset, { force: true });
  }
}

async function countLines(path: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines++;
  }
  return lines;
}
