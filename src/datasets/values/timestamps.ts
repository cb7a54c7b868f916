const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const [ZERO, NINE, DASH, COLON, DOT, COMMA] = ['0', '9', '-', ':', '.', ','].map((c) => c.charCodeAt(0)) as [
  number,
  number,
  number,
  number,
  number,
  number,
];

/**
 * The instant an ISO-8601 text names, or null if it is not one: a date (`2024-01-31`), or a
 * date-time (`T` or a space) with minutes, optional seconds and fraction, and an optional offset
 * (`Z`, `+02`, `+0200`, `+02:00`). A date alone is UTC midnight; a date-time without an offset is
 * read as UTC; fractions beyond milliseconds are truncated. Read by hand, not by a regular
 * expression: every timestamp cell of a CSV file and every ISO text put comes through here.
 */
export function parseTimestamp(text: string): Date | null {
  const millis = timestampMillis(text);
  return millis === null ? null : new Date(millis);
}

/** Whether `text` is an ISO-8601 date or date-time (as parseTimestamp reads them), without making a Date. */
export function isTimestampText(text: string): boolean {
  return timestampMillis(text) !== null;
}

/** The milliseconds since the epoch of the instant `text` names, or null. */
function timestampMillis(text: string): number | null {
  const end = text.length;
  if (end < 10 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  let hour = 0;
  let minute = 0;
  let second = 0;
  let millis = 0;
  let offset = 0;
  let at = 10;
  if (at < end) {
    const separator = text.charAt(at);
    if (separator !== 'T' && separator !== 't' && separator !== ' ') return null;
    if (text.charCodeAt(at + 3) !== COLON) return null;
    hour = digits(text, at + 1, 2);
    minute = digits(text, at + 4, 2);
    at += 6;
    if (text.charCodeAt(at) === COLON) {
      second = digits(text, at + 1, 2);
      at += 3;
      const mark = text.charCodeAt(at);
      if (mark === DOT || mark === COMMA) {
        const start = ++at;
        while (isDigit(text.charCodeAt(at))) at++;
        if (at === start) return null;
        millis = Number(text.slice(start, Math.min(at, start + 3)).padEnd(3, '0'));
      }
    }
    if (at < end) {
      const sign = text.charAt(at);
      if (sign === 'Z' || sign === 'z') at++;
      else if (sign === '+' || sign === '-') {
        const hours = digits(text, at + 1, 2);
        at += 3;
        let minutes = 0;
        if (at < end) {
          if (text.charCodeAt(at) === COLON) at++;
          minutes = digits(text, at, 2);
          at += 2;
        }
        if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return null;
        offset = (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
      } else return null;
    }
    if (at !== end) return null;
  }
  const leapDay = month === 2 && day === 29 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0);
  const valid =
    year >= 0 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    (day <= (DAYS_IN_MONTH[month - 1] ?? 0) || leapDay) &&
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59 &&
    second >= 0 &&
    second <= 59;
  if (!valid) return null;
  const minutes = (daysFromCivil(year, month, day) * 24 + hour) * 60 + minute - offset;
  return (minutes * 60 + second) * 1000 + millis;
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The number `count` ASCII digits at `start` spell, or -1 (also past the end). */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let at = start; at < start + count; at++) {
    const code = text.charCodeAt(at);
    if (!isDigit(code)) return -1;
    value = value * 10 + code - ZERO;
  }
  return value;
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}
