import type { MetadataTable } from '../storage/schema.js';

/** What the store knows about one object (API.md §3). */
export interface Metadata {
  name: string;
  bucket: string;
  prefix: string;
  kind: string;
  /** Owned by the backend (columns, types, version, fitted…). */
  kindMeta: Record<string, unknown>;
  /** The user's, plus well-known keys such as `require`. */
  attributes: Record<string, unknown>;
  created: Date;
  modified: Date;
}

export function fromRow(row: MetadataTable): Metadata {
  return {
    name: row.name,
    bucket: row.bucket,
    prefix: row.prefix,
    kind: row.kind,
    kindMeta: JSON.parse(row.kind_meta) as Record<string, unknown>,
    attributes: JSON.parse(row.attributes) as Record<string, unknown>,
    created: new Date(row.created),
    modified: new Date(row.modified),
  };
}

export function toRow(meta: Metadata): MetadataTable {
  return {
    name: meta.name,
    bucket: meta.bucket,
    prefix: meta.prefix,
    kind: meta.kind,
    kind_meta: JSON.stringify(meta.kindMeta),
    attributes: JSON.stringify(meta.attributes),
    created: meta.created.toISOString(),
    modified: meta.modified.toISOString(),
  };
}
