import type { Task } from '../../../src/runtime/task.js';

export interface TrainingRow {
  a: number;
  b: number;
  label: string;
}

/**
 * `n` rows of two features in [0, 10) labelled by whether a < b: `labels[0]` if so, else
 * `labels[1]`. Deterministic for a given `seed`, and learnable by any classifier.
 */
export function trainingRows(n: number, labels: [string, string] = ['lt', 'ge'], seed = 1): TrainingRow[] {
  let state = seed;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.round((state / 2147483648) * 1000) / 100;
  };
  return Array.from({ length: n }, () => {
    const a = next();
    const b = next();
    return { a, b, label: a < b ? labels[0] : labels[1] };
  });
}

/** Polls `check` until it holds; fails naming `what` after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Waits until a worker has taken the task. */
export function untilRunning(task: Task<unknown>): Promise<void> {
  return eventually(async () => (await task.status()) === 'running', `task ${task.id} to run`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
