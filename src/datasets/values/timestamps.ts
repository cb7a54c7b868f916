// An ISO-8601 date, or date-time (`T` or a space) with optional seconds, fraction and offset.
const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?)?$/i;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The instant an ISO-8601 text names, or null if it is not one. A date alone is UTC midnight; a
 * date-time without an offset is read as UTC; fractions beyond milliseconds are truncated.
 */
export function parseTimestamp(text: string): Date | null {
  if (text.length < 10 || text.charCodeAt(4) !== 45) return null; // not `dddd-`: skip the regular expression
  const match = ISO_TIMESTAMP.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = Number(match[4] ?? 0);
  const minute = Number(match[5] ?? 0);
  const second = Number(match[6] ?? 0);
  const millis = match[7] ? Number(match[7].padEnd(3, '0').slice(0, 3)) : 0;
  const offsetHours = Number(match[10] ?? 0);
  const offsetMinutes = Number(match[11] ?? 0);
  const leapDay = month === 2 && day === 29 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0);
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    (day <= (DAYS_IN_MONTH[month - 1] ?? 0) || leapDay) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59;
  if (!valid) return null;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis));
  if (year < 100) date.setUTCFullYear(year, month - 1, day); // Date.UTC reads 0-99 as 1900-1999
  const offset = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  if (offset !== 0) date.setTime(date.getTime() - offset * 60_000);
  return date;
}
