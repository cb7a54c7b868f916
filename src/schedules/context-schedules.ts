import type { Engine } from '../storage/engine.js';
import { nextDue } from './cron-schedule.js';
import { type ScheduleKey, type ScheduleRow, ScheduleRows } from './schedule-rows.js';

/** Every schedule of one context, all buckets: what `om scheduler`, the workers and `om runtime status` read. */
export class ContextSchedules {
  private readonly rows: ScheduleRows;

  constructor(engine: Engine) {
    this.rows = new ScheduleRows(engine);
  }

  /** Every schedule, soonest first. */
  list(): Promise<ScheduleRow[]> {
    return this.rows.list();
  }

  /** The schedules whose next due time has come at `now`. */
  due(now: Date): Promise<ScheduleRow[]> {
    return this.rows.due(now);
  }

  /** The soonest next due time of any schedule. */
  earliest(): Promise<Date | null> {
    return this.rows.earliest();
  }

  get(key: ScheduleKey): Promise<ScheduleRow | null> {
    return this.rows.get(key);
  }

  /**
   * Claims the run of `schedule` due at `due` (the lease, see ScheduleRows.claim): true for the
   * one caller that may fire it. The next due time moves past `now`, so runs missed while no
   * one fired are caught up with this one run, not a burst.
   */
  claim(schedule: ScheduleRow, due: Date, now: Date): Promise<boolean> {
    const after = due.getTime() > now.getTime() ? due : now;
    return this.rows.claim(schedule, due, nextDue(schedule, after));
  }
}
