/**
 * Promotes one table dataset from a bucket of one context into a bucket of another with
 * `source.bucket(b).datasets.promote(name, target.bucket(b).datasets)`, in a process of its own,
 * so its peak RSS is the promotion's: `node --import tsx bench/lib/promote-child.ts '<PromoteJob JSON>'`;
 * prints one PromoteReport line.
 */
import { performance } from 'node:perf_hooks';
import { setup } from '../../src/setup.js';
import type { ContextArgs } from './contexts.js';
import { MiB } from './timing.js';

export interface PromoteEnd extends ContextArgs {
  bucket: string;
}

export interface PromoteJob {
  /** setup() options of both contexts. */
  home: string;
  source: PromoteEnd;
  target: PromoteEnd;
  dataset: string;
}

export interface PromoteReport {
  /** Rows of the target's table, as its new metadata gives them. */
  rows: number;
  /** The plan's action (`create`) and copy (`stream` across contexts). */
  action: string;
  copy: string;
  ms: number;
  /** RSS once both contexts are open, before the promotion, and the process's peak (MB). */
  startRssMB: number;
  peakRssMB: number;
  /** The largest JS heap seen while promoting (sampled every 10 ms), MB. */
  peakHeapMB: number;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as PromoteJob;
  const source = await setup({ home: job.home, name: job.source.context, store: job.source.store });
  try {
    const target = await setup({ home: job.home, name: job.target.context, store: job.target.store });
    try {
      const startRssMB = process.memoryUsage().rss / MiB;
      let peakHeap = process.memoryUsage().heapUsed;
      const timer = setInterval(() => {
        peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      }, 10);
      const started = performance.now();
      const result = await source
        .bucket(job.source.bucket)
        .datasets.promote(job.dataset, target.bucket(job.target.bucket).datasets);
      const ms = performance.now() - started;
      clearInterval(timer);
      const report: PromoteReport = {
        rows: Number(result.metadata?.kindMeta.rows),
        action: result.plan.action,
        copy: result.plan.copy,
        ms,
        startRssMB,
        peakRssMB: process.resourceUsage().maxRSS / 1024,
        peakHeapMB: peakHeap / MiB,
      };
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
