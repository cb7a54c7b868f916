import type { TrainingRole } from '../models/training-record.js';
import type { PromotionRecord } from '../promotion/types.js';
import type { Metadata } from '../store/metadata.js';
import type { RevisionInfo } from '../store/versions.js';

/** What lineage reads of a context handle (an `Omega` is one). */
export interface LineageScope {
  readonly context: string;
  readonly bucketName: string;
  bucket(name: string): LineageScope;
  readonly models: VersionedLineageStore;
  readonly scripts: VersionedLineageStore;
  readonly datasets: LineageStore;
  readonly jobs: LineageStore;
}

/** The reading face of a store lineage uses. */
export interface LineageStore {
  metadata(name: string): Promise<Metadata | null>;
  promotions(name?: string): Promise<PromotionRecord[]>;
  bundlePromotions(bundle: string): Promise<PromotionRecord[]>;
}

export interface VersionedLineageStore extends LineageStore {
  revisions(name: string): Promise<RevisionInfo[]>;
}

/** An opened context, which lineage closes when it is done with it. */
export type OpenedScope = LineageScope & { close(): Promise<void> };

/** Opens another context by name (the source of a promotion); throws when it cannot. */
export type ContextOpener = (context: string) => Promise<OpenedScope>;

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
  /** A bundle promotion: the other objects it promoted in the same transaction (from the ledger). */
  bundledWith?: PromotionRecord['target'][];
  /**
   * The source object's lineage (its own promotions included): when the source is another
   * bucket of this context, or a context the config defines. Null otherwise, with `note` saying why.
   */
  source: Lineage | null;
  note?: string;
}
