import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } from 'kysely';
import type { ColumnType } from '../../datasets/types.js';
import { type DatasetTables, decoders, type TableDialect } from '../tables/table-dialect.js';

const compiler = new Kysely<DatasetTables>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** Dataset columns in PostgreSQL: native types; 64-bit integers and numerics come back as text. */
export const postgresDialect: TableDialect = {
  name: 'postgres',
  compiler,
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
  distinct: (a, b) => sql`${a} is distinct from ${b}`,
  inArray: (column, type, array) => sql`(${column} = any(${array}::${sql.raw(arrayType(type))}[]))`,
  arrayParam: (_type, values) => values,
  stddev: 'stddev_samp',
  position: 'strpos',
  suffix: (text, length) => sql`right(${text}, ${length})`,
  // PostgreSQL types a parameter by its column.
  fractionalCast: (value) => sql`${value}::double precision`,
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
