import type { Command } from 'commander';
import { ValidationError } from '../errors.js';
import type { ScheduleInfo } from '../schedules/schedulable-store.js';
import { objectLabel } from './render.js';
import type { CliSession } from './session.js';

interface ScheduleFlags {
  cron?: string;
  timezone?: string;
  next?: string;
}

/**
 * Adds `om jobs|scripts schedule <name> ["text" | --cron C] [--timezone Z] | show | delete
 * [--next N]`: without a schedule or with `show`, prints the current one and its next times.
 */
export function addScheduleCommand(group: Command, storeName: 'jobs' | 'scripts', session: CliSession): void {
  group
    .command('schedule')
    .description(`run one of the ${storeName} on a schedule, show its schedule, or delete it`)
    .argument('<name>', `the ${storeName === 'jobs' ? 'job' : 'script'}`)
    .argument(
      '[schedule]',
      `plain text ("every 5 minutes", "every day at 06:00", "weekdays at 08:30", "every monday at 9:00"), 'show' (the default) or 'delete'`,
    )
    .option('--cron <expression>', 'a 5-field cron expression instead of text, e.g. "0 6 * * mon-fri"')
    .option('--timezone <zone>', "an IANA timezone such as Europe/Zurich (default: this machine's)")
    .option('--next <n>', 'how many next times to list', '5')
    .action((name: string, text: string | undefined, flags: ScheduleFlags) =>
      session.withOmega(async (om) => {
        const store = om[storeName];
        const label = objectLabel(store, name);
        const next = nextCount(flags.next);
        const action = text === undefined && flags.cron === undefined ? 'show' : text;
        if ((action === 'show' || action === 'delete') && (flags.cron ?? flags.timezone) !== undefined) {
          throw new ValidationError(`--cron and --timezone set a schedule; they do not go with ${action}`);
        }
        if (action === 'delete') {
          const dropped = await store.dropSchedule(name);
          session.print({ dropped }, () => [dropped ? `deleted the schedule of ${label}` : `${label} had no schedule`]);
          return;
        }
        if (action === 'show') {
          const info = await store.getSchedule(name, { next });
          session.print(info, (shown) => (shown ? scheduleLines(shown) : [`${label} has no schedule`]));
          return;
        }
        await store.schedule(name, { cron: flags.cron, text, timezone: flags.timezone });
        const info = (await store.getSchedule(name, { next })) as ScheduleInfo;
        session.print(info, (shown) => [`scheduled ${label}`, ...scheduleLines(shown)]);
      }),
    );
}

/** The cron expression, what it says in words, its timezone and the next times (in UTC and local to the zone). */
export function scheduleLines(info: ScheduleInfo): string[] {
  const local = new Intl.DateTimeFormat('sv-SE', {
    timeZone: info.timezone,
    dateStyle: 'short',
    timeStyle: 'short',
  });
  return [
    `cron: ${info.cron}${info.text === undefined ? '' : ` (from "${info.text}")`}`,
    `description: ${info.description}`,
    `timezone: ${info.timezone}`,
    `next: ${info.next.length === 0 ? '-' : ''}`,
    ...info.next.map((time) => `  ${local.format(time)} ${info.timezone}  (${time.toISOString()})`),
  ].map((line) => line.trimEnd());
}

function nextCount(text: string | undefined): number {
  const n = Number(text ?? 5);
  if (!Number.isInteger(n) || n < 0 || n > 1000) {
    throw new ValidationError(`--next must be a whole number from 0 to 1000, got ${text}`);
  }
  return n;
}
