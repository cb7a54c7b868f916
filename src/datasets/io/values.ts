import { isInt64 } from '../column-values.js';
import type { ColumnType } from '../types.js';
import { parseTimestamp } from './timestamps.js';

/** What a conversion returns for a value that does not fit the column's type. */
export const INVALID: unique symbol = Symbol('invalid');

/**
 * A JS value (from JSON, Parquet or a stored row) as a value of `type` per the ColumnType
 * contract, or INVALID. null and undefined are null. Integers may go into a float column; ISO
 * texts into a timestamp column.
 */
export function coerceValue(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
      if (typeof value === 'number') return Number.isSafeInteger(value) ? value + 0 : INVALID; // + 0: no -0
      if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : INVALID;
      return INVALID;
    case 'bigint':
      if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : INVALID;
      if (typeof value === 'bigint') return isInt64(value) ? value : INVALID;
      return INVALID;
    case 'float':
      if (typeof value === 'number') return value;
      return typeof value === 'bigint' ? Number(value) : INVALID;
    case 'text':
      return typeof value === 'string' ? value : INVALID;
    case 'boolean':
      return typeof value === 'boolean' ? value : INVALID;
    case 'timestamp':
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? INVALID : value;
      return typeof value === 'string' ? (parseTimestamp(value) ?? INVALID) : INVALID;
    case 'json':
      return typeof value === 'bigint' ? Number(value) : value;
  }
}

type Kind = 'integer' | 'bigint' | 'float' | 'text' | 'boolean' | 'json';

/**
 * The column type of JSON values (nulls ignored): safe integers → integer, with larger integers
 * (bigint) → bigint, with other numbers → float; strings → text; booleans; objects and arrays
 * → json; a mix of other kinds → json; none → text.
 */
export function inferValueType(values: Iterable<unknown>): ColumnType {
  const kinds = new Set<Kind>();
  for (const value of values) {
    if (value !== null && value !== undefined) kinds.add(kindOf(value));
  }
  if (kinds.size <= 1) return kinds.values().next().value ?? 'text';
  if ([...kinds].every((kind) => kind === 'integer' || kind === 'bigint')) return 'bigint';
  if ([...kinds].every((kind) => kind === 'integer' || kind === 'bigint' || kind === 'float')) return 'float';
  return 'json';
}

function kindOf(value: unknown): Kind {
  switch (typeof value) {
    case 'number':
      return Number.isSafeInteger(value) ? 'integer' : 'float';
    case 'bigint':
      return 'bigint';
    case 'string':
      return 'text';
    case 'boolean':
      return 'boolean';
    default:
      return 'json';
  }
}
