import type Database from 'better-sqlite3';
import type { StoredColumn } from '../../datasets/table-meta.js';
import type { Row } from '../../datasets/types.js';
import { fitValue, inRow } from '../../datasets/values/fit-value.js';
import type { Connection } from '../connection.js';
import { quoteId } from '../tables/identifiers.js';
import { type RawRows, type StoredKind, TableDriver } from '../tables/table-driver.js';
import type { CompiledSql } from '../tables/table-spec.js';
import { sqliteHandle } from './sqlite-connection.js';
import { sqliteError, translated } from './sqlite-errors.js';
import { sqliteDialect } from './sqlite-table-dialect.js';

/** Parameters per multi-row INSERT stay well under SQLite's limit of 32766. */
const MAX_PARAMS = 30_000;
const MAX_BATCH = 256;

/** Dataset tables in SQLite: multi-row prepared INSERTs, raw-array reads, a stddev aggregate of our own. */
export class SqliteTables extends TableDriver {
  readonly dialect = sqliteDialect;

  create(conn: Connection, table: string, columns: readonly StoredColumn[]): Promise<void> {
    const defs = columns.map((c) => `${quoteId(c.id)} ${sqliteDialect.sqlType(c.type)}`);
    return exec(conn, `create table ${quoteId(table)} (${quoteId('_row')} integer primary key, ${defs.join(', ')})`);
  }

  // `_row` is the rowid: SQLite numbers appended rows max + 1 by itself, which keeps their order
  // and costs less than binding one more value per row (measured: ~9% of a 300k-row put).
  async insert(
    conn: Connection,
    table: string,
    columns: readonly StoredColumn[],
    rows: readonly Row[],
    _firstRow: number,
    firstInputRow: number,
  ): Promise<void> {
    const db = handle(conn);
    const width = columns.length;
    const batch = Math.max(1, Math.min(MAX_BATCH, Math.floor(MAX_PARAMS / width)));
    const statement = (n: number) => {
      const tuple = `(${new Array(width).fill('?').join(',')})`;
      const names = columns.map((c) => quoteId(c.id)).join(', ');
      return db.prepare(`insert into ${quoteId(table)} (${names}) values ${new Array(n).fill(tuple).join(',')}`);
    };
    const encoders = columns.map((c) => encoder(c));
    let r = 0;
    let c = 0;
    try {
      const full = statement(batch);
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
      throw sqliteError(inRow(error, firstInputRow + r, (columns[c] as StoredColumn).name));
    }
  }

  async finish(conn: Connection, table: string, indexed: readonly StoredColumn[]): Promise<void> {
    for (const column of indexed) {
      await exec(
        conn,
        `create index if not exists ${quoteId(`${table}_${column.id}`)} on ${quoteId(table)} (${quoteId(column.id)})`,
      );
    }
  }

  copyRows(conn: Connection, from: string, to: string): Promise<void> {
    return exec(conn, `insert into ${quoteId(to)} select * from ${quoteId(from)}`);
  }

  drop(conn: Connection, table: string): Promise<void> {
    return exec(conn, `drop table if exists ${quoteId(table)}`);
  }

  readKind(conn: Connection, bucket: string, prefix: string, name: string): Promise<StoredKind | undefined> {
    return translated(() => {
      const row = handle(conn)
        .prepare('select kind, kind_meta from omega_metadata where bucket = ? and prefix = ? and name = ?')
        .get(bucket, prefix, name) as { kind: string; kind_meta: string } | undefined;
      return row && { kind: row.kind, kindMeta: JSON.parse(row.kind_meta) as Record<string, unknown> };
    });
  }

  protected all(conn: Connection, query: CompiledSql): Promise<RawRows> {
    return translated(() => prepare(conn, query).all(query.params) as RawRows);
  }

  protected stream(conn: Connection, query: CompiledSql, size: number): AsyncIterable<RawRows> {
    return chunked(() => prepare(conn, query).iterate(query.params) as IterableIterator<unknown[]>, size);
  }

  protected override streamValues(conn: Connection, query: CompiledSql, size: number): AsyncIterable<unknown[]> {
    return chunked(() => handle(conn).prepare(query.text).pluck().iterate(query.params), size);
  }
}

/** What a statement iterates, in arrays of at most `size`; started on the first read, its errors typed. */
async function* chunked<T>(iterate: () => Iterable<T>, size: number): AsyncIterable<T[]> {
  let chunk: T[] = [];
  try {
    for (const value of iterate()) {
      chunk.push(value);
      if (chunk.length === size) {
        yield chunk;
        chunk = [];
      }
    }
  } catch (error) {
    throw sqliteError(error);
  }
  if (chunk.length > 0) yield chunk;
}

function exec(conn: Connection, text: string): Promise<void> {
  return translated(() => {
    handle(conn).exec(text);
  });
}

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

function handle(conn: Connection): Database.Database {
  const db = sqliteHandle(conn);
  ensureFunctions(db);
  return db;
}

/** Arrays of column values; integers as bigint only when some column needs 64 bits. */
function prepare(conn: Connection, query: CompiledSql): Database.Statement {
  const statement = handle(conn).prepare(query.text);
  statement.raw(true);
  if (query.bigints) statement.safeIntegers(true);
  return statement;
}

const withFunctions = new WeakSet<Database.Database>();

/** SQLite has no standard deviation; this aggregate (Welford's method) gives the sample one. */
function ensureFunctions(db: Database.Database): void {
  if (withFunctions.has(db)) return;
  db.aggregate('omega_stddev', {
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
  withFunctions.add(db);
}
