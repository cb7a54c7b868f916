import { Cron } from 'croner';
import { ValidationError } from '../errors.js';
import { ACCEPTED, textToCron } from './schedule-text.js';

/** What `schedule(name, …)` takes: a cron expression or plain text (not both), and a timezone. */
export interface ScheduleInput {
  /** 5 fields: minute hour day-of-month month day-of-week (names such as `mon-fri` allowed). */
  cron?: string;
  /** Plain text (TEXT_FORMS), translated to cron; a 5-field cron expression is accepted here too. */
  text?: string;
  /** An IANA timezone such as `Europe/Zurich`; default: this machine's (stored, so every worker agrees). */
  timezone?: string;
}

/** A validated schedule: the cron expression that decides, its timezone, and the text it came from. */
export interface CronSchedule {
  readonly cron: string;
  readonly timezone: string;
  readonly text?: string;
}

const CRON_LIKE = /^\S+(?:\s+\S+){4}$/;

/** Validates `input` into a CronSchedule; bad text, cron or timezone is a ValidationError saying which. */
export function resolveSchedule(input: ScheduleInput): CronSchedule {
  const { cron, text } = input;
  if ((cron === undefined) === (text === undefined)) {
    throw new ValidationError(`a schedule needs either cron or text (not both). ${ACCEPTED}`);
  }
  const timezone = validateTimezone(input.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  if (cron !== undefined) return { cron: validateCron(cron, timezone), timezone };
  const written = (text as string).trim().replace(/\s+/g, ' ');
  if (CRON_LIKE.test(written) && /^[\d*]/.test(written)) return { cron: validateCron(written, timezone), timezone };
  return { cron: validateCron(textToCron(written), timezone), timezone, text: written };
}

/** The cron expression, whitespace normalised; not 5 fields or a field out of range is a ValidationError. */
function validateCron(cron: string, timezone = 'UTC'): string {
  const normal = cron.trim().replace(/\s+/g, ' ');
  if (!CRON_LIKE.test(normal)) {
    throw new ValidationError(
      `cron expression ${JSON.stringify(cron)} has ${normal === '' ? 0 : normal.split(' ').length} fields, not 5. ${ACCEPTED}`,
    );
  }
  try {
    new Cron(normal, { mode: '5-part', timezone, paused: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^CronPattern: /, '') : String(error);
    throw new ValidationError(`cron expression ${JSON.stringify(cron)} is not valid: ${reason}. ${ACCEPTED}`);
  }
  return normal;
}

/** The IANA timezone name; one this machine does not know is a ValidationError. */
function validateTimezone(timezone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone;
  } catch {
    throw new ValidationError(
      `unknown timezone ${JSON.stringify(timezone)}: use an IANA name such as UTC, Europe/Zurich or America/New_York`,
    );
  }
}

/** The next `count` times the schedule fires after `from` (exclusive). */
export function nextTimes(schedule: CronSchedule, count: number, from: Date): Date[] {
  return cronOf(schedule).nextRuns(count, from);
}

/** The latest time the schedule fired at or before `at`, if any. */
export function latestDue(schedule: CronSchedule, at: Date): Date | null {
  return cronOf(schedule).previousRuns(1, new Date(at.getTime() + 1))[0] ?? null;
}

/** The first time the schedule fires after `at`. */
export function nextDue(schedule: CronSchedule, at: Date): Date | null {
  return cronOf(schedule).nextRun(at);
}

/** A croner job that never runs by itself: only asked for times. Cached: parsing costs more than a lookup. */
function cronOf({ cron, timezone }: CronSchedule): Cron {
  const key = `${timezone} ${cron}`;
  let job = parsed.get(key);
  if (!job) {
    job = new Cron(cron, { mode: '5-part', timezone, paused: true });
    if (parsed.size >= PARSED_LIMIT) parsed.delete(parsed.keys().next().value as string);
    parsed.set(key, job);
  }
  return job;
}

const PARSED_LIMIT = 10_000;
const parsed = new Map<string, Cron>();
