import type { TrainingRole } from '../models/training-record.js';
import type { PromotionRecord } from '../promotion/types.js';

/** Where an object lives. */
export interface LineageAddress {
  context: string;
  bucket: string;
  prefix: string;
  name: string;
}

/** What `om.lineage(name)` gives (API.md §14): the model's versions, their training data, and where it came from. */
export interface Lineage {
  object: LineageAddress;
  /** Every version, oldest first (a version made latest again by a rollback or promotion is listed again). */
  versions: VersionLineage[];
  /** Promotions and rollbacks into this object, from the ledger of its context, oldest first. */
  promotions: LineagePromotion[];
}

export interface VersionLineage {
  version: string;
  /** The tags on this entry (as `revisions()` gives them), `latest` included. */
  tags: string[];
  created: Date;
  /** The datasets the fit that made this version read; empty when it was put, not fitted by the runtime. */
  trainedOn: TrainingLineage[];
}

/** One dataset a version was trained on, then and now. */
export interface TrainingLineage {
  role: TrainingRole;
  context: string;
  bucket: string;
  /** The name as the fit was given it, projection included. */
  name: string;
  /** The dataset's name without a projection. */
  dataset: string;
  /** Its revision when the fit read it; null when unknown. */
  revision: number | null;
  /** Its revision now; null when it no longer exists (or its context cannot be reached). */
  currentRevision: number | null;
  /** Whether the dataset was written (or dropped) since the fit; null when that cannot be told. */
  changed: boolean | null;
  /** Why `changed` is null or the dataset could not be looked at, when it is. */
  note?: string;
}

/** A ledger record of the object, and the lineage of its source when that can be reached. */
export interface LineagePromotion {
  record: PromotionRecord;
  /**
   * The source object's lineage (its own promotions included): when the source is another
   * bucket of this context, or a context the config defines. Null otherwise, with `note` saying why.
   */
  source: Lineage | null;
  note?: string;
}
