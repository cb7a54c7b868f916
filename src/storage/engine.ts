import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { BlobStore } from './blob-store.js';
import type { MetadataTable, OmegaSchema } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<OmegaSchema>;

/** The driver connection under a query-builder handle, for bulk paths (prepared inserts, COPY, cursors). */
export type RawConnection =
  | { readonly dialect: 'sqlite'; readonly db: Database.Database }
  | { readonly dialect: 'postgres'; readonly client: pg.PoolClient };

/**
 * The database under one context: metadata, dataset tables, blobs. Both engines expose the
 * same Kysely query path; only their folders under storage/ know their SQL dialect.
 */
export interface Engine {
  readonly dialect: Dialect;
  readonly db: Db;
  readonly blobs: BlobStore;
  /** Where the data lives, for messages (no password). */
  readonly location: string;
  /**
   * Runs `fn` in one write transaction. Writers holding the same `locks` are serialised
   * (SQLite serialises all writers anyway); `fn` must use only the handles it is given, which
   * are the same connection.
   */
  write<T>(fn: (trx: Db, raw: RawConnection) => Promise<T>, locks?: readonly string[]): Promise<T>;
  /**
   * Opens a read-only transaction on a connection of its own, which sees one committed snapshot
   * however long it is used (a cursor over a large table) and blocks no writer. Close it.
   */
  openSnapshot(): Promise<Snapshot>;
  /** The metadata row of one object, outside any transaction: the hot path of every get and task. */
  metadataRow(bucket: string, prefix: string, name: string): Promise<MetadataTable | undefined>;
  close(): Promise<void>;
}

/** A read-only view of one committed state of the database. */
export interface Snapshot {
  readonly raw: RawConnection;
  close(): Promise<void>;
}
