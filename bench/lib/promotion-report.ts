import type { CrossPromoteResult, PromoteResult, PromoteSource } from '../promotion.js';
import { PHASES } from './raw-promote.js';
import { ms, num, ratio, renderTable } from './table.js';
import { median } from './timing.js';

/** Thousands of rows per second. */
const kRows = (perSecond: number) => num(perSecond / 1000, 0);

export function promoteTable(results: readonly PromoteResult[]): string {
  return renderTable(
    [
      { header: 'engine' },
      { header: 'case' },
      { header: 'raw ms', align: 'right' },
      { header: 'omegats ms', align: 'right' },
      { header: 'raw krows/s', align: 'right' },
      { header: 'omegats krows/s', align: 'right' },
      { header: 'omegats/raw' },
      { header: 'raw baseline' },
    ],
    results.map((r) => [
      r.engine,
      r.case,
      ms(median(r.rawMs)),
      ms(median(r.omegaMs)),
      kRows(r.rawRowsPerSec),
      kRows(r.omegaRowsPerSec),
      `${ratio(r.ratio)} ${r.ratio >= r.target ? 'ok' : 'BELOW'} (≥ ${r.target})`,
      r.baseline,
    ]),
  );
}

/** Every sample, in the order taken (repetitions alternate which side goes first). */
export function promoteSamplesTable(results: readonly PromoteResult[]): string {
  return renderTable(
    [{ header: 'engine' }, { header: 'case' }, { header: 'raw ms' }, { header: 'omegats ms' }],
    results.map((r) => [r.engine, r.case, r.rawMs.map(ms).join(' '), r.omegaMs.map(ms).join(' ')]),
  );
}

const PHASE_HEADERS: Record<(typeof PHASES)[number], string> = {
  create: 'create',
  insertSelect: 'insert-select',
  key: 'primary key',
  dropOld: 'drop old',
  commit: 'commit',
};

/** The raw copy's phases (medians), and what omegats spends beyond the raw total. */
export function promotePhaseTable(results: readonly PromoteResult[]): string {
  return renderTable(
    [
      { header: 'engine' },
      { header: 'case' },
      ...PHASES.map((phase) => ({ header: PHASE_HEADERS[phase], align: 'right' as const })),
      { header: 'raw total', align: 'right' },
      { header: 'omegats', align: 'right' },
      { header: 'omegats − raw', align: 'right' },
      { header: 'raw, column list', align: 'right' },
    ],
    results.map((r) => [
      r.engine,
      r.case,
      ...PHASES.map((phase) => ms(r.rawPhases[phase])),
      ms(median(r.rawMs)),
      ms(median(r.omegaMs)),
      ms(median(r.omegaMs) - median(r.rawMs)),
      r.rawColumnListMs ? ms(median(r.rawColumnListMs)) : '',
    ]),
  );
}

export function promoteSourceTable(sources: readonly PromoteSource[]): string {
  return renderTable(
    [
      { header: 'engine' },
      { header: 'rows', align: 'right' },
      { header: 'load s', align: 'right' },
      { header: 'load krows/s', align: 'right' },
    ],
    sources.map((s) => [s.engine, String(s.rows), num(s.loadMs / 1000), kRows(s.rows / (s.loadMs / 1000))]),
  );
}

export function crossPromoteTable(results: readonly CrossPromoteResult[]): string {
  const list = (values: readonly number[]) => values.map((v) => num(v, 0)).join(' ');
  return renderTable(
    [
      { header: 'from → to' },
      { header: 'rows', align: 'right' },
      { header: 'median s', align: 'right' },
      { header: 'krows/s', align: 'right' },
      { header: 'runs s' },
      { header: 'start RSS MB' },
      { header: 'peak RSS MB, per run' },
      { header: 'peak heap MB' },
      { header: 'worst peak vs limit' },
    ],
    results.map((r) => {
      const worst = Math.max(...r.peakRssMB);
      return [
        `${r.from} → ${r.to}`,
        String(r.rows),
        num(median(r.ms) / 1000),
        kRows(r.rowsPerSec),
        r.ms.map((v) => num(v / 1000)).join(' '),
        list(r.startRssMB),
        list(r.peakRssMB),
        list(r.peakHeapMB),
        worst < r.limitMB ? `ok (${num(worst, 0)} < ${r.limitMB})` : `OVER (${num(worst, 0)} ≥ ${r.limitMB})`,
      ];
    }),
  );
}
