/**
 * Exports objects into an archive, or imports one, in a process of its own so its peak RSS is the
 * archive's: `node --import tsx bench/lib/archive-child.ts '<ArchiveJob JSON>'`; prints one
 * ArchiveReport line.
 */
import { performance } from 'node:perf_hooks';
import { setup } from '../../src/setup.js';
import { MiB } from './timing.js';

export interface ArchiveJob {
  /** setup() options of the context exported from or imported into. */
  home: string;
  context: string;
  store: string;
  mode: 'export' | 'import';
  /** What to export (`datasets/big`). */
  selectors: string[];
  path: string;
}

export interface ArchiveReport {
  ms: number;
  /** RSS once the context is open, and the process's peak (MB). */
  startRssMB: number;
  peakRssMB: number;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as ArchiveJob;
  const om = await setup({ home: job.home, name: job.context, store: job.store });
  try {
    // The archive code loads on first use: load it before the clock starts.
    await import('../../src/archive/export-archive.js');
    await import('../../src/archive/import-archive.js');
    const startRssMB = process.memoryUsage().rss / MiB;
    const started = performance.now();
    if (job.mode === 'export') await om.toArchive(job.selectors, job.path);
    else await om.fromArchive(job.path, { replace: true });
    const ms = performance.now() - started;
    const report: ArchiveReport = { ms, startRssMB, peakRssMB: process.resourceUsage().maxRSS / 1024 };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await om.close();
  }
}

await main();
