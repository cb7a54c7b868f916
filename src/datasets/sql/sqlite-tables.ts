import type Database from 'better-sqlite3';
import type { RawConnection } from '../../storage/engine.js';
import { fitValue, inRow } from '../column-values.js';
import type { StoredColumn } from '../table-meta.js';
import type { Row } from '../types.js';
import { quoteId } from './identifiers.js';
import type { CompiledSql } from './query-sql.js';
import { sqliteDialect } from './table-dialect.js';
import type { RawRows, TableDriver } from './table-driver.js';

/** Parameters per multi-row INSERT stay well under SQLite's limit of 32766. */
const MAX_PARAMS = 30_000;
const MAX_BATCH = 256;

export const sqliteTables: TableDriver = {
  dialect: sqliteDialect,

  async create(raw, table, columns) {
    const defs = columns.map((c) => `${quoteId(c.id)} ${sqliteDialect.sqlType(c.type)}`);
    db(raw).exec(`create table ${quoteId(table)} (${quoteId('_row')} integer primary key, ${defs.join(', ')})`);
  },

  // `_row` is the rowid: SQLite numbers appended rows max + 1 by itself, which keeps their order
  // and costs less than binding a 9th value and checking it (measured: ~10% of a 300k-row put).
  async insert(raw, table, columns, rows, _firstRow, firstInputRow) {
    const width = columns.length;
    const batch = Math.max(1, Math.min(MAX_BATCH, Math.floor(MAX_PARAMS / width)));
    const statement = (n: number) => {
      const tuple = `(${new Array(width).fill('?').join(',')})`;
      const names = columns.map((c) => quoteId(c.id)).join(', ');
      return db(raw).prepare(`insert into ${quoteId(table)} (${names}) values ${new Array(n).fill(tuple).join(',')}`);
    };
    const encoders = columns.map((c) => encoder(c));
    const full = statement(batch);
    let r = 0;
    let c = 0;
    try {
      for (let start = 0; start < rows.length; start += batch) {
        const n = Math.min(batch, rows.length - start);
        const params: unknown[] = new Array(n * width);
        let k = 0;
        for (r = start; r < start + n; r++) {
          const row = rows[r] as Row;
          for (c = 0; c < columns.length; c++) {
            params[k++] = (encoders[c] as Encoder)(row[(columns[c] as StoredColumn).name]);
          }
        }
        (n === batch ? full : statement(n)).run(params);
      }
    } catch (error) {
      throw inRow(error, firstInputRow + r, (columns[c] as StoredColumn).name);
    }
  },

  async finish(raw, table, indexed) {
    for (const column of indexed) {
      db(raw).exec(
        `create index if not exists ${quoteId(`${table}_${column.id}`)} on ${quoteId(table)} (${quoteId(column.id)})`,
      );
    }
  },

  async copyRows(raw, from, to) {
    db(raw).exec(`insert into ${quoteId(to)} select * from ${quoteId(from)}`);
  },

  async drop(raw, table) {
    db(raw).exec(`drop table if exists ${quoteId(table)}`);
  },

  async all(raw, query) {
    return prepare(raw, query).all(query.params) as RawRows;
  },

  async *cursor(raw, query, size) {
    let chunk: RawRows = [];
    for (const row of prepare(raw, query).iterate(query.params)) {
      chunk.push(row as unknown[]);
      if (chunk.length === size) {
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length > 0) yield chunk;
  },
};

type Encoder = (value: unknown) => unknown;

/** Checks and converts one value for binding, with a fast path for values already of the column's type. */
function encoder({ type }: StoredColumn): Encoder {
  const slow = (v: unknown) => sqliteDialect.bind(type, fitValue(type, v));
  switch (type) {
    case 'integer':
      return (v) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : slow(v));
    case 'float':
      return (v) => (typeof v === 'number' && !Number.isNaN(v) ? v : slow(v));
    case 'text':
      return (v) => (typeof v === 'string' && !v.includes('\u0000') ? v : slow(v));
    default:
      return slow;
  }
}

function db(raw: RawConnection): Database.Database {
  if (raw.dialect !== 'sqlite') throw new Error('sqlite table driver on a postgres connection');
  ensureFunctions(raw.db);
  return raw.db;
}

/** Arrays of column values; integers as bigint only when some column needs 64 bits. */
function prepare(raw: RawConnection, query: CompiledSql): Database.Statement {
  const statement = db(raw).prepare(query.text);
  statement.raw(true);
  if (query.bigints) statement.safeIntegers(true);
  return statement;
}

const withFunctions = new WeakSet<Database.Database>();

/** SQLite has no standard deviation; this aggregate (Welford's method) gives the sample one. */
function ensureFunctions(handle: Database.Database): void {
  if (withFunctions.has(handle)) return;
  handle.aggregate('omega_stddev', {
    start: () => ({ n: 0, mean: 0, m2: 0 }),
    step(state: { n: number; mean: number; m2: number }, value: unknown) {
      if (value === null || value === undefined) return;
      const x = Number(value);
      state.n += 1;
      const delta = x - state.mean;
      state.mean += delta / state.n;
      state.m2 += delta * (x - state.mean);
    },
    result: (state: { n: number; m2: number }) => (state.n < 2 ? null : Math.sqrt(state.m2 / (state.n - 1))),
  });
  withFunctions.add(handle);
}
