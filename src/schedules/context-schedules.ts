import type { Engine } from '../storage/engine.js';
import type { BrokerSchedules } from './broker-schedules.js';
import { type ScheduleKey, type ScheduleRow, ScheduleRows } from './schedule-rows.js';

/** Every schedule of one context, all buckets: what `om scheduler`, the workers and `om runtime status` read. */
export class ContextSchedules {
  private readonly rows: ScheduleRows;

  constructor(
    engine: Engine,
    /** The broker's job schedulers of the context; null without a broker. */
    private readonly broker: () => Promise<BrokerSchedules> | null,
  ) {
    this.rows = new ScheduleRows(engine);
  }

  /**
   * Gives the broker a job scheduler for every schedule, as a worker does when it starts: a
   * broker that restarted empty, or one configured after the schedules were made, fires them
   * from then on. Replacing one is harmless (BullMQ names a due time's tick by the time).
   * Resolves to the number of schedules; 0 without a broker.
   */
  async syncBroker(): Promise<number> {
    const pending = this.broker();
    if (pending === null) return 0;
    const broker = await pending;
    const rows = await this.rows.list();
    for (const row of rows) await broker.upsert(row, row);
    return rows.length;
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
   * Claims due times of schedules (the lease, see ScheduleRows.claimAll), in one transaction:
   * true for each one this caller may fire. A schedule's next due time moves past `now`, so runs
   * missed while no one fired are caught up with this one run, not a burst.
   */
  async claimAll(claims: readonly { schedule: ScheduleRow; due: Date }[], now: Date): Promise<boolean[]> {
    const { nextDue } = await import('./cron-schedule.js');
    return this.rows.claimAll(
      claims.map(({ schedule, due }) => ({
        key: schedule,
        due,
        next: nextDue(schedule, due.getTime() > now.getTime() ? due : now),
      })),
    );
  }
}
