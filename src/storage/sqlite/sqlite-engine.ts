import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { IntegrityError, UnavailableError } from '../../errors.js';
import { makeFolderSync } from '../../util/make-folder.js';
import type { BlobStore } from '../blob-store.js';
import type { Connection } from '../connection.js';
import type { Db, Engine, Snapshot } from '../engine.js';
import { Kysely, SqliteDialect, sql } from '../kysely.js';
import { hasMigrationTable, migrate } from '../migrations.js';
import type { KeyTable, MetadataTable, OmegaSchema } from '../schema.js';
import { CommittedReads, type CommittedRows } from './committed-rows.js';
import { FileBlobStore } from './file-blob-store.js';
import { sqliteConnection } from './sqlite-connection.js';
import { sqliteError } from './sqlite-errors.js';
import { SqliteTables } from './sqlite-tables.js';
import { cachingStatements } from './statement-cache.js';

const BUSY_TIMEOUT_MS = 15_000;
const IDLE_READERS = 4;
/** Joins the parts of a cached row's key (none of them can hold it). */
const KEY_SEPARATOR = '\u001f';

/**
 * The tail of the write queue of each database file in this process. better-sqlite3 waits for a
 * busy lock synchronously, so a second connection of the same process must never ask for the
 * write lock while the first holds it across an await: that would freeze the event loop, and the
 * holder with it, until busy_timeout expires (SQLITE_BUSY).
 */
const writeQueues = new Map<string, Promise<unknown>>();

/**
 * Switches a connection to WAL. The switch needs an exclusive lock, and SQLite answers SQLITE_BUSY
 * at once, without its busy handler, when another process is switching the same new file at the
 * same moment: retry until the busy timeout.
 */
function enterWalMode(db: Database.Database): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

/** The embedded engine: one SQLite file in WAL mode, blobs as files in `<db>.blobs/` beside it. */
export class SqliteEngine implements Engine {
  readonly dialect = 'sqlite' as const;
  readonly db: Db;
  readonly blobs: BlobStore;
  readonly tables = new SqliteTables();
  readonly location: string;

  private readonly raw: Database.Database;
  private readonly connection: Connection;

  private readonly path: string;
  private readonly blobRoot: string;
  /** The batched reads of cached rows on `raw`, made on first use. */
  private committedReads: CommittedReads | undefined;
  private metadataRows: CommittedRows<Readonly<MetadataTable>> | undefined;
  private keyRows: CommittedRows<Readonly<KeyTable>> | undefined;
  /** Read connections kept open between snapshots. */
  private readonly idleReaders: Database.Database[] = [];

  private constructor(path: string) {
    this.path = resolve(path);
    makeFolderSync(dirname(this.path));
    this.location = `sqlite:${path}`;
    this.raw = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    enterWalMode(this.raw);
    this.raw.pragma('synchronous = NORMAL');
    this.raw.pragma('foreign_keys = ON');
    this.connection = sqliteConnection(this.raw);
    this.db = new Kysely<OmegaSchema>({ dialect: new SqliteDialect({ database: cachingStatements(this.raw) }) });
    this.blobRoot = join(dirname(path), `${basename(path, extname(path))}.blobs`);
    this.blobs = new FileBlobStore(this.blobRoot);
  }

  /**
   * One prepared statement, straight on the driver (a third of the time of the query builder),
   * its rows kept while the database is unchanged (see CommittedReads). While a write transaction
   * holds the connection, the query builder's path waits for it to end, so no reader ever sees an
   * uncommitted row.
   */
  metadataRow(bucket: string, prefix: string, name: string): Promise<MetadataTable | undefined> {
    if (this.raw.inTransaction) return this.metadataQuery(bucket, prefix, name);
    this.metadataRows ??= this.committedRows(
      'select * from omega_metadata where bucket = ? and prefix = ? and name = ?',
      (key) => this.metadataQuery(...(key.split(KEY_SEPARATOR) as [string, string, string])),
    );
    return this.metadataRows.read(`${bucket}${KEY_SEPARATOR}${prefix}${KEY_SEPARATOR}${name}`);
  }

  /** As metadataRow: a revoked key counts from the next request, however many requests share a check. */
  keyRow(id: string): Promise<KeyTable | undefined> {
    if (this.raw.inTransaction) return this.keyQuery(id);
    this.keyRows ??= this.committedRows('select * from omega_key where id = ?', (key) => this.keyQuery(key));
    return this.keyRows.read(id);
  }

  private metadataQuery(bucket: string, prefix: string, name: string): Promise<MetadataTable | undefined> {
    return this.db
      .selectFrom('omega_metadata')
      .selectAll()
      .where((eb) => eb.and({ bucket, prefix, name }))
      .executeTakeFirst();
  }

  private keyQuery(id: string): Promise<KeyTable | undefined> {
    return this.db.selectFrom('omega_key').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Cached rows of one table by key: `select` takes the key's parts as its parameters. */
  private committedRows<T extends object>(
    select: string,
    whileWriting: (key: string) => Promise<T | undefined>,
  ): CommittedRows<Readonly<T>> {
    const statement = this.raw.prepare(select);
    this.committedReads ??= new CommittedReads(this.raw);
    return this.committedReads.table<Readonly<T>>(
      (key) => Object.freeze(statement.get(...key.split(KEY_SEPARATOR)) as T | undefined),
      whileWriting,
    );
  }

  static async open(path: string): Promise<SqliteEngine> {
    let engine: SqliteEngine | undefined;
    try {
      engine = new SqliteEngine(path);
      await engine.refuseLostSchema();
      await migrate(engine);
      return engine;
    } catch (error) {
      await engine?.close();
      if (error instanceof IntegrityError) throw error;
      throw new UnavailableError(`cannot open SQLite store ${path}: ${(error as Error).message}`, { cause: error });
    }
  }

  /**
   * A database without a schema is a new context only if no blob lies beside it: otherwise the
   * file was truncated or replaced, and opening it as an empty context would hide the data.
   */
  private async refuseLostSchema(): Promise<void> {
    if (!existsSync(this.blobRoot) || (await hasMigrationTable(this.db, this.dialect))) return;
    const files = readdirSync(this.blobRoot, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    if (files.length === 0) return;
    throw new IntegrityError(
      `the SQLite database ${this.path} has no schema, but ${files.length} blob file(s) lie in ${this.blobRoot}: ` +
        'the database file was truncated or replaced; restore it from a backup',
    );
  }

  /** BEGIN IMMEDIATE takes the write lock up front, so busy_timeout applies instead of a deadlock error. */
  write<T>(fn: (trx: Db, raw: Connection) => Promise<T>): Promise<T> {
    const previous = writeQueues.get(this.path) ?? Promise.resolve();
    const result = previous
      .then(() => this.transaction(fn))
      .catch((error: unknown) => {
        throw sqliteError(error);
      });
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    writeQueues.set(this.path, tail);
    void tail.then(() => {
      if (writeQueues.get(this.path) === tail) writeQueues.delete(this.path);
    });
    return result;
  }

  private transaction<T>(fn: (trx: Db, raw: Connection) => Promise<T>): Promise<T> {
    return this.db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await fn(conn, this.connection);
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        await sql`rollback`.execute(conn);
        throw error;
      }
    });
  }

  /** A second connection sees only committed data, never the open write transaction of `raw`. */
  async openSnapshot(): Promise<Snapshot> {
    const reader = this.idleReaders.pop() ?? this.openReader();
    reader.exec('begin');
    return {
      raw: sqliteConnection(reader),
      close: async () => {
        if (reader.inTransaction) reader.exec('rollback');
        if (this.idleReaders.length < IDLE_READERS && this.raw.open) this.idleReaders.push(reader);
        else reader.close();
      },
    };
  }

  private openReader(): Database.Database {
    const reader = new Database(this.path, { timeout: BUSY_TIMEOUT_MS });
    reader.pragma('query_only = ON');
    return reader;
  }

  async close(): Promise<void> {
    for (const reader of this.idleReaders.splice(0)) reader.close();
    await this.db.destroy();
  }
}
