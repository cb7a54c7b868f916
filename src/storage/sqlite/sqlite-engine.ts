import { mkdirSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { BlobStore } from '../blob-store.js';
import type { Db, Engine } from '../engine.js';
import { migrate } from '../migrations.js';
import type { OmegaSchema } from '../schema.js';
import { FileBlobStore } from './file-blob-store.js';

const BUSY_TIMEOUT_MS = 15_000;

/** The embedded engine: one SQLite file in WAL mode, blobs as files in `<db>.blobs/` beside it. */
export class SqliteEngine implements Engine {
  readonly dialect = 'sqlite' as const;
  readonly db: Db;
  readonly blobs: BlobStore;
  readonly location: string;
  /** The raw connection, for bulk paths that bypass the query builder. */
  readonly raw: Database.Database;

  private constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.location = `sqlite:${path}`;
    this.raw = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    this.raw.pragma('journal_mode = WAL');
    this.raw.pragma('synchronous = NORMAL');
    this.raw.pragma('foreign_keys = ON');
    this.db = new Kysely<OmegaSchema>({ dialect: new SqliteDialect({ database: this.raw }) });
    this.blobs = new FileBlobStore(join(dirname(path), `${basename(path, extname(path))}.blobs`));
  }

  static async open(path: string): Promise<SqliteEngine> {
    const engine = new SqliteEngine(path);
    try {
      await migrate(engine);
    } catch (error) {
      await engine.close();
      throw error;
    }
    return engine;
  }

  /** BEGIN IMMEDIATE takes the write lock up front, so busy_timeout applies instead of a deadlock error. */
  write<T>(fn: (trx: Db) => Promise<T>): Promise<T> {
    return this.db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await fn(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        await sql`rollback`.execute(conn);
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
