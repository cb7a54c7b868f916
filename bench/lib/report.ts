import type { FileResult } from '../storage-file.js';
import type { JsonResult } from '../storage-json.js';
import { ms, num, ratio, renderTable } from './table.js';

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
