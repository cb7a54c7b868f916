import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type BenchRow, COUNT_FILTER } from './table-rows.js';

/** Somewhere rows can be stored as a new table under a name, read back whole, and counted. */
export interface TableTarget {
  readonly label: string;
  /** What each operation does, for the report. */
  readonly ops: { readonly put: string; readonly get: string; readonly count: string };
  /** Stores `rows` as a new table `name`. */
  put(name: string, rows: readonly BenchRow[]): Promise<void>;
  /** Every row of `name`, as row objects. */
  get(name: string): Promise<unknown[]>;
  /** The rows of `name` matching COUNT_FILTER, counted by the database. */
  count(name: string): Promise<number>;
  close(): Promise<void>;
}

/** The table of `name` (bench names are ours: letters, digits and dashes). */
const tableOf = (name: string) => `bench_${name.replace(/[^a-z0-9]/gi, '_')}`;

const PREFIX = `${COUNT_FILTER.namePrefix}%`;

/** Rows per INSERT statement, as omegats batches its own (a multi-VALUES statement). */
export const INSERT_BATCH = 256;
const SQLITE_COLUMNS = 8;

/** `insert into table values (?, …), …` for `rows` rows of the 8 columns. */
function multiValuesInsert(table: string, rows: number): string {
  const tuple = `(${Array(SQLITE_COLUMNS).fill('?').join(', ')})`;
  return `insert into ${table} values ${Array(rows).fill(tuple).join(', ')}`;
}

/** The parameters of `rows[start, end)`, flattened in column order. */
function batchParams(rows: readonly BenchRow[], start: number, end: number): unknown[] {
  const params: unknown[] = new Array((end - start) * SQLITE_COLUMNS);
  let k = 0;
  for (let i = start; i < end; i++) {
    const r = rows[i] as BenchRow;
    params[k++] = r.id;
    params[k++] = r.qty;
    params[k++] = r.price;
    params[k++] = r.score;
    params[k++] = r.name;
    params[k++] = r.city;
    params[k++] = r.active ? 1 : 0;
    params[k++] = r.at.getTime();
  }
  return params;
}

/**
 * Raw better-sqlite3: its own database file in `dir` with omegats' pragmas (WAL,
 * synchronous=NORMAL); prepared multi-VALUES INSERTs of INSERT_BATCH rows (one more for the
 * remainder), all in one transaction: the batching omegats does itself.
 */
export function sqliteTableTarget(dir: string): TableTarget {
  const db = new Database(join(dir, 'raw-table.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const load = db.transaction((table: string, rows: readonly BenchRow[]) => {
    db.exec(
      `create table ${table} (id integer, qty integer, price real, score real, name text, city text, active integer, at integer)`,
    );
    const full = db.prepare(multiValuesInsert(table, INSERT_BATCH));
    let start = 0;
    for (; start + INSERT_BATCH <= rows.length; start += INSERT_BATCH) {
      full.run(batchParams(rows, start, start + INSERT_BATCH));
    }
    if (start < rows.length) {
      db.prepare(multiValuesInsert(table, rows.length - start)).run(batchParams(rows, start, rows.length));
    }
  });
  return {
    label: 'better-sqlite3',
    ops: {
      put: `prepared ${INSERT_BATCH}-row multi-VALUES INSERT, 1 transaction`,
      get: "prepare('select *').all()",
      count: "count(*) where qty >= ? and name like 'a%'",
    },
    async put(name, rows) {
      load(tableOf(name), rows);
    },
    async get(name) {
      return db.prepare(`select * from ${tableOf(name)}`).all();
    },
    async count(name) {
      const sql = `select count(*) as n from ${tableOf(name)} where qty >= ? and name like ?`;
      return (db.prepare(sql).get(COUNT_FILTER.qtyAtLeast, PREFIX) as { n: number }).n;
    },
    async close() {
      db.close();
    },
  };
}

/** Rows per piece of COPY text handed to the stream. */
const COPY_ROWS = 2_000;
const SPECIAL = /[\\\n\r\t]/;

function copyField(text: string): string {
  if (!SPECIAL.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

/** COPY text format, rendered here: tab-separated fields, one line per row. */
function* copyText(rows: readonly BenchRow[]): Generator<string> {
  for (let start = 0; start < rows.length; start += COPY_ROWS) {
    let text = '';
    const end = Math.min(rows.length, start + COPY_ROWS);
    for (let i = start; i < end; i++) {
      const r = rows[i] as BenchRow;
      text += `${r.id}\t${r.qty}\t${r.price}\t${r.score}\t${copyField(r.name)}\t${copyField(r.city)}\t${r.active ? 't' : 'f'}\t${r.at.toISOString()}\n`;
    }
    yield text;
  }
}

/**
 * Raw pg: a table of the column types omegats uses, created and filled by COPY FROM STDIN in one
 * transaction; read with one `select *`, counted with one `select count(*)`.
 */
export function pgTableTarget(pool: pg.Pool): TableTarget {
  return {
    label: 'pg',
    ops: {
      put: 'COPY FROM STDIN (text), 1 transaction',
      get: "client.query('select *')",
      count: "count(*) where qty >= $1 and name like 'a%'",
    },
    async put(name, rows) {
      const table = tableOf(name);
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query(
          `create table ${table} (id bigint, qty bigint, price double precision, score double precision, name text collate "C", city text collate "C", active boolean, at timestamptz)`,
        );
        await pipeline(Readable.from(copyText(rows)), client.query(copyFrom(`copy ${table} from stdin`)));
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async get(name) {
      return (await pool.query(`select * from ${tableOf(name)}`)).rows;
    },
    async count(name) {
      const sql = `select count(*) as n from ${tableOf(name)} where qty >= $1 and name like $2`;
      const result = await pool.query<{ n: string }>(sql, [COUNT_FILTER.qtyAtLeast, PREFIX]);
      return Number(result.rows[0]?.n);
    },
    async close() {},
  };
}
