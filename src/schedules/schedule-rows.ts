import type { Engine } from '../storage/engine.js';
import type { ScheduleTable } from '../storage/schema.js';
import type { CronSchedule } from './cron-schedule.js';

/** Which object a schedule runs: a job (`jobs/`) or a script (`scripts/`) of a bucket. */
export interface ScheduleKey {
  readonly bucket: string;
  readonly prefix: 'jobs/' | 'scripts/';
  readonly name: string;
}

/** A stored schedule, as the scheduler and `status` read it. */
export interface ScheduleRow extends ScheduleKey, CronSchedule {
  readonly created: Date;
  readonly nextDue: Date;
  readonly firedDue: Date | null;
}

/** The schedules of one context's database (table `omega_schedule`, migration 0008). */
export class ScheduleRows {
  constructor(private readonly engine: Engine) {}

  /** Creates or replaces the schedule of `key`; the due time last fired is kept, so it never fires again. */
  async put(
    key: ScheduleKey,
    schedule: CronSchedule,
    nextDue: Date,
    now: Date,
    /** Runs inside the transaction: the row commits only if it succeeds. */
    alongside: () => Promise<unknown> = async () => undefined,
  ): Promise<void> {
    const values = {
      cron: schedule.cron,
      timezone: schedule.timezone,
      text: schedule.text ?? null,
      next_due: nextDue.toISOString(),
    };
    await this.engine.write(async (trx) => {
      await trx
        .insertInto('omega_schedule')
        .values({ ...key, ...values, created: now.toISOString(), fired_due: null })
        .onConflict((oc) => oc.columns(['bucket', 'prefix', 'name']).doUpdateSet(values))
        .execute();
      await alongside();
    });
  }

  async get(key: ScheduleKey): Promise<ScheduleRow | null> {
    const row = await this.engine.db
      .selectFrom('omega_schedule')
      .selectAll()
      .where('bucket', '=', key.bucket)
      .where('prefix', '=', key.prefix)
      .where('name', '=', key.name)
      .executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  /** Whether there was a schedule to remove. */
  async drop(key: ScheduleKey): Promise<boolean> {
    const result = await this.engine.write((trx) =>
      trx
        .deleteFrom('omega_schedule')
        .where('bucket', '=', key.bucket)
        .where('prefix', '=', key.prefix)
        .where('name', '=', key.name)
        .executeTakeFirst(),
    );
    return Number(result.numDeletedRows) > 0;
  }

  /** Every schedule of the context, by next due time. */
  async list(): Promise<ScheduleRow[]> {
    const rows = await this.engine.db.selectFrom('omega_schedule').selectAll().orderBy('next_due').execute();
    return rows.map(fromRow);
  }

  /** The schedules due at `now` (their next due time has come), oldest first. */
  async due(now: Date): Promise<ScheduleRow[]> {
    const rows = await this.engine.db
      .selectFrom('omega_schedule')
      .selectAll()
      .where('next_due', '<=', now.toISOString())
      .orderBy('next_due')
      .execute();
    return rows.map(fromRow);
  }

  /** The earliest next due time of any schedule, for a scheduler to sleep until. */
  async earliest(): Promise<Date | null> {
    const row = await this.engine.db
      .selectFrom('omega_schedule')
      .select((eb) => eb.fn.min('next_due').as('next'))
      .executeTakeFirst();
    return typeof row?.next === 'string' ? new Date(row.next) : null;
  }

  /**
   * The lease: moves a schedule's `fired_due` to `due` (and its next due time on) only if no
   * one has claimed `due` or a later time yet. Each claim is one conditional update, so of any
   * number of schedulers and workers claiming the same due time exactly one gets `true` and
   * fires it; the claims of one call share a transaction (one commit for a tick's schedules).
   */
  async claimAll(claims: readonly { key: ScheduleKey; due: Date; next: Date | null }[]): Promise<boolean[]> {
    if (claims.length === 0) return [];
    // Claims of one due and next time (every schedule of one cron expression) are one update.
    const groups = new Map<string, number[]>();
    claims.forEach(({ due, next }, index) => {
      const group = `${due.toISOString()} ${(next ?? FAR_FUTURE).toISOString()}`;
      groups.set(group, [...(groups.get(group) ?? []), index]);
    });
    const won = new Set<string>();
    await this.engine.write(async (trx) => {
      for (const [group, indexes] of groups) {
        const [at, next] = group.split(' ') as [string, string];
        for (let start = 0; start < indexes.length; start += CLAIMS_PER_UPDATE) {
          const keys = indexes
            .slice(start, start + CLAIMS_PER_UPDATE)
            .map((index) => claims[index]?.key as ScheduleKey);
          const claimed = await trx
            .updateTable('omega_schedule')
            .set({ fired_due: at, next_due: next })
            .where((eb) =>
              eb.and([
                eb(
                  eb.refTuple('bucket', 'prefix', 'name'),
                  'in',
                  keys.map((key) => eb.tuple(key.bucket, key.prefix, key.name)),
                ),
                eb.or([eb('fired_due', 'is', null), eb('fired_due', '<', at)]),
              ]),
            )
            .returning(['bucket', 'prefix', 'name'])
            .execute();
          for (const row of claimed) won.add(keyText(row));
        }
      }
    });
    return claims.map(({ key }) => won.has(keyText(key)));
  }
}

/** Keys in one update: three parameters each, well under either engine's limit. */
const CLAIMS_PER_UPDATE = 500;

function keyText(key: { bucket: string; prefix: string; name: string }): string {
  return JSON.stringify([key.bucket, key.prefix, key.name]);
}

/** The next due time of a schedule that never fires again (croner found no next time). */
const FAR_FUTURE = new Date('9999-12-31T00:00:00.000Z');

function fromRow(row: ScheduleTable): ScheduleRow {
  return {
    bucket: row.bucket,
    prefix: row.prefix as ScheduleKey['prefix'],
    name: row.name,
    cron: row.cron,
    timezone: row.timezone,
    ...(row.text === null ? {} : { text: row.text }),
    created: new Date(row.created),
    nextDue: new Date(row.next_due),
    firedDue: row.fired_due === null ? null : new Date(row.fired_due),
  };
}
