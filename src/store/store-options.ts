import type { TrainingRecord } from '../models/training-record.js';
import type { BackendOptions } from './backend.js';

export interface PutOptions extends BackendOptions {
  /** Merged (shallowly) into the existing attributes. */
  attributes?: Record<string, unknown>;
  /** Forces a backend instead of choosing by `supports(obj)`. */
  kind?: string;
  /** Replaces the old object (data and attributes) instead of appending or merging. */
  replace?: boolean;
  /** Models and scripts: a tag to move to the new version (`latest` always names the newest). */
  tag?: string;
  /** Tables: false replaces the rows of an existing table; by default a put appends. */
  append?: boolean;
  /** Tables: columns to index. */
  index?: readonly string[];
  /**
   * Models: the datasets (and their revisions) the model was trained on, kept with the version
   * in `kindMeta.trainedOn`; the runtime's fit sets it.
   */
  trainedOn?: TrainingRecord;
}

export interface GetOptions extends BackendOptions {
  /** `stream` for files; `rows` (default), `columns` or `arrow` for tables. */
  as?: string;
  /** Tables: conditions such as `{ region: 'EU', amount__gte: 10 }` (API.md §4). */
  filter?: Readonly<Record<string, unknown>>;
  /** Tables: the columns to return. */
  columns?: readonly string[];
  /** Tables: sort keys, `-name` for descending. */
  sort?: readonly string[];
  limit?: number;
  offset?: number;
}

export interface DropOptions {
  /** A missing object returns false instead of throwing NotFoundError. */
  force?: boolean;
}
