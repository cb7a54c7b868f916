import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { IntegrityError } from '../errors.js';

/** A content address: the sha256 of the bytes (hex) and their size. */
export interface BlobRef {
  sha256: string;
  size: number;
}

export type BlobSource = Readable | Uint8Array;

/**
 * Immutable, content-addressed bytes. Writes are atomic (a crash leaves no visible blob);
 * reads are verified against the hash and corrupted bytes are reported, never returned.
 */
export interface BlobStore {
  write(source: BlobSource): Promise<BlobRef>;
  read(sha256: string): Promise<Buffer>;
  /** Streams the bytes; the stream errors with IntegrityError at the end if they do not match. */
  stream(sha256: string): Readable;
  exists(sha256: string): Promise<boolean>;
  /**
   * Marks a stored blob as written now, for a writer about to reference it without writing it
   * (gc keeps what was written after it started); false when it is not stored (any more).
   */
  touch(sha256: string): Promise<boolean>;
  /**
   * Removes (unless `dryRun`) the blobs `plan.referenced` does not name and the partial uploads
   * (killed writes), both only when written before `plan.cutoff`: the garbage collector's sweep.
   */
  sweep(plan: SweepPlan): Promise<SweepResult>;
}

/** What a sweep may remove. */
export interface SweepPlan {
  /** Whether some object version names the blob: it is kept. */
  referenced(sha256: string): boolean;
  /** Blobs and uploads written at or after this time are kept, referenced or not. */
  readonly cutoff: Date;
  readonly dryRun: boolean;
}

/** What a sweep removed (or, dry, would remove). */
export interface SweepResult {
  blobs: number;
  blobBytes: number;
  /** Partial uploads: temporary files, or chunks that no blob points at. */
  staged: number;
  stagedBytes: number;
}

export const BLOB_CHUNK_SIZE = 1024 * 1024;

/**
 * A byte stream over the source. Bytes are streamed as 1 MiB views, not copied, so hashing
 * overlaps writing; the stored hash is always that of the bytes actually written.
 */
export function toReadable(source: BlobSource): Readable {
  if (source instanceof Readable) return source;
  const bytes = Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  return Readable.from(slices(bytes), { objectMode: false });
}

function* slices(bytes: Buffer): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += BLOB_CHUNK_SIZE) yield bytes.subarray(at, at + BLOB_CHUNK_SIZE);
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Checks bytes read back against their hash. */
export function verifyBytes(sha256: string, bytes: Buffer): Buffer {
  const actual = sha256Of(bytes);
  if (actual !== sha256) throw corrupted(sha256, actual);
  return bytes;
}

export function corrupted(sha256: string, actual: string): IntegrityError {
  return new IntegrityError(`blob ${sha256} is corrupted: its bytes hash to ${actual}`);
}

/**
 * The bytes of `chunks`, failing with IntegrityError at their end if they do not hash to
 * `sha256`. Lazy: nothing is read (and no error raised) until the stream is consumed, so an error
 * always reaches whoever reads it; destroying the stream releases `chunks`.
 */
export function verifiedStream(sha256: string, chunks: () => AsyncIterable<Uint8Array>): Readable {
  async function* verified(): AsyncGenerator<Uint8Array> {
    const hash = createHash('sha256');
    for await (const chunk of chunks()) {
      hash.update(chunk);
      yield chunk;
    }
    const actual = hash.digest('hex');
    if (actual !== sha256) throw corrupted(sha256, actual);
  }
  return Readable.from(verified(), { objectMode: false });
}
