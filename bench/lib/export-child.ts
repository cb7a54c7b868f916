/**
 * Exports one table dataset with `om.datasets.exportFile(name, path, { format: 'csv' })` in a
 * process of its own, so its peak RSS is the export's:
 * `node --import tsx bench/lib/export-child.ts '<ExportJob JSON>'`; prints one ExportReport line.
 */
import { performance } from 'node:perf_hooks';
import { setup } from '../../src/setup.js';
import { MiB } from './timing.js';

export interface ExportJob {
  /** setup() options of the context that holds the dataset. */
  home: string;
  context: string;
  store: string;
  dataset: string;
  path: string;
}

export interface ExportReport {
  /** Rows written, as exportFile reports them. */
  rows: number;
  ms: number;
  /** RSS once the context is open, before the export, and the process's peak (MB). */
  startRssMB: number;
  peakRssMB: number;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as ExportJob;
  const om = await setup({ home: job.home, name: job.context, store: job.store });
  try {
    const startRssMB = process.memoryUsage().rss / MiB;
    const started = performance.now();
    const { rows } = await om.datasets.exportFile(job.dataset, job.path, { format: 'csv' });
    const ms = performance.now() - started;
    const report: ExportReport = { rows, ms, startRssMB, peakRssMB: process.resourceUsage().maxRSS / 1024 };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await om.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
