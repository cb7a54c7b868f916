import { ValidationError } from '../errors.js';
import type { Column, ColumnType, Row } from './types.js';

/** The column type a single JS value implies; null for a missing value (null, undefined, NaN). */
export function typeOfValue(value: unknown): ColumnType | null {
  switch (typeof value) {
    case 'undefined':
      return null;
    case 'number':
      if (Number.isNaN(value)) return null;
      return Number.isSafeInteger(value) ? 'integer' : 'float';
    case 'bigint':
      return 'bigint';
    case 'string':
      return 'text';
    case 'boolean':
      return 'boolean';
    case 'object':
      if (value === null) return null;
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new ValidationError('an invalid Date');
        return 'timestamp';
      }
      if (Array.isArray(value) || isPlainObject(value)) return 'json';
  }
  throw new ValidationError(`a ${describe(value)}, which a table column cannot hold`);
}

/** The type of a column holding values of types `a` and `b`, or null when they do not mix. */
export function widen(a: ColumnType, b: ColumnType): ColumnType | null {
  if (a === b) return a;
  const pair = new Set([a, b]);
  if (pair.has('integer') && pair.has('float')) return 'float';
  if (pair.has('integer') && pair.has('bigint')) return 'bigint';
  // A json column holds any JSON value; only bigints and Dates have no JSON form of their own.
  if (pair.has('json') && !pair.has('bigint') && !pair.has('timestamp')) return 'json';
  return null;
}

/**
 * Columns of `rows` in order of first appearance, each typed by all its values. A column mixing
 * types that do not widen is a ValidationError naming both rows; an all-null column is text.
 */
export function inferColumns(rows: readonly Row[], firstRow = 1): Column[] {
  const types = new Map<string, { type: ColumnType | null; row: number }>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Row;
    for (const name in row) {
      let type: ColumnType | null;
      try {
        type = typeOfValue(row[name]);
      } catch (error) {
        throw inRow(error, firstRow + i, name);
      }
      const seen = types.get(name);
      if (!seen || (seen.type === null && type !== null)) {
        types.set(name, { type, row: firstRow + i });
      } else if (type !== null && seen.type !== null && seen.type !== type) {
        const wider = widen(seen.type, type);
        if (wider === null) {
          throw new ValidationError(
            `column ${JSON.stringify(name)} mixes ${seen.type} (row ${seen.row}) and ${type} (row ${firstRow + i})`,
          );
        }
        seen.type = wider;
      }
    }
  }
  return [...types].map(([name, { type }]) => ({ name, type: type ?? 'text' }));
}

/** The keys of `rows` in order of first appearance. */
export function columnNames(rows: readonly Row[]): string[] {
  const names = new Set<string>();
  for (const row of rows) for (const name in row) names.add(name);
  return [...names];
}

/** A ValidationError prefixed with the row and column it concerns; other errors unchanged. */
export function inRow(error: unknown, row: number, column: string): unknown {
  if (!(error instanceof ValidationError)) return error;
  return new ValidationError(`row ${row}, column ${JSON.stringify(column)}: ${error.message}`);
}

/**
 * Checks that `value` fits a column of `type` and returns it in its canonical JS form (null for
 * missing values); the caller encodes it for the engine and names the row in errors.
 */
export function fitValue(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return null;
  switch (type) {
    case 'integer':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
      if (typeof value === 'bigint' && isSafe(value)) return Number(value);
      break;
    case 'bigint':
      if (typeof value === 'bigint' && isInt64(value)) return value;
      if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
      break;
    case 'float':
      if (typeof value === 'number') return value;
      if (typeof value === 'bigint' && isSafe(value)) return Number(value);
      break;
    case 'text':
      if (typeof value === 'string') {
        if (value.includes('\u0000')) throw new ValidationError('text contains a NUL character');
        return value;
      }
      break;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      break;
    case 'timestamp':
      if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
      break;
    case 'json':
      if (typeof value !== 'bigint' && typeof value !== 'function' && typeof value !== 'symbol') return value;
      break;
  }
  throw new ValidationError(`${preview(value)} does not fit a ${type} column`);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A short, safe rendering of a value for messages. */
export function preview(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (typeof value === 'object' && value !== null) return describe(value);
  return String(value);
}

function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  return (value as object).constructor?.name ?? 'object';
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function isInt64(value: bigint): boolean {
  return value >= INT64_MIN && value <= INT64_MAX;
}

function isSafe(value: bigint): boolean {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER);
}
