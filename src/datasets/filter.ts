import { ValidationError } from '../errors.js';
import type { StoredColumn } from './table-meta.js';
import type { ColumnType } from './types.js';
import { isInt64, isPlainObject } from './values/kinds.js';
import { preview } from './values/preview.js';
import { parseTimestamp } from './values/timestamps.js';

export const FILTER_OPERATORS = [
  'eq',
  'ne',
  'lt',
  'lte',
  'gt',
  'gte',
  'in',
  'nin',
  'between',
  'contains',
  'startswith',
  'endswith',
  'isnull',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** `{ region: 'EU', amount__gte: 10 }`: conditions AND-ed, `<column>__<operator>` keys. */
export type Filter = Readonly<Record<string, unknown>>;

/** One checked condition; `value` is a JS value of the column's type (an array for in/nin/between). */
export interface Predicate {
  readonly column: StoredColumn;
  readonly op: FilterOperator;
  readonly value: unknown;
}

const NUMERIC: readonly ColumnType[] = ['integer', 'bigint', 'float'];
const ORDERED: readonly ColumnType[] = [...NUMERIC, 'text', 'timestamp'];
const TEXT_OPS: readonly FilterOperator[] = ['contains', 'startswith', 'endswith'];

/** Checks a filter against the table's columns; anything unknown or ill-typed is a ValidationError. */
export function parseFilter(filter: unknown, columns: readonly StoredColumn[]): Predicate[] {
  if (filter === undefined) return [];
  if (!isPlainObject(filter))
    throw new ValidationError("filter must be a plain object of conditions, e.g. { region: 'EU' }");
  const byName = new Map(columns.map((c) => [c.name, c]));
  return Object.entries(filter).map(([key, value]) => {
    const { column, op } = splitKey(key, byName);
    return { column, op, value: checkValue(key, column, op, value) };
  });
}

/** `amount__gte` → amount, gte; a key that is itself a column name means equality. */
function splitKey(key: string, byName: Map<string, StoredColumn>): { column: StoredColumn; op: FilterOperator } {
  const exact = byName.get(key);
  if (exact) return { column: exact, op: 'eq' };
  const cut = key.lastIndexOf('__');
  if (cut > 0) {
    const column = byName.get(key.slice(0, cut));
    const op = key.slice(cut + 2);
    if (column) {
      if (!(FILTER_OPERATORS as readonly string[]).includes(op)) {
        throw new ValidationError(
          `filter ${JSON.stringify(key)}: unknown operator ${JSON.stringify(op)} (known: ${FILTER_OPERATORS.join(', ')})`,
        );
      }
      return { column, op: op as FilterOperator };
    }
  }
  throw new ValidationError(`filter: unknown column ${JSON.stringify(key)} (columns: ${knownColumns(byName)})`);
}

function checkValue(key: string, column: StoredColumn, op: FilterOperator, value: unknown): unknown {
  const fail = (what: string) => new ValidationError(`filter ${JSON.stringify(key)}: ${what}`);
  const type = column.type;
  if (op === 'isnull') {
    if (typeof value !== 'boolean') throw fail(`isnull takes true or false, not ${preview(value)}`);
    return value;
  }
  if (type === 'json') throw fail(`a json column can only be tested with isnull`);
  if ((op === 'eq' || op === 'ne') && (value === null || value === undefined)) return null;
  if (TEXT_OPS.includes(op)) {
    if (type !== 'text') throw fail(`${op} needs a text column; ${column.name} is ${type}`);
    if (typeof value !== 'string') throw fail(`${op} takes a string, not ${preview(value)}`);
    return filterValue(type, value, fail);
  }
  if (['lt', 'lte', 'gt', 'gte', 'between'].includes(op) && !ORDERED.includes(type)) {
    throw fail(`${op} does not apply to a ${type} column`);
  }
  if (op === 'in' || op === 'nin' || op === 'between') {
    if (!Array.isArray(value)) throw fail(`${op} takes an array, not ${preview(value)}`);
    if (op === 'between' && value.length !== 2) throw fail('between takes [low, high]');
    return value.map((v) => filterValue(type, v, fail));
  }
  return filterValue(type, value, fail);
}

/** A comparison value for a column of `type`: numbers for numeric columns, Dates or ISO text for timestamps. */
function filterValue(type: ColumnType, value: unknown, fail: (what: string) => ValidationError): unknown {
  const mismatch = () => fail(`${preview(value)} cannot be compared with a ${type} column`);
  switch (type) {
    case 'integer':
    case 'bigint':
    case 'float':
      if (typeof value === 'number' && !Number.isNaN(value)) return value;
      // Beyond 64 bits no stored integer compares; the engines would reject the bound value.
      if (typeof value === 'bigint' && !isInt64(value)) throw fail(`${preview(value)} is beyond 64-bit integers`);
      if (typeof value === 'bigint') return type === 'bigint' ? value : Number(value);
      throw mismatch();
    case 'text':
      if (typeof value !== 'string') throw mismatch();
      if (value.includes('\u0000')) throw fail('text contains a NUL character');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw mismatch();
      return value;
    case 'timestamp': {
      // ISO texts are read as everywhere else (an instant without an offset is UTC, not local time)
      const date = value instanceof Date ? value : typeof value === 'string' ? parseTimestamp(value) : null;
      if (!date || Number.isNaN(date.getTime())) throw mismatch();
      return date;
    }
    default:
      throw mismatch();
  }
}

export function knownColumns(byName: Map<string, StoredColumn>): string {
  const names = [...byName.keys()].map((n) => JSON.stringify(n));
  return names.length > 20 ? `${names.slice(0, 20).join(', ')}, …` : names.join(', ');
}
