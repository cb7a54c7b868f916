import { join } from 'node:path';
import Database from 'better-sqlite3';
import type pg from 'pg';

/** Somewhere a JSON object can be put under a name and got back. */
export interface JsonTarget {
  readonly label: string;
  put(name: string, value: unknown): Promise<void>;
  get(name: string): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Raw better-sqlite3: its own database file in `dir`, with the pragmas omegats' engine uses
 * (WAL, synchronous=NORMAL); one prepared upsert / select of `(name, body)` per object.
 */
export function sqliteJsonTarget(dir: string): JsonTarget {
  const db = new Database(join(dir, 'raw-json.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('create table if not exists bench_json (name text primary key, body text not null)');
  const upsert = db.prepare<[string, string]>(
    'insert into bench_json (name, body) values (?, ?) on conflict (name) do update set body = excluded.body',
  );
  const select = db.prepare<[string], { body: string }>('select body from bench_json where name = ?');
  return {
    label: 'better-sqlite3 prepared upsert/select',
    async put(name, value) {
      upsert.run(name, JSON.stringify(value));
    },
    async get(name) {
      const row = select.get(name);
      return row ? (JSON.parse(row.body) as unknown) : undefined;
    },
    async close() {
      db.close();
    },
  };
}

/** Raw pg: one INSERT … ON CONFLICT and one SELECT per object through a pg.Pool. */
export async function pgJsonTarget(pool: pg.Pool): Promise<JsonTarget> {
  await pool.query('create table bench_json (name text primary key, body text not null)');
  return {
    label: 'pg.Pool insert…on conflict/select',
    async put(name, value) {
      await pool.query(
        'insert into bench_json (name, body) values ($1, $2) on conflict (name) do update set body = excluded.body',
        [name, JSON.stringify(value)],
      );
    },
    async get(name) {
      const result = await pool.query<{ body: string }>('select body from bench_json where name = $1', [name]);
      const row = result.rows[0];
      return row ? (JSON.parse(row.body) as unknown) : undefined;
    },
    async close() {},
  };
}
