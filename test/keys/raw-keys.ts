// Direct access to a context's key table, bypassing omegats: to see what is stored of a key and
// to make a key expired without waiting for it. Not a test file itself.
import Database from 'better-sqlite3';
import pg from 'pg';
import type { StoreLocation } from '../../src/config/urls.js';

export interface RawKeyRow {
  id: string;
  name: string;
  secret_sha256: string;
  expires: string | null;
  revoked: string | null;
}

export interface RawKeys {
  /** Every stored key row, as it is in the database. */
  rows(): Promise<RawKeyRow[]>;
  /** Sets a key's expiry behind the store's back (to the past: an expired key). */
  setExpires(id: string, at: Date): Promise<void>;
}

/** The key table of the store at `location` (an open context's `om.spec.store`). */
export function rawKeys(location: StoreLocation): RawKeys {
  if (location.engine === 'sqlite') {
    const run = <T>(work: (db: Database.Database) => T): T => {
      const db = new Database(location.path, { fileMustExist: true });
      try {
        return work(db);
      } finally {
        db.close();
      }
    };
    return {
      rows: async () => run((db) => db.prepare('select * from omega_key order by created').all() as RawKeyRow[]),
      setExpires: async (id, at) => {
        run((db) => db.prepare('update omega_key set expires = ? where id = ?').run(at.toISOString(), id));
      },
    };
  }
  const run = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: location.url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    rows: () =>
      run(async (client) => (await client.query('select * from omega_key order by created')).rows as RawKeyRow[]),
    setExpires: (id, at) =>
      run(async (client) => {
        await client.query('update omega_key set expires = $1 where id = $2', [at.toISOString(), id]);
      }),
  };
}
