import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type pg from 'pg';

/** The omegats column types of a BenchRow table, in column order (id, qty, price, score, name, city, active, at). */
export const BENCH_COLUMN_TYPES = ['integer', 'integer', 'float', 'float', 'text', 'text', 'boolean', 'timestamp'];

/** Where each part of one raw copy transaction went, in milliseconds (0: the step is not part of it). */
export interface CopyPhases {
  create: number;
  insertSelect: number;
  /** PostgreSQL: `alter table … add primary key (_row)` on the copy. */
  key: number;
  /** The replace case: `drop table` of the copy it replaces. */
  dropOld: number;
  commit: number;
}

export interface CopyOptions {
  /** A copy dropped in the same transaction (the replace case). */
  replacing?: string;
  /**
   * Name the columns as omegats does (`insert into t2 (_row, id, …) select _row, id, … from t1`)
   * instead of `select *`: on SQLite this forgoes the transfer optimisation, which copies `select *`
   * records between tables of the same shape without decoding them.
   */
  columnList?: boolean;
}

const SOURCE = 'raw_promote_src';
const tableOf = (name: string) => `raw_promote_${name.replace(/[^a-z0-9]/gi, '_')}`;

/** The columns of both shapes, in order. */
const COLUMN_LIST = '_row, id, qty, price, score, name, city, active, at';

function insertSelect(table: string, columnList: boolean | undefined): string {
  return columnList
    ? `insert into ${table} (${COLUMN_LIST}) select ${COLUMN_LIST} from ${SOURCE}`
    : `insert into ${table} select * from ${SOURCE}`;
}

export const PHASES: readonly (keyof CopyPhases)[] = ['create', 'insertSelect', 'key', 'dropOld', 'commit'];

/**
 * The raw baseline of a table promotion inside one database: a table shaped like omegats' (the
 * `_row` order column and the 8 columns, same SQL types) filled by `insert into t2 select * from
 * t1` in one transaction, with the same extra work omegats does there.
 */
export interface RawCopyTarget {
  readonly label: string;
  /** What one copy runs, for the report. */
  readonly op: string;
  /** Makes the source t1: the rows of omegats' dataset table `omegaTable`, copied as they are (not timed). */
  load(omegaTable: string): Promise<number>;
  /**
   * Reads t1 and omegats' table alike once, so both sources start equal (page cache; for
   * PostgreSQL also `vacuum (analyze)`: hint bits, visibility map, no autovacuum pending). Not timed.
   */
  warm(omegaTable: string): Promise<void>;
  /** Copies t1 into the new table `name` in one transaction (see CopyOptions). */
  copy(name: string, options?: CopyOptions): Promise<CopyPhases>;
  count(name: string): Promise<number>;
  drop(name: string): Promise<void>;
  close(): Promise<void>;
}

/** omegats' SQLite DDL of a BenchRow table: `_row integer primary key` (the rowid) and the 8 columns. */
const SQLITE_COLUMNS =
  '_row integer primary key, id integer, qty integer, price real, score real, name text, city text, active integer, at integer';

/** omegats' PostgreSQL DDL of a BenchRow table; its primary key on `_row` is added once the table is filled. */
const PG_COLUMNS =
  '_row bigint not null, id bigint, qty bigint, price double precision, score double precision, name text collate "C", city text collate "C", active boolean, at timestamptz';

const since = (start: number) => performance.now() - start;

/**
 * Raw better-sqlite3 on a database file of its own in `dir`, with omegats' pragmas (WAL,
 * synchronous=NORMAL): `begin immediate`, create, `insert into t2 select * from t1`, commit.
 * t1 is filled from omegats' table through `attach` of `omegaDb`.
 */
export function sqliteCopyTarget(dir: string, omegaDb: string): RawCopyTarget {
  const db = new Database(join(dir, 'raw-promote.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const step = (sql: string) => {
    const start = performance.now();
    db.exec(sql);
    return since(start);
  };
  return {
    label: 'better-sqlite3',
    op: 'create; insert into t2 select * from t1; 1 transaction',
    async load(omegaTable) {
      db.prepare('attach database ? as omega').run(omegaDb);
      try {
        db.exec(`create table ${SOURCE} (${SQLITE_COLUMNS})`);
        db.exec(`insert into ${SOURCE} select * from omega.${omegaTable}`);
      } finally {
        db.exec('detach database omega');
      }
      return this.count(SOURCE);
    },
    async warm(omegaTable) {
      db.prepare(`select count(*), sum(length(name)) from ${SOURCE}`).get();
      db.prepare('attach database ? as omega').run(omegaDb);
      try {
        db.prepare(`select count(*), sum(length(c4)) from omega.${omegaTable}`).get();
      } finally {
        db.exec('detach database omega');
      }
    },
    async copy(name, { replacing, columnList } = {}) {
      const phases: CopyPhases = { create: 0, insertSelect: 0, key: 0, dropOld: 0, commit: 0 };
      db.exec('begin immediate');
      try {
        phases.create = step(`create table ${tableOf(name)} (${SQLITE_COLUMNS})`);
        phases.insertSelect = step(insertSelect(tableOf(name), columnList));
        if (replacing !== undefined) phases.dropOld = step(`drop table ${tableOf(replacing)}`);
        phases.commit = step('commit');
      } catch (error) {
        if (db.inTransaction) db.exec('rollback');
        throw error;
      }
      return phases;
    },
    async count(name) {
      const table = name === SOURCE ? SOURCE : tableOf(name);
      return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    },
    async drop(name) {
      db.exec(`drop table if exists ${tableOf(name)}`);
    },
    async close() {
      db.exec(`drop table if exists ${SOURCE}`);
      db.close();
    },
  };
}

/**
 * Raw pg on the context's database: begin, create, `insert into t2 select * from t1`, `alter table
 * t2 add primary key (_row)` (omegats builds the same key on its copy), commit. t1 is filled with
 * `insert … select * from` omegats' table, keyed the same way.
 */
export function pgCopyTarget(pool: pg.Pool): RawCopyTarget {
  return {
    label: 'pg',
    op: 'create; insert into t2 select * from t1; add primary key (_row); 1 transaction',
    async load(omegaTable) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query(`create table ${SOURCE} (${PG_COLUMNS})`);
        await client.query(`insert into ${SOURCE} select * from ${omegaTable}`);
        await client.query(`alter table ${SOURCE} add primary key (_row)`);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      return this.count(SOURCE);
    },
    async warm(omegaTable) {
      for (const [table, text] of [
        [SOURCE, 'name'],
        [omegaTable, 'c4'],
      ]) {
        await pool.query(`vacuum (analyze) ${table}`);
        await pool.query(`select count(*), sum(length(${text})) from ${table}`);
      }
    },
    async copy(name, { replacing, columnList } = {}) {
      const phases: CopyPhases = { create: 0, insertSelect: 0, key: 0, dropOld: 0, commit: 0 };
      const client = await pool.connect();
      const step = async (sql: string) => {
        const start = performance.now();
        await client.query(sql);
        return since(start);
      };
      const table = tableOf(name);
      try {
        await client.query('begin');
        phases.create = await step(`create table ${table} (${PG_COLUMNS})`);
        phases.insertSelect = await step(insertSelect(table, columnList));
        phases.key = await step(`alter table ${table} add primary key (_row)`);
        if (replacing !== undefined) phases.dropOld = await step(`drop table ${tableOf(replacing)}`);
        phases.commit = await step('commit');
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      return phases;
    },
    async count(name) {
      const table = name === SOURCE ? SOURCE : tableOf(name);
      const result = await pool.query<{ n: string }>(`select count(*) as n from ${table}`);
      return Number(result.rows[0]?.n);
    },
    async drop(name) {
      await pool.query(`drop table if exists ${tableOf(name)}`);
    },
    async close() {
      await pool.query(`drop table if exists ${SOURCE}`);
    },
  };
}
