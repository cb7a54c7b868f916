import type { CronSchedule } from './cron-schedule.js';
import type { ScheduleKey } from './schedule-rows.js';

/**
 * The broker's side of a context's schedules (runtime/bullmq/job-schedulers.ts): one BullMQ job
 * scheduler per schedule, whose ticks the context's workers turn into runs.
 */
export interface BrokerSchedules {
  /** Creates or replaces the job scheduler of `key`. */
  upsert(key: ScheduleKey, schedule: CronSchedule): Promise<void>;
  /** Removes the job scheduler of `key`, if there is one. */
  remove(key: ScheduleKey): Promise<void>;
}
