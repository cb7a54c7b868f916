import type { Redis } from 'ioredis';
import { TaskError } from '../../errors.js';

/** How often the broker is asked whether the tasks being waited for still exist. */
const CHECK_INTERVAL_MS = 3_000;
/** A task missing this many checks in a row is lost (one miss may be a job ending between two reads). */
const MISSES = 2;

interface Watched {
  readonly id: string;
  readonly key: string;
  misses: number;
  readonly lose: (error: TaskError) => void;
}

/** What a waiter of a task the broker forgot is told. */
export function lostTaskError(id: string): TaskError {
  return new TaskError(
    `task ${id} is no longer known to the broker (Redis lost it: restarted without persistence, or its keys were deleted); submit it again`,
  );
}

/**
 * BullMQ's own word for a job whose key is gone when a wait begins (its `isFinished` script):
 * the same loss, noticed sooner.
 */
export function isMissingJob(reason: string): boolean {
  return reason.startsWith('Missing key for job') && reason.endsWith('isFinished');
}

/** A wait on a task, ended by `stop()`; `lost` rejects if the broker forgot the task. */
export interface LostTaskWait {
  readonly lost: Promise<never>;
  stop(): void;
}

/**
 * Notices tasks that the broker no longer knows while somebody waits for them (Redis restarted
 * without persistence, keys deleted): one EXISTS per waited task every few seconds, in one
 * pipeline for all of them, so that `result()` fails with a TaskError instead of waiting forever.
 */
export class LostTasks {
  private readonly watched = new Set<Watched>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly redis: () => Redis) {}

  /** Watches the job stored at `key` (BullMQ's job hash) for the task `id`. */
  watch(id: string, key: string): LostTaskWait {
    let lose: (error: TaskError) => void = () => undefined;
    const lost = new Promise<never>((_, reject) => {
      lose = reject;
    });
    lost.catch(() => undefined);
    const entry: Watched = { id, key, misses: 0, lose };
    this.watched.add(entry);
    this.timer ??= setInterval(() => void this.check(), CHECK_INTERVAL_MS).unref();
    return {
      lost,
      stop: () => {
        this.watched.delete(entry);
        if (this.watched.size === 0) this.stop();
      },
    };
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async check(): Promise<void> {
    const watched = [...this.watched.values()];
    const pipeline = this.redis().pipeline();
    for (const { key } of watched) pipeline.exists(key);
    // An unreachable broker is reported by the wait itself.
    const replies = await pipeline.exec().catch(() => null);
    if (!replies) return;
    watched.forEach((entry, i) => {
      const [error, exists] = replies[i] ?? [null, 1];
      if (error) return;
      entry.misses = exists === 0 ? entry.misses + 1 : 0;
      if (entry.misses >= MISSES) {
        entry.lose(lostTaskError(entry.id));
      }
    });
  }
}
