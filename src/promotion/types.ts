import type { Metadata } from '../store/metadata.js';

export interface PromoteOptions {
  /** The name in the target (default: the source's base name). */
  asName?: string;
  /** Models: start the target's history anew instead of adding a version to it. */
  drop?: boolean;
  /** Evaluate the conditions and return the plan; write nothing. */
  dryRun?: boolean;
  /** Conditions required on top of those the target context's config requires. */
  conditions?: string[];
  /** Recorded in the ledger. */
  message?: string;
  /** Who the ledger records as promoting (the REST API: the key's name); default OMEGA_USER, else the OS user. */
  user?: string;
  /** Called with each number of rows streamed (tables across contexts). */
  onProgress?: (rows: number) => void;
  /**
   * Models: `'datasets'` promotes the model together with the datasets its fit recorded, in one
   * target transaction (a bundle; API.md §14). Another store, or another value: a ValidationError.
   */
  with?: 'datasets';
}

export interface ConditionResult {
  name: string;
  passed: boolean;
  detail?: string;
}

/** Where an object is: context, bucket, store prefix and name (and model version). */
export interface ObjectAddress {
  context: string;
  bucket: string;
  prefix: string;
  name: string;
  version?: string;
}

/** One promotion or rollback, as the target context's ledger keeps it (API.md §7). */
export interface PromotionRecord {
  id: string;
  at: Date;
  user: string;
  action: 'promote' | 'rollback';
  source?: ObjectAddress;
  target: Omit<ObjectAddress, 'version'>;
  /** The version the target has now (models and scripts). */
  version?: string;
  /** The version the target had before (null: there was no object). */
  previousVersion?: string | null;
  /** True when the target's latest already was `version`: no version was added (tags and attributes are still carried). */
  unchanged?: boolean;
  conditions: ConditionResult[];
  message?: string;
  /** The id the records of one bundle promotion share; absent for a promotion of one object. */
  bundle?: string;
}

/** What a promotion does, as a dry run reports it. */
export interface PromotionPlan {
  /** `create`: the target does not exist; `replace`: it is replaced; `add-version`: a model gains a version. */
  action: 'create' | 'replace' | 'add-version';
  source: ObjectAddress;
  target: Omit<ObjectAddress, 'version'>;
  kind: string;
  /** Bytes of the promoted content (blobs), when known. */
  bytes?: number;
  /** Rows of the promoted table. */
  rows?: number;
  /** `none`: same database, content shared; `sql`: a table copied in SQL; `stream`: data streamed across contexts. */
  copy: 'none' | 'sql' | 'stream';
}

export interface PromotionResult {
  /** The target's metadata after the promotion; null for a dry run. */
  metadata: Metadata | null;
  dryRun: boolean;
  conditions: ConditionResult[];
  record?: PromotionRecord;
  plan: PromotionPlan;
  /** Models and scripts: the target's latest already is the promoted version (of a dry run: would be), so none is added. */
  unchanged: boolean;
  /**
   * A bundle promotion (`with: 'datasets'`, not a dry run): the id its ledger records share.
   * The result's own fields are the model's, except `conditions`, which holds every member's.
   */
  bundle?: string;
  /** A bundle promotion: every member, the model first, then its datasets, each with its own plan, conditions and record. */
  members?: BundleMember[];
}

/** One object of a bundle promotion, as the result reports it. */
export interface BundleMember extends Omit<PromotionResult, 'bundle' | 'members'> {
  role: 'model' | 'dataset';
  /** Datasets: the revision the model's fit read, and whether the dataset was written since (then other data travels). */
  trainedRevision?: number | null;
  changedSinceFit?: boolean | null;
}
