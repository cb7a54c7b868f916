import type { ColumnType } from '../../datasets/types.js';
import { decoders, type TableDialect } from '../tables/table-dialect.js';

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
