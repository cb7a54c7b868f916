import type { Kysely, RawBuilder, SqlBool } from 'kysely';
import type { ColumnType } from '../../datasets/types.js';
import type { Dialect } from '../engine.js';

/** Dataset tables as Kysely sees them: generated names, columns of any value. */
export type DatasetTables = Record<string, Record<string, unknown>>;

/** Turns what the driver returned for a column into its JS value. */
export type Decoder = (value: unknown) => unknown;

/** How one engine stores, binds and reads back each column type, and the SQL it spells its own way. */
export interface TableDialect {
  readonly name: Dialect;
  /** Compiles dataset queries (never runs them: the engine's driver does, returning arrays). */
  readonly compiler: Kysely<DatasetTables>;
  sqlType(type: ColumnType): string;
  /** A fitted JS value (see fitValue) as a bound parameter. */
  bind(type: ColumnType, value: unknown): unknown;
  /** How to read back a column of `type`; null when the driver's value is already right. */
  decoder(type: ColumnType): Decoder | null;
  /** `a` differs from `b`, a null on either side counting as a value. */
  distinct(a: Sql, b: Sql): RawBuilder<SqlBool>;
  /** `column` is one of the values in the bound array parameter. */
  inArray(column: Sql, type: ColumnType, array: Sql): RawBuilder<SqlBool>;
  /** The bound parameter holding `values` (already bound with `bind`) as one array. */
  arrayParam(type: ColumnType, values: unknown[]): unknown;
  /** The sample standard deviation aggregate. */
  readonly stddev: string;
  /** The function giving the 1-based position of a substring (0 when absent). */
  readonly position: string;
  /** The last `length` characters of `text`. */
  suffix(text: Sql, length: Sql): Sql;
  /** SQL needs `limit` to give an `offset` (SQLite): the value that means no limit. */
  readonly noLimit?: number;
  /** A fractional bound on an integer column needs a cast to compare as a number (PostgreSQL). */
  fractionalCast?(value: Sql): Sql;
}

type Sql = RawBuilder<unknown>;

const isNull = (v: unknown) => v === null || v === undefined;

/** Decoders both engines share. */
export const decoders = {
  number: (v: unknown) => (isNull(v) ? null : Number(v)),
  bigint: (v: unknown) => (isNull(v) ? null : BigInt(v as string | number | bigint)),
  json: (v: unknown) => (isNull(v) ? null : JSON.parse(v as string)),
  isNull,
} as const;
