import type { Omega } from '../omega.js';
import type { Runtime } from '../runtime/runtime.js';
import type { Task } from '../runtime/task.js';
import type { ScheduleKey, ScheduleRow } from './schedule-rows.js';

/** What became of one due time of a schedule. */
export type Firing =
  /** This caller claimed the due time and submitted the run. */
  | { outcome: 'fired'; task: Task<unknown> }
  /** Another scheduler or worker claimed it first. */
  | { outcome: 'taken' }
  /** The schedule, or its object, no longer exists; a schedule of a dropped object is removed. */
  | { outcome: 'gone' };

/**
 * Fires the run of `key` due at `due`, if this caller wins its lease: the run is submitted
 * through `om.runtime` of the object's own bucket, as any client would submit it, so it is an
 * ordinary task message (routed by the object's label, signed where the runtime signs).
 */
export async function fireDue(
  om: Omega,
  key: ScheduleKey,
  due: Date,
  now: Date,
  /** The schedule as the caller just read it; read here when absent. */
  known?: ScheduleRow,
): Promise<Firing> {
  const schedules = om.schedules();
  const bucket = om.bucket(key.bucket);
  const store = key.prefix === 'jobs/' ? bucket.jobs : bucket.scripts;
  const schedule = known ?? (await schedules.get(key));
  if (schedule === null || !(await store.metadata(key.name))) {
    await store.dropSchedule(key.name);
    return { outcome: 'gone' };
  }
  if (!(await schedules.claim(schedule, due, now))) return { outcome: 'taken' };
  const task = runOf(bucket.runtime, key, due);
  await task.submitted();
  return { outcome: 'fired', task };
}

/** A script gets `{ scheduled: <ISO due time> }` as its payload; a job runs with its own parameters. */
function runOf(runtime: Runtime, key: ScheduleKey, due: Date): Task<unknown> {
  if (key.prefix === 'scripts/') return runtime.script(key.name).run({ scheduled: due.toISOString() });
  return runtime.job(key.name).run();
}

/** A firing in a word, for log lines: `fired:<task id>`, `taken` or `gone`. */
export function describeFiring(firing: Firing): string {
  return firing.outcome === 'fired' ? `fired:${firing.task.id}` : firing.outcome;
}
