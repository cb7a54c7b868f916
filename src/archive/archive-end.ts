import type { StorePrefix, StoreScope } from '../store/backend.js';
import type { ObjectReader } from '../store/object-reader.js';
import type { BackendRegistry } from '../store/registry.js';

/** A store as archives see it: its public face, its scope and backends, and whether it keeps versions. */
export interface ArchiveEnd {
  readonly store: ObjectReader;
  readonly scope: StoreScope;
  readonly registry: BackendRegistry;
  readonly versioned: boolean;
}

/** What an export takes from one store: the objects `pattern` names (`*` as in list, `m@tag` for one version). */
export interface ArchiveSelection {
  readonly end: ArchiveEnd;
  readonly pattern: string;
}

/** Which store a member of an archive goes into; null when the import leaves that store out. */
export type ArchiveTargets = (prefix: StorePrefix) => ArchiveEnd | null;
