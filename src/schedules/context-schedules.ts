import type { Engine } from '../storage/engine.js';
import type { BrokerSchedules } from './broker-schedules.js';
import { type ScheduleKey, type ScheduleRow, ScheduleRows } from './schedule-rows.js';

/** A due time of a schedule, and the time after it the schedule fires next. */
export interface DueRun {
  readonly schedule: ScheduleRow;
  readonly due: Date;
  readonly next: Date | null;
}

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

  /**
   * The runs due at `now`: for each schedule whose next due time has come, the latest due time
   * (one run, however many were missed) and the time after `now` it fires next.
   */
  async due(now: Date): Promise<DueRun[]> {
    const { latestDue, nextDue } = await import('./cron-schedule.js');
    return (await this.rows.due(now)).map((schedule) => {
      // Mostly nothing was missed: the time after the stored one is still to come.
      const following = nextDue(schedule, schedule.nextDue);
      if (following !== null && following > now) return { schedule, due: schedule.nextDue, next: following };
      return { schedule, due: latestDue(schedule, now) ?? schedule.nextDue, next: nextDue(schedule, now) };
    });
  }

  /** The run of `schedule` due at `due` (a broker's tick), and when it fires next after `now`. */
  async dueAt(schedule: ScheduleRow, due: Date, now: Date): Promise<DueRun> {
    const { nextDue } = await import('./cron-schedule.js');
    return { schedule, due, next: nextDue(schedule, due > now ? due : now) };
  }

  /** The soonest next due time of any schedule. */
  earliest(): Promise<Date | null> {
    return this.rows.earliest();
  }

  get(key: ScheduleKey): Promise<ScheduleRow | null> {
    return this.rows.get(key);
  }

  /**
   * Claims due runs (the lease, see ScheduleRows.claimAll), in one transaction: true for each
   * one this caller may fire. Each schedule's next due time moves on to the run's `next`.
   */
  claimAll(runs: readonly DueRun[]): Promise<boolean[]> {
    return this.rows.claimAll(runs.map(({ schedule, due, next }) => ({ key: schedule, due, next })));
  }
}
