import type { WorkerOptions } from 'bullmq';

/**
 * BullMQ's lock and stalled-check settings for `--stall-ms S`, so that a task whose worker died
 * goes to another within about S. BullMQ moves a job when a stalled check finds it, marked by
 * the check before, without its lock: after the worker's death that takes up to the lock's
 * duration plus one check interval. So the lock lasts 3/4 S and is renewed every 1/4 S, and
 * the checks run every 1/4 S. Models of the built-in kinds train in threads (Trainer), but a
 * worker whose event loop is blocked for more than about S/2 (a script's synchronous work, the
 * fit of a kind registered in-process) cannot renew its lock, and its task may be thought stalled.
 */
export function stallOptions(
  stallMs: number,
): Required<Pick<WorkerOptions, 'lockDuration' | 'lockRenewTime' | 'stalledInterval' | 'maxStalledCount'>> {
  const quarter = Math.max(1, Math.round(stallMs / 4));
  return {
    lockDuration: 3 * quarter,
    lockRenewTime: quarter,
    stalledInterval: quarter,
    // A task that kills its worker twice is failed instead of killing a third.
    maxStalledCount: 2,
  };
}
