import type { Writable } from 'node:stream';

/** Reports the progress of long CLI work (API.md §8: "long work shows progress on a TTY"). */
export interface Progress {
  /** `n` more items are done. */
  tick(n: number): void;
  /** Shows the final count and ends the line. */
  done(): void;
}

const INTERVAL_MS = 100; // at most 10 updates a second

/**
 * One line on `terminal` (stderr when it is a TTY), rewritten in place (`label 1,234/5,000 (24%)`);
 * without a terminal, nothing.
 */
export function createProgress(terminal: Writable | undefined, label: string, total?: number): Progress {
  if (!terminal) return { tick: () => undefined, done: () => undefined };
  let count = 0;
  let shownAt = Number.NEGATIVE_INFINITY;
  let finished = false;
  const show = () => {
    let text = `${label} ${count.toLocaleString('en-US')}`;
    if (total !== undefined) text += `/${total.toLocaleString('en-US')}`;
    if (total) text += ` (${Math.min(100, Math.floor((count / total) * 100))}%)`;
    terminal.write(`\r${text}\x1b[K`); // \x1b[K clears the rest of the line
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
