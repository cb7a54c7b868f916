import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MiB } from './timing.js';

setFlagsFromString('--expose-gc');
/** A full garbage collection, so a measurement starts from live memory only. */
export const collectGarbage = runInNewContext('gc') as () => void;

/** Growth of the JS heap and of RSS over a run, in MB (2^20 bytes): peak seen minus start. */
export interface MemoryGrowth {
  heapMB: number;
  rssMB: number;
}

/**
 * Runs `fn` and reports how far heap and RSS rose above where they started (call collectGarbage
 * first): sampled every few ms while the event loop is free, and once more at the end.
 */
export async function withMemoryGrowth<T>(fn: () => Promise<T>): Promise<{ value: T; growth: MemoryGrowth }> {
  const start = process.memoryUsage();
  let heap = start.heapUsed;
  let rss = start.rss;
  const sample = () => {
    const now = process.memoryUsage();
    heap = Math.max(heap, now.heapUsed);
    rss = Math.max(rss, now.rss);
  };
  const timer = setInterval(sample, 5);
  try {
    const value = await fn();
    sample();
    return { value, growth: { heapMB: (heap - start.heapUsed) / MiB, rssMB: (rss - start.rss) / MiB } };
  } finally {
    clearInterval(timer);
  }
}
