import type { ConditionRegistry } from '../promotion/conditions.js';
import type { BrokerSchedules } from '../schedules/broker-schedules.js';
import type { BlobRef } from '../storage/blob-store.js';
import type { Connection, Db, Engine } from '../storage/engine.js';
import type { Metadata } from './metadata.js';
import type { VersionSelector } from './names.js';

export const STORE_PREFIXES = ['data/', 'models/', 'scripts/', 'jobs/'] as const;
export type StorePrefix = (typeof STORE_PREFIXES)[number];

/** Where a backend reads and writes: one context, one bucket, one store. */
export interface StoreScope {
  readonly engine: Engine;
  readonly context: string;
  readonly bucket: string;
  readonly prefix: StorePrefix;
  /** Conditions the context's config requires of promotions into it, per store (`models`, `datasets`…). */
  readonly promotionConditions?: Readonly<Record<string, readonly string[]>>;
  /** The context's promotion conditions by name (its setup's); the defaults when absent. */
  readonly conditions?: ConditionRegistry;
  /** The broker's job schedulers of the context; null without a broker (then `om scheduler` fires schedules). */
  readonly brokerSchedules?: () => Promise<BrokerSchedules> | null;
}

/** Options of `put` and `get` that the store passes through to the backend. */
export type BackendOptions = Readonly<Record<string, unknown>>;

export interface PutRequest {
  name: string;
  /** The object's current metadata when it exists with this backend's kind. */
  previous: Metadata | null;
  options: BackendOptions;
}

export interface GetRequest {
  meta: Metadata;
  /** `name[a,b]` */
  columns?: readonly string[];
  /** `name@tag`, `name^` */
  version?: VersionSelector;
  options: BackendOptions;
}

/** The write transaction a transactional backend works in; its handles share one connection. */
export interface WriteTransaction {
  readonly scope: StoreScope;
  readonly trx: Db;
  /** The driver connection, opaque: the engine's table driver takes it. */
  readonly raw: Connection;
}

/** How the content of one object reaches another store (a promotion; archives and gc later). */
export interface Transfer {
  /** `none`: shared as it is; `sql`: copied inside one database; `stream`: read and written across. */
  readonly copy: 'none' | 'sql' | 'stream';
  /** Before the target transaction: immutable data the target needs (blob bytes), invisible until committed. */
  stage(): Promise<void>;
  /** Inside the target transaction: writes the content and gives its kindMeta. */
  content(tx: WriteTransaction): Promise<Record<string, unknown>>;
}

export interface TransferSource {
  readonly scope: StoreScope;
  /** The transferred version's metadata. */
  readonly meta: Metadata;
  /** The object itself, for content that has to be read and written again. */
  get(): Promise<unknown>;
}

export interface TransferRequest {
  readonly target: StoreScope;
  /** Source and target share one database (their engines' location). */
  readonly sameDatabase: boolean;
  /** Rows written so far, for content that streams rows. */
  readonly onProgress?: (rows: number) => void;
}

interface BackendBase {
  readonly kind: string;
  /** The stores this backend serves; all when absent. */
  readonly prefixes?: readonly StorePrefix[];
  /** Whether `get` understands a column projection `name[a,b]`. */
  readonly projects?: boolean;
  supports(obj: unknown): boolean;
  get(scope: StoreScope, request: GetRequest): Promise<unknown>;
  /**
   * How this kind's content moves to another store; without it, blobs are shared or copied by
   * their hash and other content is read and written again through the backend (store/transfers.ts).
   */
  transfer?(source: TransferSource, request: TransferRequest): Transfer;
}

/** What a blob backend's put gives: the blob written, and the rest of the object's kindMeta. */
export interface BlobPut {
  readonly blob: BlobRef;
  /** Stored beside the blob's `sha256` and `size` in kindMeta (e.g. a model's library and shapes). */
  readonly meta?: Readonly<Record<string, unknown>>;
}

/**
 * Writes immutable data (content-addressed blobs) before the store commits the metadata row,
 * which makes the object visible; `drop` frees data only the dropped object referenced.
 */
export interface BlobBackend extends BackendBase {
  put(scope: StoreScope, obj: unknown, request: PutRequest): Promise<BlobPut>;
  drop?(scope: StoreScope, meta: Metadata): Promise<void>;
}

/**
 * Writes its data inside the store's metadata transaction (tables: rows appended or a new
 * table switched in), so data and metadata commit together; `release` runs in the transaction
 * that deletes or replaces the object.
 */
export interface TransactionalBackend extends BackendBase {
  write(tx: WriteTransaction, obj: unknown, request: PutRequest): Promise<Record<string, unknown>>;
  release(tx: WriteTransaction, meta: Metadata): Promise<void>;
}

/** Stores one kind of object. */
export type Backend = BlobBackend | TransactionalBackend;

export function isTransactional(backend: Backend): backend is TransactionalBackend {
  return 'write' in backend;
}

/** A short name for the type of a value, for messages. */
export function typeName(obj: unknown): string {
  if (obj === null) return 'null';
  if (typeof obj !== 'object') return typeof obj;
  return (obj as object).constructor?.name ?? 'object';
}
