import type { CpuPerTask, LatencyRun, RuntimeResult, ThroughputRun } from '../runtime.js';
import { ms, num, ratio, renderTable } from './table.js';

/** Round-trip latency per op: raw and omegats p50/p99 (medians of the runs) and the p50 overhead against its target. */
export function runtimeLatencyTable(result: RuntimeResult): string {
  const target = result.targets.p50OverheadMs;
  return renderTable(
    [
      { header: 'op' },
      { header: 'raw p50', align: 'right' },
      { header: 'p99', align: 'right' },
      { header: 'omegats p50', align: 'right' },
      { header: 'p99', align: 'right' },
      { header: 'p50 overhead', align: 'right' },
      { header: 'target' },
    ],
    result.latency.map((r) => [
      r.op,
      ms(r.raw.p50),
      ms(r.raw.p99),
      ms(r.omega.p50),
      ms(r.omega.p99),
      `${r.p50OverheadMs >= 0 ? '+' : ''}${ms(r.p50OverheadMs)}`,
      `${r.ok ? 'ok' : 'MISSED'} (≤ ${target} ms)`,
    ]),
  );
}

/** Where a round trip's time goes: until the task is queued, then waiting for its result; and the p50 of each run. */
export function runtimeSplitTable(result: RuntimeResult): string {
  const p50s = (runs: readonly LatencyRun[]) => runs.map((run) => ms(run.total.p50)).join(' ');
  return renderTable(
    [
      { header: 'op' },
      { header: 'side' },
      { header: 'submit p50', align: 'right' },
      { header: 'wait p50', align: 'right' },
      { header: 'total p50', align: 'right' },
      { header: 'mean', align: 'right' },
      { header: 'p50 of each run' },
    ],
    result.latency.flatMap((r) => [
      [r.op, 'raw', ms(r.raw.submitP50), ms(r.raw.waitP50), ms(r.raw.p50), ms(r.raw.mean), p50s(r.runs.raw)],
      [
        r.op,
        'omegats',
        ms(r.omega.submitP50),
        ms(r.omega.waitP50),
        ms(r.omega.p50),
        ms(r.omega.mean),
        p50s(r.runs.omega),
      ],
    ]),
  );
}

/** Tasks per second with a fixed number in flight (medians of the runs) and the ratio against its target. */
export function runtimeThroughputTable(result: RuntimeResult): string {
  const target = result.targets.throughputRatio;
  const each = (runs: readonly ThroughputRun[]) => runs.map((run) => num(run.tasksPerSec, 0)).join(' ');
  return renderTable(
    [
      { header: 'op' },
      { header: 'raw tasks/s', align: 'right' },
      { header: 'omegats tasks/s', align: 'right' },
      { header: 'omegats/raw', align: 'right' },
      { header: 'target' },
      { header: 'raw runs' },
      { header: 'omegats runs' },
    ],
    result.throughput.map((r) => [
      r.op,
      num(r.raw, 0),
      num(r.omega, 0),
      ratio(r.ratio),
      `${r.ok ? 'ok' : 'MISSED'} (≥ ${target})`,
      each(r.runs.raw),
      each(r.runs.omega),
    ]),
  );
}

/**
 * CPU time per task in µs (medians of the runs) of the bench process (the client), the side's
 * worker and Redis: what each side costs the machine, wherever the time is spent.
 */
export function runtimeCpuTable(result: RuntimeResult): string {
  const us = (value: number) => num(value, 0);
  const total = (cpu: CpuPerTask) => cpu.client + cpu.worker + (Number.isNaN(cpu.redis) ? 0 : cpu.redis);
  const rows = (op: string, mode: string, raw: CpuPerTask, omega: CpuPerTask) =>
    (
      [
        ['raw', raw],
        ['omegats', omega],
      ] as const
    ).map(([side, cpu]) => [
      op,
      mode,
      side,
      us(cpu.client),
      us(cpu.worker),
      us(cpu.redis),
      us(total(cpu)),
      side === 'omegats' ? `+${us(total(omega) - total(raw))}` : '',
    ]);
  return renderTable(
    [
      { header: 'op' },
      { header: 'run' },
      { header: 'side' },
      { header: 'client µs', align: 'right' },
      { header: 'worker µs', align: 'right' },
      { header: 'Redis µs', align: 'right' },
      { header: 'total µs', align: 'right' },
      { header: 'omegats extra', align: 'right' },
    ],
    [
      ...result.latency.flatMap((r) => rows(r.op, 'sequential', r.raw.cpu, r.omega.cpu)),
      ...result.throughput.flatMap((r) => rows(r.op, `${result.inFlight} in flight`, r.cpu.raw, r.cpu.omega)),
    ],
  );
}
