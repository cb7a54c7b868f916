import { IntegrityError, ValidationError } from '../errors.js';
import type { BlobRef } from '../storage/blob-store.js';
import type { BlobPut } from './backend.js';
import type { Metadata } from './metadata.js';

/** The kindMeta a blob backend's put is stored as: its own meta, with the blob's `sha256` and `size`. */
export function blobKindMeta(put: BlobPut): Record<string, unknown> {
  const { blob, meta } = put ?? {};
  if (typeof blob?.sha256 !== 'string' || typeof blob.size !== 'number') {
    throw new ValidationError("a blob backend's put must give { blob, meta }, the blob as blobs.write returns it");
  }
  return { ...meta, sha256: blob.sha256, size: blob.size };
}

/** The blob an object's kindMeta names; null when it names none. */
export function blobOf(meta: Pick<Metadata, 'kindMeta'>): BlobRef | null {
  const { sha256, size } = meta.kindMeta;
  return typeof sha256 === 'string' && typeof size === 'number' ? { sha256, size } : null;
}

/** The sha256 of the blob holding an object's bytes, for a blob backend's get. */
export function blobHash(meta: Pick<Metadata, 'kindMeta' | 'prefix' | 'name'>): string {
  const blob = blobOf(meta);
  if (!blob) throw new IntegrityError(`${meta.prefix}${meta.name} has damaged metadata: it names no blob`);
  return blob.sha256;
}
