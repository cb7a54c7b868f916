import type { Kysely } from 'kysely';
import type { BlobStore } from './blob-store.js';
import type { OmegaSchema } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<OmegaSchema>;

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
   * (SQLite serialises all writers anyway); `fn` must use only the handle it is given.
   */
  write<T>(fn: (trx: Db) => Promise<T>, locks?: readonly string[]): Promise<T>;
  close(): Promise<void>;
}
