import { ValidationError } from '../../errors.js';
import type { ColumnType } from '../types.js';
import { checkJson } from './json-values.js';
import { isInt64 } from './kinds.js';
import { preview } from './preview.js';
import { parseTimestamp } from './timestamps.js';

/** What castValue returns for a value whose kind does not fit the column's type. */
export const INVALID: unique symbol = Symbol('invalid');

/**
 * A JS value (put, JSON lines, Parquet, a stored row) as a value of a column of `type`, in its
 * canonical JS form; null for a missing value (null, undefined, NaN); INVALID when it does not
 * fit. Integers fit float columns (bigints if exact), safe integers integer and bigint columns,
 * ISO-8601 texts timestamp columns. A value of the right kind that cannot be stored (text with
 * NUL, JSON that is not JSON) is a ValidationError saying why.
 */
export function castValue(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return null;
  switch (type) {
    case 'integer':
      if (typeof value === 'number') return Number.isSafeInteger(value) ? value + 0 : INVALID; // + 0: no -0
      if (typeof value === 'bigint') return isSafe(value) ? Number(value) : INVALID;
      return INVALID;
    case 'bigint':
      if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : INVALID;
      if (typeof value === 'bigint') return isInt64(value) ? value : INVALID;
      return INVALID;
    case 'float':
      if (typeof value === 'number') return value;
      if (typeof value === 'bigint') return BigInt(Number(value)) === value ? Number(value) : INVALID;
      return INVALID;
    case 'text':
      if (typeof value !== 'string') return INVALID;
      if (value.includes('\u0000')) throw new ValidationError('text contains a NUL character');
      return value;
    case 'boolean':
      return typeof value === 'boolean' ? value : INVALID;
    case 'timestamp': {
      const date = value instanceof Date ? value : typeof value === 'string' ? parseTimestamp(value) : null;
      if (date === null || Number.isNaN(date.getTime())) return INVALID;
      return inTimestampRange(date);
    }
    case 'json':
      if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') return INVALID;
      if (value instanceof Date) return INVALID;
      checkJson(value);
      return value;
  }
}

/** castValue for a value that must fit: INVALID is a ValidationError (the caller names the row). */
export function fitValue(type: ColumnType, value: unknown): unknown {
  const fitted = castValue(type, value);
  if (fitted === INVALID) throw new ValidationError(`${preview(value)} does not fit a ${type} column`);
  return fitted;
}

/** A ValidationError prefixed with the row (`row 3`, or a label) and column it concerns; other errors unchanged. */
export function inRow(error: unknown, row: number | string, column: string): unknown {
  if (!(error instanceof ValidationError)) return error;
  const where = typeof row === 'number' ? `row ${row}` : row;
  return new ValidationError(`${where}, column ${JSON.stringify(column)}: ${error.message}`);
}

/** The instants both engines store alike: PostgreSQL reads the ISO text of years 0001 to 9999 only. */
const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00.000Z');
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');

function inTimestampRange(date: Date): Date {
  const time = date.getTime();
  if (time < FIRST_INSTANT || time > LAST_INSTANT) {
    throw new ValidationError(
      `timestamp ${date.toISOString()} is outside 0001-01-01 to 9999-12-31 (UTC), the range a table column stores`,
    );
  }
  return date;
}

function isSafe(value: bigint): boolean {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER);
}
