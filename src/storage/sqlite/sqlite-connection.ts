import type Database from 'better-sqlite3';
import type { Connection } from '../connection.js';

class SqliteConnection {
  constructor(readonly db: Database.Database) {}
}

export function sqliteConnection(db: Database.Database): Connection {
  return new SqliteConnection(db) as unknown as Connection;
}

/** The better-sqlite3 handle under a connection this engine handed out. */
export function sqliteHandle(conn: Connection): Database.Database {
  if (!((conn as unknown) instanceof SqliteConnection)) throw new Error('not a SQLite connection');
  return (conn as unknown as SqliteConnection).db;
}
