import type { StorePrefix } from './backend.js';
import type { ListOptions } from './list-filter.js';
import type { Metadata } from './metadata.js';
import type { GetOptions } from './store-options.js';
import type { RevisionInfo } from './versions.js';

/** The read face of a store, as promotion and its conditions see it; every Store is one. */
export interface ObjectReader {
  readonly prefix: StorePrefix;
  readonly bucket: string;
  readonly context: string;
  get(name: string, options?: GetOptions): Promise<unknown>;
  metadata(name: string): Promise<Metadata | null>;
  exists(name: string): Promise<boolean>;
  list(pattern?: string, options?: ListOptions & { raw?: false }): Promise<string[]>;
  revisions(name: string): Promise<RevisionInfo[]>;
}
