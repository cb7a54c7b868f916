import { setTimeout as sleep } from 'node:timers/promises';
import { ValidationError } from '../errors.js';
import type { Omega } from '../omega.js';
import { fireClaimed } from './fire-schedule.js';
import type { ScheduleKey } from './schedule-rows.js';

/** Where a scheduler gets the time and waits: the system's, or a test's fake one. */
export interface Clock {
  now(): Date;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }).catch(() => undefined),
};

/** One due time a scheduler fired. */
export interface FiredRun {
  readonly context: string;
  readonly key: ScheduleKey;
  readonly due: Date;
  /** When it was submitted: how late it fired is `fired - due`. */
  readonly fired: Date;
  readonly taskId: string;
}

/** What `om scheduler` prints. */
export interface SchedulerEvents {
  fired(run: FiredRun): void;
  /** The run ended (in this process: contexts without a broker run tasks locally). */
  finished(run: FiredRun, outcome: { ok: true } | { ok: false; reason: string }): void;
  /** A schedule whose object was dropped, removed. */
  removed(context: string, key: ScheduleKey): void;
  error(context: string, message: string): void;
}

export interface SchedulerOptions {
  clock?: Clock;
  /** The longest sleep between two looks at the schedules (new ones may appear meanwhile). */
  pollMs?: number;
  events: SchedulerEvents;
}

const DEFAULT_POLL_MS = 1_000;
/** The shortest sleep, so that a schedule that cannot be fired (its database is down) does not spin. */
const MIN_PAUSE_MS = 10;

/**
 * `om scheduler`: fires the schedules of contexts without a broker. Each due time is claimed
 * through the schedule's lease row (ContextSchedules.claim) before it fires, so any number of
 * schedulers on one context fire it once; a scheduler that was down fires each schedule it
 * missed once, for the latest due time. Runs go through the runtime of the object's bucket.
 */
export class Scheduler {
  private readonly clock: Clock;
  private readonly pollMs: number;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly contexts: readonly Omega[],
    private readonly options: SchedulerOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    for (const om of contexts) {
      if (om.spec.broker !== null) {
        throw new ValidationError(
          `context ${om.context} has a broker: its workers (om worker) fire its schedules; om scheduler fires those of contexts without one`,
        );
      }
    }
  }

  /** Fires what is due now in every context; resolves to the runs fired (their tasks go on). */
  async tick(): Promise<FiredRun[]> {
    const fired: FiredRun[] = [];
    for (const om of this.contexts) {
      try {
        fired.push(...(await this.tickContext(om)));
      } catch (error) {
        this.options.events.error(om.context, error instanceof Error ? error.message : String(error));
      }
    }
    return fired;
  }

  /** Ticks until `signal` aborts, sleeping until the soonest due time (at most `pollMs`); then lets runs end. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.tick();
      await this.clock.sleep(await this.pause(), signal);
    }
    await this.drain();
  }

  /** Waits for the runs fired so far to end. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }

  /** Claims every due schedule of the context in one transaction, then submits the runs it won, all at once. */
  private async tickContext(om: Omega): Promise<FiredRun[]> {
    const now = this.clock.now();
    const schedules = om.schedules();
    const claims = await schedules.due(now);
    const won = await schedules.claimAll(claims);
    const fired = await Promise.all(
      claims.filter((_, i) => won[i]).map(({ schedule, due }) => this.fire(om, keyOf(schedule), due)),
    );
    return fired.filter((run) => run !== null);
  }

  private async fire(om: Omega, key: ScheduleKey, due: Date): Promise<FiredRun | null> {
    try {
      const firing = await fireClaimed(om, key, due);
      if (firing.outcome === 'gone') this.options.events.removed(om.context, key);
      if (firing.outcome !== 'fired') return null;
      const run: FiredRun = { context: om.context, key, due, fired: this.clock.now(), taskId: firing.task.id };
      this.options.events.fired(run);
      this.follow(run, firing.task);
      return run;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.options.events.error(om.context, `${key.prefix}${key.name} (bucket ${key.bucket}): ${reason}`);
      return null;
    }
  }

  private follow(run: FiredRun, task: PromiseLike<unknown>): void {
    const ended = Promise.resolve(task).then(
      () => this.options.events.finished(run, { ok: true }),
      (error: unknown) =>
        this.options.events.finished(run, {
          ok: false,
          reason: error instanceof Error ? error.message : String(error),
        }),
    );
    const tracked = ended.finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  /** How long to sleep: until the soonest due time of any context, at most `pollMs`. */
  private async pause(): Promise<number> {
    const now = this.clock.now().getTime();
    let wait = this.pollMs;
    for (const om of this.contexts) {
      const earliest = await om
        .schedules()
        .earliest()
        .catch(() => null);
      if (earliest !== null) wait = Math.min(wait, Math.max(0, earliest.getTime() - now));
    }
    return Math.max(MIN_PAUSE_MS, wait);
  }
}

function keyOf(schedule: ScheduleKey): ScheduleKey {
  return { bucket: schedule.bucket, prefix: schedule.prefix, name: schedule.name };
}
