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
  columns?: string[];
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

interface BackendBase {
  readonly kind: string;
  /** The stores this backend serves; all when absent. */
  readonly prefixes?: readonly StorePrefix[];
  /** Whether `get` understands a column projection `name[a,b]`. */
  readonly projects?: boolean;
  supports(obj: unknown): boolean;
  get(scope: StoreScope, request: GetRequest): Promise<unknown>;
}

/**
 * Writes immutable data (content-addressed blobs) before the store commits the metadata row,
 * which makes the object visible; `drop` frees data only the dropped object referenced.
 */
export interface BlobBackend extends BackendBase {
  put(scope: StoreScope, obj: unknown, request: PutRequest): Promise<Record<string, unknown>>;
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
