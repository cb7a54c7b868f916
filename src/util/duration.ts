import { ValidationError } from '../errors.js';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const DURATION = /^(\d{1,9})([smhdw])$/;

/** Whether `text` is a duration such as `90s`, `30m`, `12h`, `30d` or `2w`. */
export function isDuration(text: string): boolean {
  return DURATION.test(text);
}

/** A duration such as `90s`, `30m`, `12h`, `30d` or `2w` in milliseconds; `what` names it in the error. */
export function durationMs(text: string, what: string): number {
  const match = DURATION.exec(text);
  if (!match)
    throw new ValidationError(`${what} must be a duration such as 30m, 12h, 30d or 2w, got ${JSON.stringify(text)}`);
  const amount = Number(match[1]);
  if (amount === 0) throw new ValidationError(`${what} must be longer than 0, got ${text}`);
  return amount * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/**
 * A point in time given as a Date, an ISO 8601 date (`2027-01-31`, `2027-01-31T12:00:00Z`) or a
 * duration relative to `now`, forward (`ahead`: an expiry) or back (a `since`).
 */
export function pointInTime(value: unknown, what: string, now: Date, direction: 'ahead' | 'back'): Date {
  let at: Date | undefined;
  if (value instanceof Date) at = value;
  else if (typeof value === 'string' && isDuration(value)) {
    const ms = durationMs(value, what);
    at = new Date(now.getTime() + (direction === 'ahead' ? ms : -ms));
  } else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    at = new Date(value);
  }
  if (at === undefined || Number.isNaN(at.getTime())) {
    throw new ValidationError(
      `${what} must be a Date, an ISO date such as 2027-01-31 or a duration such as 12h or 30d, got ${describe(value)}`,
    );
  }
  return at;
}

function describe(value: unknown): string {
  if (value instanceof Date) return 'an invalid Date';
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}
