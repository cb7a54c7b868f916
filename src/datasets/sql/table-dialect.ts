import type { Dialect } from '../../storage/engine.js';
import type { ColumnType } from '../types.js';

/** How one engine stores, binds and reads back each column type. */
export interface TableDialect {
  readonly name: Dialect;
  /** The placeholder of the `n`-th (1-based) bound parameter. */
  placeholder(n: number): string;
  sqlType(type: ColumnType): string;
  /** A fitted JS value (see fitValue) as a bound parameter. */
  bind(type: ColumnType, value: unknown): unknown;
  /** Turns what the driver returned for a column of `type` into its JS value. */
  decoder(type: ColumnType): ((value: unknown) => unknown) | null;
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
}

const isNull = (v: unknown) => v === null || v === undefined;
const toNumber = (v: unknown) => (isNull(v) ? null : Number(v));
const toBigInt = (v: unknown) => (isNull(v) ? null : BigInt(v as string | number | bigint));
const parseJson = (v: unknown) => (isNull(v) ? null : JSON.parse(v as string));

export const sqliteDialect: TableDialect = {
  name: 'sqlite',
  placeholder: () => '?',
  sqlType: (type) =>
    ({
      integer: 'integer',
      bigint: 'integer',
      float: 'real',
      text: 'text',
      boolean: 'integer',
      timestamp: 'integer',
      json: 'text',
    })[type],
  bind(type, value) {
    if (value === null) return null;
    if (type === 'boolean') return value ? 1 : 0;
    if (type === 'timestamp') return (value as Date).getTime();
    if (type === 'json') return JSON.stringify(value);
    return value;
  },
  decoder(type) {
    switch (type) {
      case 'integer':
        return toNumber;
      case 'bigint':
        return toBigInt;
      case 'boolean':
        return (v) => (isNull(v) ? null : Number(v) !== 0);
      case 'timestamp':
        return (v) => (isNull(v) ? null : new Date(Number(v)));
      case 'json':
        return parseJson;
      default:
        return null;
    }
  },
  distinct: (a, b) => `${a} is not ${b}`,
  inArray: (column, _type, array) => `${column} in (select value from json_each(${array}))`,
  // JSON text, bigints as exact digits (json_each reads them back as 64-bit integers).
  arrayParam: (_type, values) =>
    `[${values.map((v) => (typeof v === 'bigint' ? v.toString() : JSON.stringify(v))).join(',')}]`,
  stddev: 'omega_stddev',
  position: 'instr',
  suffix: (text, length) => `substr(${text}, -${length})`,
};

export const postgresDialect: TableDialect = {
  name: 'postgres',
  placeholder: (n) => `$${n}`,
  sqlType: (type) =>
    ({
      integer: 'bigint',
      bigint: 'bigint',
      float: 'double precision',
      text: 'text collate "C"',
      boolean: 'boolean',
      timestamp: 'timestamptz',
      json: 'text',
    })[type],
  bind(type, value) {
    if (value === null) return null;
    if (type === 'timestamp') return (value as Date).toISOString();
    if (type === 'json') return JSON.stringify(value);
    if (typeof value === 'bigint') return value.toString();
    if (type === 'float' && !Number.isFinite(value)) return String(value);
    return value;
  },
  decoder(type) {
    switch (type) {
      case 'integer':
      case 'float':
        return toNumber;
      case 'bigint':
        return toBigInt;
      case 'json':
        return parseJson;
      default:
        return null;
    }
  },
  distinct: (a, b) => `${a} is distinct from ${b}`,
  inArray: (column, type, array) => `${column} = any(${array}::${arrayType(type)}[])`,
  arrayParam: (_type, values) => values,
  stddev: 'stddev_samp',
  position: 'strpos',
  suffix: (text, length) => `right(${text}, ${length})`,
};

function arrayType(type: ColumnType): string {
  return {
    integer: 'bigint',
    bigint: 'bigint',
    float: 'double precision',
    text: 'text',
    boolean: 'boolean',
    timestamp: 'timestamptz',
    json: 'text',
  }[type];
}

export function tableDialect(name: Dialect): TableDialect {
  return name === 'sqlite' ? sqliteDialect : postgresDialect;
}
