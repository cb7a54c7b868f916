import { ValidationError } from '../errors.js';
import { referencedBlobs } from '../storage/blob-references.js';
import type { Engine } from '../storage/engine.js';
import type { GcOptions, GcReport } from './types.js';

/** Kept by default: a put writes its blob this long at most before it commits its metadata. */
const DEFAULT_GRACE_SECONDS = 600;
/** File times may trail the clock by a tick; this much more is kept. */
const CLOCK_SLACK_MS = 1_000;

/**
 * Removes the blobs that no object version of the context references (any bucket) and the
 * partial uploads of killed writes (API.md §14). Safe against concurrent puts: the time gc
 * starts is taken before the references are read, and nothing written after it, or within the
 * grace before it (a put between writing its blob and committing its metadata), is removed.
 */
export async function collectGarbage(engine: Engine, options: GcOptions = {}): Promise<GcReport> {
  const grace = options.graceSeconds ?? DEFAULT_GRACE_SECONDS;
  if (typeof grace !== 'number' || !Number.isFinite(grace) || grace < 0) {
    throw new ValidationError(`graceSeconds must be a number of seconds >= 0, got ${String(grace)}`);
  }
  const dryRun = options.dryRun === true;
  const started = new Date();
  const cutoff = new Date(started.getTime() - grace * 1000 - CLOCK_SLACK_MS);
  const referenced = await referencedBlobs(engine.db);
  const swept = await engine.blobs.sweep({ referenced: (sha256) => referenced.has(sha256), cutoff, dryRun });
  return {
    dryRun,
    started,
    blobs: swept.blobs,
    staged: swept.staged,
    freedBytes: swept.blobBytes + swept.stagedBytes,
  };
}
