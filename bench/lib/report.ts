import type { ModelStoreResult, PredictResult } from '../models.js';
import type { FileResult } from '../storage-file.js';
import type { JsonResult } from '../storage-json.js';
import type { ExportResult, TableOp, TableResult } from '../storage-table.js';
import type { PartLoad } from './results.js';
import { ms, num, ratio, renderTable } from './table.js';
import { median } from './timing.js';

export function fileTable(results: readonly FileResult[]): string {
  return renderTable(
    [
      { header: 'engine' },
      { header: 'op' },
      { header: 'raw MB/s', align: 'right' },
      { header: 'omegats MB/s', align: 'right' },
      { header: 'omegats/raw', align: 'right' },
      { header: 'raw baseline' },
    ],
    results.map((r) => [r.engine, r.op, num(r.rawMBps), num(r.omegaMBps), ratio(r.ratio), r.baseline]),
  );
}

export function jsonTable(results: readonly JsonResult[]): string {
  return renderTable(
    [
      { header: 'engine' },
      { header: 'op' },
      { header: 'raw p50', align: 'right' },
      { header: 'p99', align: 'right' },
      { header: 'mean', align: 'right' },
      { header: 'omegats p50', align: 'right' },
      { header: 'p99', align: 'right' },
      { header: 'mean', align: 'right' },
      { header: 'ratio p50', align: 'right' },
      { header: 'p99', align: 'right' },
      { header: 'mean', align: 'right' },
    ],
    results.map((r) => [
      r.engine,
      r.op,
      ms(r.raw.p50),
      ms(r.raw.p99),
      ms(r.raw.mean),
      ms(r.omega.p50),
      ms(r.omega.p99),
      ms(r.omega.mean),
      ratio(r.ratio.p50),
      ratio(r.ratio.p99),
      ratio(r.ratio.mean),
    ]),
  );
}

/** Thousands of rows per second. */
const kRows = (perSecond: number) => num(perSecond / 1000, 0);

/** Table put/get/count: medians, throughputs and their ratio, against `goals` (ratios per op) when given. */
export function tableTable(results: readonly TableResult[], goals?: Partial<Record<TableOp, number>>): string {
  const goal = (r: TableResult) => {
    const least = goals?.[r.op];
    return least === undefined ? '' : `${r.ratio >= least ? 'ok' : 'BELOW'} (≥ ${least})`;
  };
  return renderTable(
    [
      { header: 'engine' },
      { header: 'op' },
      { header: 'raw ms', align: 'right' },
      { header: 'omegats ms', align: 'right' },
      { header: 'raw krows/s', align: 'right' },
      { header: 'omegats krows/s', align: 'right' },
      { header: 'omegats/raw', align: 'right' },
      ...(goals ? [{ header: 'goal' }] : []),
      { header: 'raw baseline' },
    ],
    results.map((r) => [
      r.engine,
      r.op,
      ms(median(r.rawMs)),
      ms(median(r.omegaMs)),
      kRows(r.rawRowsPerSec),
      kRows(r.omegaRowsPerSec),
      ratio(r.ratio),
      ...(goals ? [goal(r)] : []),
      r.baseline,
    ]),
  );
}

/** The load averages around each benchmark. */
export function loadTable(loads: readonly PartLoad[]): string {
  const three = (values: readonly number[]) => values.map((v) => v.toFixed(2)).join(' ');
  return renderTable(
    [{ header: 'benchmark' }, { header: 'before' }, { header: 'after' }],
    loads.map((load) => [load.part, three(load.before), three(load.after)]),
  );
}

/** The JS heap and RSS growth of the omegats counts (it counts in the database: ~0 expected). */
export function countMemoryTable(results: readonly TableResult[]): string {
  return renderTable(
    [
      { header: 'engine' },
      { header: 'rows matched', align: 'right' },
      { header: 'heap growth MB', align: 'right' },
      { header: 'RSS growth MB', align: 'right' },
    ],
    results
      .filter((r) => r.omegaGrowth)
      .map((r) => [
        r.engine,
        String(r.matched ?? '?'),
        num(r.omegaGrowth?.heapMB ?? Number.NaN),
        num(r.omegaGrowth?.rssMB ?? Number.NaN),
      ]),
  );
}

export function exportTable(results: readonly ExportResult[]): string {
  return renderTable(
    [
      { header: 'engine' },
      { header: 'load krows/s', align: 'right' },
      { header: 'export s', align: 'right' },
      { header: 'krows/s', align: 'right' },
      { header: 'CSV MB', align: 'right' },
      { header: 'start RSS MB', align: 'right' },
      { header: 'peak RSS MB', align: 'right' },
      { header: 'limit' },
    ],
    results.map((r) => [
      r.engine,
      kRows(r.loadRowsPerSec),
      num(r.exportMs / 1000),
      kRows(r.rowsPerSec),
      num(r.fileMB, 0),
      num(r.startRssMB, 0),
      num(r.peakRssMB),
      r.peakRssMB < r.limitMB ? `ok (< ${r.limitMB})` : `OVER ${r.limitMB}`,
    ]),
  );
}

export function modelStoreTable(results: readonly ModelStoreResult[]): string {
  return renderTable(
    [
      { header: 'engine' },
      { header: 'op' },
      { header: 'omegats p50', align: 'right' },
      { header: 'p99', align: 'right' },
      { header: 'floor p50', align: 'right' },
      { header: 'p99', align: 'right' },
      { header: 'added p50', align: 'right' },
      { header: 'omegats/floor', align: 'right' },
      { header: 'floor' },
    ],
    results.map((r) => [
      r.engine,
      r.op,
      ms(r.omega.p50),
      ms(r.omega.p99),
      ms(r.floor.p50),
      ms(r.floor.p99),
      ms(r.omega.p50 - r.floor.p50),
      ratio(r.ratio),
      r.floorOp,
    ]),
  );
}

/** Per engine: the stored size and the versions the puts made. */
export function modelSizeTable(results: readonly ModelStoreResult[]): string {
  return renderTable(
    [
      { header: 'engine' },
      { header: 'stored bytes', align: 'right' },
      { header: 'toJSON bytes', align: 'right' },
      { header: 'versions', align: 'right' },
      { header: 'same-bytes put' },
    ],
    results
      .filter((r) => r.op === 'put')
      .map((r) => [
        r.engine,
        String(r.storedBytes),
        String(r.jsonBytes),
        String(r.versions),
        r.samePutAddsVersion ? 'adds a version' : 'adds no version',
      ]),
  );
}

export function predictTable(result: PredictResult): string {
  return renderTable(
    [
      { header: 'path' },
      { header: 'median ms', align: 'right' },
      { header: 'krows/s', align: 'right' },
      { header: 'adapter/direct', align: 'right' },
    ],
    [
      ['forest.predict(X)', ms(median(result.directMs)), num(result.directRowsPerSec / 1000), ''],
      [
        'estimatorFor(forest).predict(X)',
        ms(median(result.adapterMs)),
        num(result.adapterRowsPerSec / 1000),
        `${ratio(result.ratio)} ${result.ratio >= result.target ? 'ok' : 'BELOW'} (target ≥ ${result.target})`,
      ],
    ],
  );
}
