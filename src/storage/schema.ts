import type { Generated } from 'kysely';

/** One row per stored object; the commit point of every put, drop and promotion. */
export interface MetadataTable {
  bucket: string;
  prefix: string;
  name: string;
  kind: string;
  /** JSON, owned by the backend. */
  kind_meta: string;
  /** JSON, owned by the user. */
  attributes: string;
  /** ISO 8601, UTC. */
  created: string;
  modified: string;
}

/** One version of a model or script; `seq` orders an object's versions, oldest first. */
export interface RevisionTable {
  bucket: string;
  prefix: string;
  name: string;
  seq: number;
  /** The content hash naming the version. */
  version: string;
  kind: string;
  /** JSON: the backend's kindMeta of this version. */
  kind_meta: string;
  /** ISO 8601, UTC. */
  created: string;
}

/** A tag of a model or script naming one of its versions (`latest` is not stored: it is the newest). */
export interface RevisionTagTable {
  bucket: string;
  prefix: string;
  name: string;
  tag: string;
  version: string;
  /** Tags list in the order they were first set. */
  ordinal: number;
}

/** PostgreSQL blob store: one row per content hash, pointing at the upload holding its chunks. */
export interface BlobTable {
  sha256: string;
  size: string | number;
  upload: string;
  created: string;
}

export interface BlobChunkTable {
  upload: string;
  seq: number;
  data: Buffer;
  /** When the chunk was written (migration 0010): gc leaves young uploads alone. */
  written: Generated<Date>;
}

/** The promotion ledger: one row per promotion or rollback into this context. */
export interface PromotionTable {
  seq: Generated<number>;
  id: string;
  at: string;
  user: string;
  action: string;
  /** The target object. */
  bucket: string;
  prefix: string;
  name: string;
  /** The id shared by the records of one bundle promotion (migration 0009); null for a single object. */
  bundle: string | null;
  /** The whole PromotionRecord as JSON. */
  record: string;
}

/** Secrets of the context, by name: `runtime` signs task messages (migration 0005). */
export interface SecretTable {
  name: string;
  /** The current key, hex. */
  value: string;
  /** The key before the last rotation, still accepted for a short while; null before any rotation. */
  previous: string | null;
  /** ISO 8601 time the current key was made. */
  rotated: string;
}

/** An API key of this context: its secret is kept only as a hash (API.md §11). */
export interface KeyTable {
  /** Public part of the key (`omk_<id>_<secret>`): the lookup. */
  id: string;
  name: string;
  /** sha256 of the secret part, hex. */
  secret_sha256: string;
  /** JSON: bucket names, or `["*"]`. */
  buckets: string;
  /** JSON: role names. */
  roles: string;
  /** ISO 8601, UTC. */
  created: string;
  expires: string | null;
  revoked: string | null;
}

/** The audit log: one row per mutating request or key change; `seq` orders them. */
export interface AuditTable {
  seq: Generated<number | string>;
  /** ISO 8601, UTC. */
  at: string;
  /** The caller's key; null for a change made in-process (the CLI). */
  key_id: string | null;
  /** The key's name, or the user of an in-process change. */
  key_name: string;
  method: string;
  route: string;
  object: string | null;
  /** The HTTP status of the response (200 for an in-process change). */
  status: number;
  detail: string | null;
}

/** A schedule of a job or script (src/schedules); times are ISO 8601 UTC, so text order is time order. */
export interface ScheduleTable {
  bucket: string;
  prefix: string;
  name: string;
  cron: string;
  timezone: string;
  /** The plain text the cron expression was read from, if any. */
  text: string | null;
  created: string;
  /** The next time the schedule fires. */
  next_due: string;
  /** The last due time a scheduler or worker claimed (and fired). */
  fired_due: string | null;
}

export interface OmegaSchema {
  omega_metadata: MetadataTable;
  omega_blob: BlobTable;
  omega_blob_chunk: BlobChunkTable;
  omega_promotion: PromotionTable;
  omega_revision: RevisionTable;
  omega_revision_tag: RevisionTagTable;
  omega_secret: SecretTable;
  omega_key: KeyTable;
  omega_audit: AuditTable;
  omega_schedule: ScheduleTable;
}
