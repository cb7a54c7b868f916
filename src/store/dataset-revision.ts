import type { Metadata } from './metadata.js';

/**
 * The revision a write to a dataset gives it: 1 for the first write, then one more than the
 * object had (across kinds and `replace` too, so a revision never repeats while the dataset
 * exists). A dataset written before revisions existed counts from 1 again.
 */
export function nextRevision(existing: Metadata | null): number {
  const current = existing?.kindMeta.revision;
  return (typeof current === 'number' && Number.isSafeInteger(current) && current > 0 ? current : 0) + 1;
}

/** A dataset's revision as its metadata gives it; null when it has none (written before revisions existed). */
export function revisionOf(meta: Pick<Metadata, 'kindMeta'> | null): number | null {
  const revision = meta?.kindMeta.revision;
  return typeof revision === 'number' && Number.isSafeInteger(revision) ? revision : null;
}
