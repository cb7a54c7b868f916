import { type Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import type { BrokerSchedules } from '../../schedules/broker-schedules.js';
import type { CronSchedule } from '../../schedules/cron-schedule.js';
import type { ScheduleKey } from '../../schedules/schedule-rows.js';
import { describeIssues } from '../message.js';
import { brokerUnavailable, PREFIX, redisOptions, schedulesQueueName } from './broker.js';

/** A tick's job stays a day after it ran (a failed one a week): enough to see that schedules fire. */
const KEEP_TICKS = { removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } };

/**
 * What a schedule's tick carries: which object to run, nothing else. The worker that takes it
 * reads the schedule from the context's database, claims the due time there, and submits the
 * run through the runtime like any client, so the run is an ordinary (signed) task message.
 */
export const ScheduleTickSchema = z.strictObject({
  bucket: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/),
  prefix: z.enum(['jobs/', 'scripts/']),
  name: z.string().min(1).max(1000),
});

/**
 * A context's schedules as BullMQ job schedulers on the queue `<context>/.schedules`, one per
 * schedule, keyed by bucket, store and name (the queue names the context). BullMQ makes one
 * delayed job per due time, with an id derived from the scheduler and the time, so however many
 * workers serve the queue a due time yields one tick, which one worker takes.
 */
export class BullmqJobSchedulers implements BrokerSchedules {
  private connection: Redis | undefined;
  private queue: Promise<Queue> | undefined;

  constructor(
    private readonly brokerUrl: string,
    private readonly context: string,
  ) {}

  async upsert(key: ScheduleKey, schedule: CronSchedule): Promise<void> {
    const data: z.infer<typeof ScheduleTickSchema> = { bucket: key.bucket, prefix: key.prefix, name: key.name };
    await this.reachable(
      (await this.open()).upsertJobScheduler(
        schedulerId(key),
        { pattern: schedule.cron, tz: schedule.timezone },
        { name: 'schedule', data, opts: KEEP_TICKS },
      ),
    );
  }

  async remove(key: ScheduleKey): Promise<void> {
    await this.reachable((await this.open()).removeJobScheduler(schedulerId(key)));
  }

  async close(): Promise<void> {
    const queue = await this.queue?.catch(() => undefined);
    await queue?.close();
    await this.connection?.quit().catch(() => undefined);
    this.queue = undefined;
    this.connection = undefined;
  }

  /**
   * The ticks' queue, on a connection that answered a PING: BullMQ itself would wait for an
   * unreachable broker for ever, where a PING fails after ioredis's few retries.
   */
  private open(): Promise<Queue> {
    this.queue ??= (async () => {
      this.connection ??= new Redis(redisOptions(this.brokerUrl, false));
      this.connection.on('error', () => undefined);
      await this.reachable(this.connection.ping());
      const queue = new Queue(schedulesQueueName(this.context), { connection: this.connection, prefix: PREFIX });
      queue.on('error', () => undefined);
      return queue;
    })();
    this.queue.catch(() => {
      this.queue = undefined;
    });
    return this.queue;
  }

  private async reachable<T>(pending: Promise<T>): Promise<T> {
    try {
      return await pending;
    } catch (error) {
      throw brokerUnavailable(this.brokerUrl, this.context, error);
    }
  }
}

/** `<bucket>/<prefix><name>`, e.g. `dev/jobs/report`: unique in a context. */
export function schedulerId(key: ScheduleKey): string {
  return `${key.bucket}/${key.prefix}${key.name}`;
}

/** The schedule a tick names and the time it was due; a tick that is not one is a ValidationError. */
export function readTick(job: Job): { key: ScheduleKey; due: Date } {
  const parsed = ScheduleTickSchema.safeParse(job.data);
  if (!parsed.success) throw new ValidationError(`malformed schedule tick: ${describeIssues(parsed.error)}`);
  // BullMQ records the due time of a job scheduler's job as prevMillis, and in its id.
  const millis = (job.opts as { prevMillis?: unknown }).prevMillis ?? Number(job.id?.split(':').at(-1));
  if (typeof millis !== 'number' || !Number.isFinite(millis)) {
    throw new ValidationError(`schedule tick ${job.id} has no due time: it was not made by a job scheduler`);
  }
  return { key: parsed.data, due: new Date(millis) };
}
