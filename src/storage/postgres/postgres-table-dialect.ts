import type { ColumnType } from '../../datasets/types.js';
import { decoders, type JsonColumn, type TableDialect } from '../tables/table-dialect.js';

/** Dataset columns in PostgreSQL: native types; 64-bit integers and numerics come back as text. */
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
        return decoders.number;
      case 'bigint':
        return decoders.bigint;
      case 'json':
        return decoders.json;
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
  // PostgreSQL types a parameter by its column.
  fractionalCast: (placeholder) => `${placeholder}::double precision`,
  jsonObject(columns, bind) {
    if (columns.length === 0) return `'{}'`;
    const members = columns.map(
      (c, i) => `${bind(`${i === 0 ? '{' : ','}${JSON.stringify(c.name)}:`)}::text || ${jsonValueSql(c)}`,
    );
    return `${members.join(' || ')} || '}'`;
  },
};

/**
 * A column's value as JSON text, written by PostgreSQL: numbers as float8/bigint print them (the
 * shortest text that reads back the same), -0 as 0 and NaN or ±Infinity as null as in
 * JSON.stringify, texts through to_json, a timestamp its ISO text in UTC, JSON columns as stored.
 */
function jsonValueSql({ type, sql }: JsonColumn): string {
  switch (type) {
    case 'float':
      return `coalesce(case when ${sql} in ('NaN', 'Infinity', '-Infinity') then null when ${sql} = 0 then '0' else ${sql}::text end, 'null')`;
    case 'text':
      return `coalesce(to_json(${sql})::text, 'null')`;
    case 'timestamp':
      return `coalesce('"' || to_char(${sql} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"', 'null')`;
    default:
      return `coalesce(${sql}::text, 'null')`;
  }
}

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
