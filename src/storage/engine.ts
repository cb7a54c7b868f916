import type { Kysely } from 'kysely';
import type { BlobStore } from './blob-store.js';
import type { Connection, Dialect } from './connection.js';
import type { KeyTable, MetadataTable, OmegaSchema } from './schema.js';
import type { TableDriver } from './tables/table-driver.js';

export type { Connection, Dialect } from './connection.js';
export type Db = Kysely<OmegaSchema>;

/**
 * The database under one context: metadata, dataset tables, blobs. Both engines expose the
 * same Kysely query path; only their folders under storage/ know their SQL dialect and driver,
 * and driver errors leave them typed (errors.ts).
 */
export interface Engine {
  readonly dialect: Dialect;
  readonly db: Db;
  readonly blobs: BlobStore;
  /** Dataset tables, on the connection of a write transaction or a snapshot. */
  readonly tables: TableDriver;
  /** Where the data lives, for messages (no password). */
  readonly location: string;
  /**
   * Runs `fn` in one write transaction. Writers holding the same `locks` are serialised
   * (SQLite serialises all writers anyway); `fn` must use only the handles it is given, which
   * are the same connection.
   */
  write<T>(fn: (trx: Db, raw: Connection) => Promise<T>, locks?: readonly string[]): Promise<T>;
  /**
   * Opens a read-only transaction on a connection of its own, which sees one committed snapshot
   * however long it is used (a cursor over a large table) and blocks no writer. Close it.
   */
  openSnapshot(): Promise<Snapshot>;
  /** The metadata row of one object, outside any transaction: the hot path of every get and task. */
  metadataRow(bucket: string, prefix: string, name: string): Promise<MetadataTable | undefined>;
  /** The row of one API key by its id, outside any transaction: the hot path of every authorized request. */
  keyRow(id: string): Promise<KeyTable | undefined>;
  close(): Promise<void>;
}

/** A read-only view of one committed state of the database. */
export interface Snapshot {
  readonly raw: Connection;
  close(): Promise<void>;
}
