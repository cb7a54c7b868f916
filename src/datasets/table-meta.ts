import { randomBytes } from 'node:crypto';
import { IntegrityError } from '../errors.js';
import { COLUMN_TYPES, type Column, type ColumnType } from './types.js';

/** A column as stored: the user's name, its type and the generated SQL identifier. */
export interface StoredColumn extends Column {
  readonly id: string;
}

/** The kindMeta of a `table` dataset. */
export interface TableMeta {
  /** Generated SQL table name, never user text. */
  readonly table: string;
  readonly columns: readonly StoredColumn[];
  readonly rows: number;
  /** Column names the user asked to index. */
  readonly indexes: readonly string[];
}

const TABLE_NAME = /^omega_t_[0-9a-f]{24}$/;
const COLUMN_ID = /^c[0-9]{1,5}$/;

/** Whether `name` is one of our generated table names (safe to hand to SQL). */
export function isTableName(name: unknown): name is string {
  return typeof name === 'string' && TABLE_NAME.test(name);
}

export function newTableName(): string {
  return `omega_t_${randomBytes(12).toString('hex')}`;
}

/** Gives each column its identifier `c<position>`. */
export function storedColumns(columns: readonly Column[]): StoredColumn[] {
  return columns.map((column, i) => ({ name: column.name, type: column.type, id: `c${i}` }));
}

/** Reads kindMeta back, refusing anything that could put unexpected text into SQL. */
export function tableMetaOf(kindMeta: Record<string, unknown>, label: string): TableMeta {
  const { table, columns, rows, indexes } = kindMeta;
  const valid =
    isTableName(table) &&
    Array.isArray(columns) &&
    columns.every(isStoredColumn) &&
    typeof rows === 'number' &&
    Array.isArray(indexes);
  if (!valid) throw new IntegrityError(`${label} has damaged table metadata`);
  return { table, columns, rows, indexes: indexes.map(String) };
}

function isStoredColumn(value: unknown): value is StoredColumn {
  if (typeof value !== 'object' || value === null) return false;
  const { name, type, id } = value as Record<string, unknown>;
  return (
    typeof name === 'string' &&
    COLUMN_TYPES.includes(type as ColumnType) &&
    typeof id === 'string' &&
    COLUMN_ID.test(id)
  );
}
