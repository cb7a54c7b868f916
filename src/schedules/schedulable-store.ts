import { NotFoundError, ValidationError } from '../errors.js';
import { validateName } from '../store/names.js';
import { Store } from '../store/store.js';
import type { CronSchedule, ScheduleInput } from './cron-schedule.js';
import { describeCron } from './describe-cron.js';
import { type ScheduleKey, ScheduleRows } from './schedule-rows.js';

export type { ScheduleInput } from './cron-schedule.js';

/** What `getSchedule` and `schedule` answer. */
export interface ScheduleInfo extends CronSchedule {
  /** The cron expression in words (cronstrue), e.g. `At 08:30, Monday through Friday`. */
  readonly description: string;
  /** The next times it fires, soonest first. */
  readonly next: Date[];
}

/** How many next times `getSchedule` lists unless told. */
const DEFAULT_NEXT = 5;

/**
 * A store whose objects can run on a schedule (`om.jobs`, `om.scripts`): runs fire in the
 * object's own context and bucket, by the context's workers when it has a broker, else by
 * `om scheduler` (API.md §12).
 */
export class SchedulableStore extends Store {
  /**
   * Runs `name` on `input`'s schedule from now on, replacing any schedule it had. The object
   * must exist (NotFoundError); bad text, cron or timezone is a ValidationError.
   */
  async schedule(name: string, input: ScheduleInput): Promise<ScheduleInfo> {
    // croner loads with the first schedule, not with the package.
    const { nextDue, resolveSchedule } = await import('./cron-schedule.js');
    const schedule = resolveSchedule(input);
    const key = await this.existingKey(name);
    const now = new Date();
    const next = nextDue(schedule, now);
    if (next === null) throw new ValidationError(`cron expression ${schedule.cron} never fires after now`);
    const rows = new ScheduleRows(this.scope.engine);
    const broker = this.scope.brokerSchedules?.() ?? null;
    // The row commits only once the broker has the job scheduler: nothing is half written.
    await rows.put(key, schedule, next, now, async () => (await broker)?.upsert(key, schedule));
    return this.info(schedule, DEFAULT_NEXT, now);
  }

  /** The schedule of `name` with its `next` (default 5) next times; null when it has none. */
  async getSchedule(name: string, options: { next?: number } = {}): Promise<ScheduleInfo | null> {
    const count = options.next ?? DEFAULT_NEXT;
    if (!Number.isInteger(count) || count < 0 || count > 1000) {
      throw new ValidationError(`next must be a whole number from 0 to 1000, got ${count}`);
    }
    const row = await new ScheduleRows(this.scope.engine).get(await this.existingKey(name));
    return row === null ? null : this.info(row, count, new Date());
  }

  /** Removes the schedule of `name`; false when it had none. Runs already fired go on. */
  async dropSchedule(name: string): Promise<boolean> {
    const key = this.key(name);
    const broker = this.scope.brokerSchedules?.() ?? null;
    if (broker !== null) await (await broker).remove(key);
    return new ScheduleRows(this.scope.engine).drop(key);
  }

  private key(name: string): ScheduleKey {
    const prefix = this.prefix;
    if (prefix !== 'jobs/' && prefix !== 'scripts/') {
      throw new ValidationError(`only jobs and scripts can be scheduled, not ${prefix}`);
    }
    // omega|ml names jobs `name.ipynb`; both spellings name one job.
    const plain = prefix === 'jobs/' ? validateName(name).replace(/\.ipynb$/, '') : validateName(name);
    return { bucket: this.bucket, prefix, name: plain };
  }

  private async existingKey(name: string): Promise<ScheduleKey> {
    const key = this.key(name);
    if (!(await this.metadata(key.name))) {
      throw new NotFoundError(
        `${key.prefix}${key.name} (bucket ${key.bucket}) does not exist in context ${this.context}`,
      );
    }
    return key;
  }

  private async info(schedule: CronSchedule, count: number, now: Date): Promise<ScheduleInfo> {
    const { cron, timezone, text } = schedule;
    const { nextTimes } = await import('./cron-schedule.js');
    return {
      cron,
      timezone,
      ...(text === undefined ? {} : { text }),
      description: await describeCron(cron),
      next: nextTimes(schedule, count, now),
    };
  }
}
