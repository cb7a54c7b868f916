import { decoders, type JsonColumn, type TableDialect } from '../tables/table-dialect.js';

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
  jsonObject(columns, bind) {
    if (columns.length > JSON_OBJECT_MAX_COLUMNS) return undefined;
    return `json_object(${columns.map((c) => `${bind(c.name)}, ${jsonValueSql(c)}`).join(', ')})`;
  },
};

/** json_object takes at most 500 arguments: a key and a value per column. */
const JSON_OBJECT_MAX_COLUMNS = 250;

/**
 * A column's value as json_object writes it: numbers and texts as they are (a float with up to 17
 * significant digits, the same double), ±Infinity null as in JSON.stringify, a boolean true or
 * false, a timestamp its ISO text (strftime covers years 0000–9999, all a column stores), JSON as JSON.
 */
function jsonValueSql({ type, sql }: JsonColumn): string {
  switch (type) {
    case 'float':
      return `nullif(nullif(${sql}, 9e999), -9e999)`;
    case 'boolean':
      return `case when ${sql} is null then null when ${sql} then json('true') else json('false') end`;
    case 'timestamp':
      return `strftime('%Y-%m-%dT%H:%M:%fZ', ${sql} / 1000.0, 'unixepoch')`;
    case 'json':
      return `json(${sql})`;
    default:
      return sql;
  }
}
