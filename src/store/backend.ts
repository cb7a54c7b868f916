import type { Engine } from '../storage/engine.js';
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

/**
 * Stores one kind of object. `put` writes the data (immutable blobs, new tables) and returns
 * the kindMeta; the object becomes visible only when the store commits its metadata row.
 */
export interface Backend {
  readonly kind: string;
  /** The stores this backend serves; all when absent. */
  readonly prefixes?: readonly StorePrefix[];
  /** Whether `get` understands a column projection `name[a,b]`. */
  readonly projects?: boolean;
  supports(obj: unknown): boolean;
  put(scope: StoreScope, obj: unknown, request: PutRequest): Promise<Record<string, unknown>>;
  get(scope: StoreScope, request: GetRequest): Promise<unknown>;
  /** Releases data only this object referenced, after its metadata row was deleted. */
  drop?(scope: StoreScope, meta: Metadata): Promise<void>;
}

/** A short name for the type of a value, for messages. */
export function typeName(obj: unknown): string {
  if (obj === null) return 'null';
  if (typeof obj !== 'object') return typeof obj;
  return (obj as object).constructor?.name ?? 'object';
}
