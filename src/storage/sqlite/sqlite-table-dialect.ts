import { decoders, type TableDialect } from '../tables/table-dialect.js';

/** Dataset columns in SQLite: booleans as 0/1, timestamps as epoch milliseconds, JSON as text. */
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
        return decoders.number;
      case 'bigint':
        return decoders.bigint;
      case 'boolean':
        return (v) => (decoders.isNull(v) ? null : Number(v) !== 0);
      case 'timestamp':
        return (v) => (decoders.isNull(v) ? null : new Date(Number(v)));
      case 'json':
        return decoders.json;
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
  // SQLite has no OFFSET without LIMIT; there -1 means no limit.
  noLimit: '-1',
};
