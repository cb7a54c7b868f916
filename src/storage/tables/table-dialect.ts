import type { ColumnType } from '../../datasets/types.js';
import type { Dialect } from '../connection.js';

/** Turns what the driver returned for a column into its JS value. */
export type Decoder = (value: unknown) => unknown;

/** How one engine stores, binds and reads back each column type, and the SQL it spells its own way. */
export interface TableDialect {
  readonly name: Dialect;
  /** The placeholder of the `n`-th (1-based) bound parameter. */
  placeholder(n: number): string;
  sqlType(type: ColumnType): string;
  /** A fitted JS value (see fitValue) as a bound parameter. */
  bind(type: ColumnType, value: unknown): unknown;
  /** How to read back a column of `type`; null when the driver's value is already right. */
  decoder(type: ColumnType): Decoder | null;
  /** `a` differs from `b`, a null on either side counting as a value. */
  distinct(a: string, b: string): string;
  /** `column` is one of the values in the bound array parameter. */
  inArray(column: string, type: ColumnType, array: string): string;
  /** The bound parameter holding `values` (already bound with `bind`) as one array. */
  arrayParam(type: ColumnType, values: unknown[]): unknown;
  /** The sample standard deviation aggregate. */
  readonly stddev: string;
  /** The function giving the 1-based position of a substring (0 when absent). */
  readonly position: string;
  /** The last `length` characters of `text`. */
  suffix(text: string, length: string): string;
  /** SQL needs `limit` to give an `offset` (SQLite): the value that means no limit. */
  readonly noLimit?: string;
  /** A fractional bound on an integer column needs a cast to compare as a number (PostgreSQL). */
  fractionalCast?(placeholder: string): string;
  /**
   * The SQL of one JSON object text per row, keys in column order (a timestamp its ISO text,
   * NaN and ±Infinity null), written by the engine; undefined when it cannot (too many columns),
   * and then omegats writes them. Column names are user text: they reach SQL only through
   * `bind`, which binds a text parameter and gives its placeholder.
   */
  jsonObject?(columns: readonly JsonColumn[], bind: (text: string) => string): string | undefined;
}

/** A column of a JSON object: its key, type and the SQL of its value. */
export interface JsonColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly sql: string;
}

const isNull = (v: unknown) => v === null || v === undefined;

/** Decoders both engines share. */
export const decoders = {
  number: (v: unknown) => (isNull(v) ? null : Number(v)),
  bigint: (v: unknown) => (isNull(v) ? null : BigInt(v as string | number | bigint)),
  json: (v: unknown) => (isNull(v) ? null : JSON.parse(v as string)),
  isNull,
} as const;
