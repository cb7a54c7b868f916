import type { Omega } from '../omega.js';
import type { ScheduleRow } from '../schedules/schedule-rows.js';
import { alignColumns } from './render.js';

/** A schedule as `om runtime status` lists it. */
export interface ScheduleStatus {
  object: string;
  bucket: string;
  cron: string;
  timezone: string;
  text?: string;
  /** The next time it fires. */
  next: Date;
  /** The last due time fired, if any. */
  lastFired: Date | null;
}

/** Every schedule of the context, soonest first. */
export async function scheduleStatus(om: Omega): Promise<ScheduleStatus[]> {
  return (await om.schedules().list()).map((row: ScheduleRow) => ({
    object: `${row.prefix}${row.name}`,
    bucket: row.bucket,
    cron: row.cron,
    timezone: row.timezone,
    ...(row.text === undefined ? {} : { text: row.text }),
    next: row.nextDue,
    lastFired: row.firedDue,
  }));
}

/** The schedules' lines of `om runtime status`: who fires them, then one line each with its next run. */
export function scheduleStatusLines(schedules: ScheduleStatus[], brokered: boolean): string[] {
  const firedBy = brokered ? 'fired by the workers' : 'fired by om scheduler';
  const lines = ['', `schedules (${schedules.length}, ${firedBy}):`];
  if (schedules.length === 0) return lines;
  return [
    ...lines,
    ...alignColumns([
      ['  object', 'bucket', 'cron', 'timezone', 'next run', 'last fired'],
      ...schedules.map((s) => [
        `  ${s.object}`,
        s.bucket,
        s.cron,
        s.timezone,
        s.next.toISOString(),
        s.lastFired?.toISOString() ?? '-',
      ]),
    ]),
  ];
}
