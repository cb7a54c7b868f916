import { NotFoundError } from '../errors.js';
import type { Omega } from '../omega.js';
import type { Runtime } from '../runtime/runtime.js';
import type { Task } from '../runtime/task.js';
import type { ScheduleKey } from './schedule-rows.js';

/** What became of one due time of a schedule. */
export type Firing =
  /** This caller claimed the due time and submitted the run. */
  | { outcome: 'fired'; task: Task<unknown> }
  /** Another scheduler or worker claimed it first. */
  | { outcome: 'taken' }
  /** The schedule, or its object, no longer exists; a schedule of a dropped object is removed. */
  | { outcome: 'gone' };

/**
 * Fires the run of `key` due at `due`, if this caller wins its lease (a worker's tick): the run
 * is submitted through `om.runtime` of the object's own bucket, as any client would submit it,
 * so it is an ordinary task message (routed by the object's label, signed where the runtime signs).
 */
export async function fireDue(om: Omega, key: ScheduleKey, due: Date, now: Date): Promise<Firing> {
  const schedules = om.schedules();
  const schedule = await schedules.get(key);
  if (schedule === null) return dropGone(om, key);
  const [claimed] = await schedules.claimAll([await schedules.dueAt(schedule, due, now)]);
  return claimed ? fireClaimed(om, key, due) : { outcome: 'taken' };
}

/**
 * Submits the run of a due time this caller has claimed. An object dropped since it was
 * scheduled loses its schedule (`gone`); any other failure to submit is thrown.
 */
export async function fireClaimed(om: Omega, key: ScheduleKey, due: Date): Promise<Firing> {
  const task = runOf(om.bucket(key.bucket).runtime, key, due);
  try {
    await task.submitted();
  } catch (error) {
    if (error instanceof NotFoundError) return dropGone(om, key);
    throw error;
  }
  return { outcome: 'fired', task };
}

async function dropGone(om: Omega, key: ScheduleKey): Promise<Firing> {
  const bucket = om.bucket(key.bucket);
  await (key.prefix === 'jobs/' ? bucket.jobs : bucket.scripts).dropSchedule(key.name);
  return { outcome: 'gone' };
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
