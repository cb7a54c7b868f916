import { ValidationError } from '../errors.js';

/** The plain-text forms a schedule may be written in, as error messages and the README list them. */
export const TEXT_FORMS = [
  'every minute',
  'every 5 minutes',
  'every hour',
  'every 2 hours',
  'hourly',
  'daily',
  'weekly',
  'monthly',
  'every day at 06:00',
  'daily at 6pm',
  'every day at 06:00 and 18:00',
  'weekdays at 08:30',
  'weekends at 10:00',
  'every monday at 9:00',
  'mondays and fridays at 9:00',
  'monday to friday at 7:15',
  'every 15 minutes on weekdays',
  'every month on the 1st at 06:00',
] as const;

const DAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const DAY = '(?:sun|mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?)(?:day)?s?';
const DAY_SET = `(?:weekdays?|weekends?|${DAY}(?:(?:\\s*,\\s*|\\s+and\\s+|\\s*&\\s*|\\s*-\\s*|\\s+to\\s+|\\s+through\\s+)${DAY})*)`;
const TIME = '(?:\\d{1,2}(?::\\d{2})?\\s*(?:am|pm)?|midnight|noon)';
const TIMES = `${TIME}(?:(?:\\s*,\\s*|\\s+and\\s+)${TIME})*`;

/** The minutes and hours of `every N minutes|hours`: steps that divide the hour or the day evenly. */
const MINUTE_STEPS = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30];
const HOUR_STEPS = [1, 2, 3, 4, 6, 8, 12];

interface Form {
  readonly pattern: RegExp;
  readonly cron: (match: RegExpMatchArray) => string;
}

const FORMS: Form[] = [
  {
    pattern: new RegExp(`^every (?:(\\d+) )?(?:minutes?|mins?)(?: on (${DAY_SET}))?$`),
    cron: (m) => `${step(m[1], MINUTE_STEPS, 'minutes')} * * * ${days(m[2])}`,
  },
  {
    pattern: new RegExp(`^every (?:(\\d+) )?hours?(?: on (${DAY_SET}))?$`),
    cron: (m) => `0 ${step(m[1], HOUR_STEPS, 'hours')} * * ${days(m[2])}`,
  },
  { pattern: /^hourly$/, cron: () => '0 * * * *' },
  { pattern: /^weekly$/, cron: () => '0 0 * * 0' },
  { pattern: /^monthly$/, cron: () => '0 0 1 * *' },
  {
    pattern: new RegExp(`^(?:every day|each day|daily)(?: at (${TIMES}))?$`),
    cron: (m) => `${times(m[1])} * * *`,
  },
  {
    pattern: new RegExp(`^(?:(?:every|each|on) )?(${DAY_SET})(?: at (${TIMES}))?$`),
    cron: (m) => `${times(m[2])} * * ${days(m[1])}`,
  },
  {
    pattern: new RegExp(
      `^(?:every month|each month|monthly) on (?:the |day )?(\\d{1,2})(?:st|nd|rd|th)?(?: at (${TIMES}))?$`,
    ),
    cron: (m) => `${times(m[2])} ${dayOfMonth(m[1] as string)} * *`,
  },
];

/**
 * Translates a plain-text schedule (TEXT_FORMS) into a 5-field cron expression. Case, extra
 * spaces and a trailing period do not matter. Anything else is a ValidationError that lists
 * the accepted forms.
 */
export function textToCron(text: string): string {
  const normal = text.trim().toLowerCase().replace(/\.$/, '').replace(/\s+/g, ' ');
  for (const form of FORMS) {
    const match = normal.match(form.pattern);
    if (match) return form.cron(match);
  }
  throw new ValidationError(`cannot read ${JSON.stringify(text)} as a schedule. ${ACCEPTED}`);
}

/** The end of every schedule error message: what is accepted instead. */
export const ACCEPTED = `Accepted: plain text such as ${TEXT_FORMS.map((f) => `"${f}"`).join(', ')}; or a 5-field cron expression (minute hour day-of-month month day-of-week, e.g. "0 6 * * mon-fri").`;

function step(count: string | undefined, allowed: readonly number[], unit: string): string {
  if (count === undefined) return '*';
  const n = Number(count);
  if (!allowed.includes(n)) {
    throw new ValidationError(
      `every ${count} ${unit}: the number must divide the ${unit === 'minutes' ? 'hour' : 'day'} evenly (${allowed.join(', ')}); use a cron expression for other steps`,
    );
  }
  return n === 1 ? '*' : `*/${n}`;
}

/** `06:00 and 18:00` → `0 6,18`: times must share their minute to fit one cron expression. */
function times(text: string | undefined): string {
  if (text === undefined) return '0 0';
  const parsed = text.split(/\s*,\s*|\s+and\s+/).map(clockTime);
  const minutes = new Set(parsed.map((t) => t.minute));
  if (minutes.size > 1) {
    throw new ValidationError(
      `the times ${text} differ in their minutes, which one cron expression cannot say; schedule them separately or use a cron expression`,
    );
  }
  const hours = [...new Set(parsed.map((t) => t.hour))].sort((a, b) => a - b);
  return `${parsed[0]?.minute ?? 0} ${hours.join(',')}`;
}

function clockTime(text: string): { hour: number; minute: number } {
  if (text === 'midnight') return { hour: 0, minute: 0 };
  if (text === 'noon') return { hour: 12, minute: 0 };
  const match = text.match(/^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/) as RegExpMatchArray;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  const half = match[3];
  if (half !== undefined) {
    if (hour < 1 || hour > 12) throw new ValidationError(`${text} is not a time: with am/pm the hour is 1 to 12`);
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) throw new ValidationError(`${text} is not a time of day (00:00 to 23:59)`);
  return { hour, minute };
}

/** `weekdays`, `mondays and fridays`, `monday to friday` → the day-of-week field. */
function days(text: string | undefined): string {
  if (text === undefined) return '*';
  if (/^weekdays?$/.test(text)) return '1-5';
  if (/^weekends?$/.test(text)) return '0,6';
  const range = text.match(new RegExp(`^(${DAY})(?:\\s*-\\s*|\\s+to\\s+|\\s+through\\s+)(${DAY})$`));
  if (range) return `${dayNumber(range[1] as string)}-${dayNumber(range[2] as string)}`;
  if (/\s*-\s*|\s+to\s+|\s+through\s+/.test(text)) {
    throw new ValidationError(`${text}: a range of days is written alone, as "monday to friday"`);
  }
  const numbers = text.split(/\s*,\s*|\s+and\s+|\s*&\s*/).map(dayNumber);
  return [...new Set(numbers)].sort((a, b) => a - b).join(',');
}

function dayNumber(name: string): number {
  return DAYS[name.slice(0, 3)] as number;
}

function dayOfMonth(text: string): number {
  const day = Number(text);
  if (day < 1 || day > 31) throw new ValidationError(`the ${text}th is not a day of the month (1 to 31)`);
  return day;
}
