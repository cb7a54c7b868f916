import type { Writable } from 'node:stream';
import type { CliIo } from './io.js';

/** Reports the progress of long CLI work (API.md §8: "long work shows progress on a TTY"). */
export interface Progress {
  /** `n` more items are done. */
  tick(n: number): void;
  /** Shows the final count and ends the line. */
  done(): void;
}

/** What is counted: items (`1,234/5,000`) or bytes (`1.2 MB/5.0 MB`). */
export type ProgressUnit = 'items' | 'bytes';

const INTERVAL_MS = 100; // at most 10 updates a second

/** stderr when it is a terminal: where progress lines go; else undefined (no progress). */
export function progressTerminal(io: CliIo): Writable | undefined {
  return io.isTTY.stderr ? io.stderr : undefined;
}

/**
 * One line on `terminal` (stderr when it is a TTY), rewritten in place (`label 1,234/5,000 (24%)`);
 * without a terminal, nothing.
 */
export function createProgress(
  terminal: Writable | undefined,
  label: string,
  total?: number,
  unit: ProgressUnit = 'items',
): Progress {
  if (!terminal) return { tick: () => undefined, done: () => undefined };
  const amount = unit === 'bytes' ? bytesText : (n: number) => n.toLocaleString('en-US');
  let count = 0;
  let shownAt = Number.NEGATIVE_INFINITY;
  let finished = false;
  const show = () => {
    let text = `${label} ${amount(count)}`;
    if (total !== undefined) text += `/${amount(total)}`;
    if (total) text += ` (${Math.min(100, Math.floor((count / total) * 100))}%)`;
    rewrite(terminal, text);
    shownAt = Date.now();
  };
  return {
    tick(n) {
      count += n;
      if (!finished && Date.now() - shownAt >= INTERVAL_MS) show();
    },
    done() {
      if (finished) return;
      finished = true;
      show();
      terminal.write('\n');
    },
  };
}

/** A line that counts the seconds of work without a measure of its own (`iris fit: 12 s`), once a second. */
export function createElapsed(terminal: Writable | undefined, label: string): { done(): void } {
  if (!terminal) return { done: () => undefined };
  const start = Date.now();
  const seconds = () => (Date.now() - start) / 1000;
  rewrite(terminal, `${label} 0 s`);
  const timer = setInterval(() => rewrite(terminal, `${label} ${Math.floor(seconds())} s`), 1000);
  timer.unref();
  let finished = false;
  return {
    done() {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      rewrite(terminal, `${label} ${seconds().toFixed(1)} s`);
      terminal.write('\n');
    },
  };
}

function rewrite(terminal: Writable, text: string): void {
  terminal.write(`\r${text}\x1b[K`); // \x1b[K clears the rest of the line
}

/** `512 B`, `1.2 kB`, `34.5 MB`, `1.0 GB` (powers of 1000, as disk sizes are shown). */
export function bytesText(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
